import { deterministicUuid, type RecordedEvent } from '@baton/eventsourcing';
import type { EventFilter, EventStore } from '@baton/eventstore';
import { ProjectionRunner, type Projection, type RunnerLogger } from '@baton/projections';
import type { DataSource } from 'typeorm';
import type { BusMessage, BusProducer } from '../bus';
import { toBusMessage, type IntegrationEvent } from '../envelope';
import type { ContractCheck } from '../processor';
import { SchemaViolation, UnknownEventType } from '../processor';

/** What the publisher needs to know of the contracts: validation, the topic and the partition key. */
export interface PublishingContracts extends ContractCheck {
  get(type: string): { topic: { name: string }; partitionKey(data: never): string };
}

/** One integration event to publish for a stored event. */
export interface Publication {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The explicit map from this service's stored events to its published contract. Stored events it returns
 * nothing for are not published: internal events never leave the service by accident.
 */
export type PublicationMapping = (event: RecordedEvent) => readonly Publication[];

export interface EventPublisherOptions {
  /** Names the checkpoint, e.g. `firm-registry.publisher`. */
  readonly name: string;
  /** CloudEvents `source`, e.g. `/baton/firm-registry`. */
  readonly source: string;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly producer: BusProducer;
  readonly contracts: PublishingContracts;
  readonly mapping: PublicationMapping;
  /** Which stored events to read (e.g. this service's stream prefixes). */
  readonly filter?: EventFilter;
  readonly batchSize?: number;
  readonly logger?: RunnerLogger;
}

/**
 * Store → bus: a checkpointed subscription (a ProjectionRunner, so one active publisher per service across
 * replicas) that maps stored events to integration events, validates them against their contract and
 * sends them. The checkpoint commits only after the broker acknowledged the batch, so a crash re-sends
 * (duplicates are absorbed by consumers' inboxes: the event id is derived from the stored event id).
 */
export function createEventPublisher(options: EventPublisherOptions): ProjectionRunner {
  const projection: Projection = {
    name: options.name,
    filter: options.filter,
    async apply(events) {
      const messages: BusMessage[] = [];
      for (const stored of events) {
        options.mapping(stored).forEach((publication, index) => {
          messages.push(toMessage(options, stored, publication, index));
        });
      }
      await options.producer.send(messages);
    },
    async reset() {
      // Re-publishing from the start is harmless: consumers dedupe by event id.
    },
  };
  return new ProjectionRunner({
    dataSource: options.dataSource,
    store: options.store,
    projection,
    batchSize: options.batchSize ?? 200,
    logger: options.logger,
  });
}

export function toIntegrationEvent(
  source: string,
  stored: RecordedEvent,
  publication: Publication,
  subject: string,
  index = 0,
): IntegrationEvent {
  const m = stored.metadata;
  return {
    id: deterministicUuid(`${stored.id}:${publication.type}:${index}`),
    source,
    type: publication.type,
    specversion: '1.0',
    subject,
    time: typeof m.occurredAt === 'string' ? m.occurredAt : m.recordedAt,
    datacontenttype: 'application/json',
    data: publication.data,
    correlationid: typeof m.correlationId === 'string' ? m.correlationId : stored.id,
    causationid: stored.id,
    ...(typeof m.traceparent === 'string' && { traceparent: m.traceparent }),
    ...(m.actor && { actor: m.actor.userId }),
    ...(m.actor?.role && { actorrole: m.actor.role }),
    ...(m.actor?.agencyId && { actoragency: m.actor.agencyId }),
  };
}

function toMessage(
  options: EventPublisherOptions,
  stored: RecordedEvent,
  publication: Publication,
  index: number,
): BusMessage {
  if (!options.contracts.has(publication.type)) throw new UnknownEventType(publication.type);
  const check = options.contracts.validate(publication.type, publication.data);
  if (!check.ok) throw new SchemaViolation(publication.type, check.errors);
  const definition = options.contracts.get(publication.type);
  const key = definition.partitionKey(publication.data as never);
  const event = toIntegrationEvent(options.source, stored, publication, key, index);
  return toBusMessage(definition.topic.name, event, key);
}
