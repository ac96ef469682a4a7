import type {
  EventStreamStore,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  StreamRevision,
} from '@baton/eventsourcing';

export type {
  AppendOptions,
  AppendResult,
  EventStreamStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  StreamRevision,
} from '@baton/eventsourcing';

/** Which events of "$all" to see. Both parts are optional; given both, an event must match both. */
export interface EventFilter {
  /** Stream id prefixes, e.g. `firm-` (any of them). */
  readonly streamPrefixes?: readonly string[];
  /** Exact event types (any of them). */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to the start. */
  readonly fromPosition?: GlobalPosition | 'start';
  /** Defaults to 1000. */
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint to resume after; 'start' replays everything, 'end' only what comes next. */
  readonly fromPosition?: GlobalPosition | 'start' | 'end';
  readonly filter?: EventFilter;
  /** How many events are fetched ahead of the consumer (the back-pressure window). Defaults to 500. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Catch-up then live delivery, as an async iterator: events arrive in global order, and the next batch
 * is fetched only when the consumer asks for it, so a slow consumer holds at most one batch in memory.
 */
export interface Subscription extends AsyncIterableIterator<RecordedEvent> {
  /** True once every event that existed when the subscription started has been delivered. */
  readonly caughtUp: boolean;
  close(): Promise<void>;
}

export interface StreamMetadata {
  readonly deleted: boolean;
  /** Events below this revision are no longer read from the stream (set by a soft delete). */
  readonly truncateBefore: StreamRevision;
  /** Application data kept with the stream. */
  readonly custom: Record<string, unknown>;
}

/**
 * The event store port. Adapters: PostgreSQL (embedded default, `PostgresEventStore`) and
 * KurrentDB/EventStoreDB (`KurrentDbEventStore`). One contract suite (`./contract`) runs against each.
 */
export interface EventStore extends EventStreamStore {
  /**
   * A page of "$all" in global order. On PostgreSQL an event appears here once every older transaction has
   * finished (ADR 2), so an event appended a moment ago may not be in it yet; it never appears out of order.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in "$all" visible to readers, or undefined when the store is empty. */
  headPosition(filter?: EventFilter): Promise<GlobalPosition | undefined>;
  /** Soft delete: the stream reads as absent; appending again continues after the last revision. */
  deleteStream(streamId: string, options?: { expectedRevision?: ExpectedRevision }): Promise<void>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamId: string, custom: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}
