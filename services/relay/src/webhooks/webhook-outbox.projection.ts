import type { RecordedEvent } from '@baton/eventsourcing';
import { toIntegrationEvent } from '@baton/messaging';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { casePublications } from '../cases/case.published';
import { CASE_STREAM_PREFIX } from '../cases/case.events';

const AGENCY_FIELDS = [
  'holderAgencyId',
  'fromAgencyId',
  'toAgencyId',
  'escalatedToAgencyId',
  'sharedWithAgencyId',
  'recordedByAgencyId',
] as const;

/** The agencies a published case event concerns: they are the ones whose webhooks receive it. */
export function agenciesConcerned(data: Record<string, unknown>): string[] {
  const named = AGENCY_FIELDS.map((f) => data[f]).filter((v): v is string => typeof v === 'string');
  const notify = Array.isArray(data.notifyAgencyIds) ? (data.notifyAgencyIds as string[]) : [];
  return [...new Set([...named, ...notify])];
}

/**
 * Case events → one webhook delivery per subscribed agency concerned, written in the runner's transaction
 * (an outbox): the same integration events as on the bus, so an agency's own system sees what Baton
 * publishes. Deliveries are not disposable: a rebuild re-derives them and the unique key keeps one each.
 */
export const webhookOutboxProjection: Projection = {
  name: 'relay.webhook-outbox',
  filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const publications = casePublications(recorded);
      for (const [index, publication] of publications.entries()) {
        const data = publication.data as Record<string, unknown>;
        const event = toIntegrationEvent('/baton/relay', recorded, publication, String(data.firmId), index);
        await manager.query(
          `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
           SELECT subscription_id, $1, $2, $3 FROM webhook_subscriptions
           WHERE active AND agency_id = ANY($4::uuid[]) AND (cardinality(event_types) = 0 OR $2 = ANY(event_types))
           ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [event.id, event.type, event, agenciesConcerned(data)],
        );
      }
    }
  },
  async reset() {
    // Deliveries are a log of what was sent: a rebuild adds only what is missing (see the unique key).
  },
};
