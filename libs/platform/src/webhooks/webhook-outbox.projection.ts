import type { RecordedEvent } from '@baton/eventsourcing';
import type { EventFilter } from '@baton/eventstore';
import type { IntegrationEvent } from '@baton/messaging';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';

/** One integration event to deliver, and the agencies whose webhooks receive it. */
export interface WebhookDelivery {
  readonly event: IntegrationEvent;
  readonly agencies: readonly string[];
}

export interface WebhookOutboxOptions {
  /** The projection's name, e.g. `relay.webhook-outbox` (in a combined runner, or its own checkpoint). */
  readonly name: string;
  /** Which stored events to read (the service's stream prefixes). */
  readonly filter?: EventFilter;
  /**
   * A stored event's deliveries: the same integration events the service publishes on the bus (build them
   * with `toIntegrationEvent`, so the ids match), each with the agencies it concerns. None: nothing is sent.
   */
  readonly deliveriesOf: (recorded: RecordedEvent) => readonly WebhookDelivery[];
}

/**
 * Stored events → one webhook delivery per active subscription of an agency concerned (and of the event's
 * type, or of every type), written in the runner's transaction: an outbox the `WebhookDispatcher` sends.
 * Deliveries are not disposable: a rebuild re-derives them and the unique (subscription, event) key keeps
 * one each, so `reset` empties nothing.
 */
export function webhookOutboxProjection(options: WebhookOutboxOptions): Projection {
  return {
    name: options.name,
    filter: options.filter,
    async apply(events: readonly RecordedEvent[], manager: EntityManager) {
      // One statement per batch: every event with the agencies it concerns, joined to their subscriptions.
      const ids: string[] = [];
      const types: string[] = [];
      const payloads: string[] = [];
      const agencies: string[] = [];
      for (const recorded of events) {
        for (const { event, agencies: concerned } of options.deliveriesOf(recorded)) {
          ids.push(event.id);
          types.push(event.type);
          payloads.push(JSON.stringify(event));
          agencies.push(JSON.stringify(concerned));
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
}
