import { toIntegrationEvent } from '@baton/messaging';
import { webhookOutboxProjection } from '@baton/platform';
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
 * (an outbox): the same integration events as on the bus, so an agency's own system sees what Baton publishes.
 */
export const relayWebhookOutbox = webhookOutboxProjection({
  name: 'relay.webhook-outbox',
  filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
  deliveriesOf: (recorded) =>
    casePublications(recorded).map((publication, index) => {
      const data = publication.data as Record<string, unknown>;
      return {
        event: toIntegrationEvent('/baton/relay', recorded, publication, String(data.firmId), index),
        agencies: agenciesConcerned(data),
      };
    }),
});
