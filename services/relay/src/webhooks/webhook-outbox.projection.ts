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
    // One statement per batch: every publication with the agencies it concerns, joined to their subscriptions.
    const ids: string[] = [];
    const types: string[] = [];
    const payloads: string[] = [];
    const agencies: string[] = [];
    for (const recorded of events) {
      for (const [index, publication] of casePublications(recorded).entries()) {
        const data = publication.data as Record<string, unknown>;
        const event = toIntegrationEvent('/baton/relay', recorded, publication, String(data.firmId), index);
        ids.push(event.id);
        types.push(event.type);
        payloads.push(JSON.stringify(event));
        agencies.push(JSON.stringify(agenciesConcerned(data)));
      }
    }
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
       SELECT s.subscription_id, e.id, e.type, e.payload
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::jsonb[]) WITH ORDINALITY AS e(id, type, payload, agencies, n)
         JOIN webhook_subscriptions s
           ON s.active AND s.agency_id::text IN (SELECT jsonb_array_elements_text(e.agencies))
          AND (cardinality(s.event_types) = 0 OR e.type = ANY(s.event_types))
        ORDER BY e.n, s.subscription_id
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [ids, types, payloads, agencies],
    );
  },
  async reset() {
    // Deliveries are a log of what was sent: a rebuild adds only what is missing (see the unique key).
  },
};
