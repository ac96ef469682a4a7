import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  metastreamOf,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as KurrentAppendResult,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import {
  WrongExpectedRevisionError,
  comparePositions,
  type AppendOptions,
  type AppendResult,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type StreamRevision,
} from '@baton/eventsourcing';
import type {
  EventFilter,
  EventStore,
  ReadAllOptions,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '../port';
import { DEFAULT_MAX_EVENT_BYTES, assertStreamId, validateEvents } from '../validation';
import {
  assertCustomMetadata,
  buildStreamMetadata,
  checkMaxCount,
  describeExpected,
  isAfterCheckpoint,
  matchesFilter,
  parseStreamMetadata,
  revisionFromTruncateBefore,
  revisionKnownFromRead,
  serverFilterFor,
  toActualRevision,
  toAppendStreamState,
  toClientReadPosition,
  toDeleteExpectedRevision,
  toEventMetadata,
  toGlobalPosition,
  toReadRevision,
  toRecordedEvent,
  toStreamMetadata,
} from './mapping';

export interface KurrentDbEventStoreOptions {
  /** Largest accepted event (data + metadata JSON, in bytes). Defaults to 1 MiB. */
  readonly maxEventBytes?: number;
}

const DEFAULT_READ_ALL_MAX_COUNT = 1000;
const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;
const HEAD_PAGE_SIZE = 100;
const METADATA_WRITE_ATTEMPTS = 5;
const DELETE_ATTEMPTS = 5;
/** Far beyond any real stream (2^62), below the server's reserved Int64 values. */
const IMPOSSIBLE_REVISION = 1n << 62n;

function errorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}

/** "Not found" (never existed, or soft-deleted) and "deleted" (tombstoned): the stream reads as absent. */
function isStreamAbsent(error: unknown): boolean {
  return (
    error instanceof StreamNotFoundError ||
    error instanceof StreamDeletedError ||
    errorType(error) === ErrorType.STREAM_NOT_FOUND ||
    errorType(error) === ErrorType.STREAM_DELETED
  );
}

function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError || errorType(error) === ErrorType.WRONG_EXPECTED_VERSION;
}

type LastEvent = { kind: 'event'; revision: StreamRevision } | { kind: 'empty' } | { kind: 'absent' };

/**
 * The event-store port on KurrentDB (formerly EventStoreDB) through `@kurrent/kurrentdb-client` (ADR 0004).
 * Streams, revisions, idempotent appends, soft deletes and `$all` are the server's own; this class only maps them.
 */
export class KurrentDbEventStore implements EventStore {
  readonly client: KurrentDBClient;
  private readonly maxEventBytes: number;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private closing: Promise<void> | undefined;

  /**
   * @param connection a connection string (`kurrentdb://admin:changeit@127.0.0.1:2113?tls=false`; `esdb://` still
   *   works) or an existing client. `close()` disposes the client either way.
   */
  constructor(connection: string | KurrentDBClient, options: KurrentDbEventStoreOptions = {}) {
    this.client = typeof connection === 'string' ? KurrentDBClient.connectionString(connection) : connection;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Writes

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertStreamId(streamId);
    const validated = validateEvents(events, this.maxEventBytes, randomUUID);
    const expected = options?.expectedRevision;
    const streamState = toAppendStreamState(expected);
    const eventData = validated.map((event, i) =>
      jsonEvent({
        id: event.id,
        type: event.type,
        // The client serialises `data` with JSON.stringify, as validateEvents did to measure it.
        data: events[i].data as JSONType,
        metadata: toEventMetadata(event.metadataJson, event.schemaVersion, i),
      }),
    );

    let result: KurrentAppendResult;
    try {
      result = await this.client.appendToStream(streamId, eventData, { streamState });
    } catch (error) {
      if (isWrongExpectedVersion(error)) {
        throw await this.wrongExpectedRevision(streamId, expected, toActualRevision(error.actualState));
      }
      throw error;
    }
    if (!result.success) {
      // Only with a client built with throwOnAppendFailure=false, whose reported revision is unreliable.
      throw await this.wrongExpectedRevision(streamId, expected, await this.lastRevision(streamId));
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    const position = result.position
      ? toGlobalPosition(result.position)
      : await this.positionOfRevision(streamId, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  /** Soft delete (`client.deleteStream`): the server sets the stream's `$tb` to its "deleted" marker. */
  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    this.assertOpen();
    assertStreamId(streamId);
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt++) {
      let current: StreamRevision | undefined;
      if (expected === 'stream_exists') {
        current = await this.lastRevision(streamId);
        if (current === undefined) throw new WrongExpectedRevisionError(streamId, 'stream_exists', undefined);
      }
      const expectedRevision = toDeleteExpectedRevision(expected, current);
      if (expectedRevision === undefined)
        throw new WrongExpectedRevisionError(streamId, describeExpected(expected), current);
      try {
        await this.client.deleteStream(streamId, { expectedRevision });
        return;
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        const actual = toActualRevision(error.actualState);
        // The server refuses to delete a stream that never existed, whatever the expectation. For 'any' and
        // 'no_stream' the stream is already absent, which is what was asked for.
        if (
          actual === undefined &&
          (expected === undefined || expected === 'any' || expected === 'no_stream')
        )
          return;
        // 'stream_exists' was sent as "at revision N": a concurrent append is not a conflict, try again.
        if (expected === 'stream_exists' && actual !== undefined && attempt < DELETE_ATTEMPTS) continue;
        throw await this.wrongExpectedRevision(streamId, expected, actual);
      }
    }
  }

  async setStreamMetadata(streamId: string, custom: Record<string, unknown>): Promise<void> {
    this.assertOpen();
    assertStreamId(streamId);
    assertCustomMetadata(custom);
    const metastream = metastreamOf(streamId);
    for (let attempt = 1; ; attempt++) {
      // Read-modify-write of the metastream, guarded by its revision, so reserved keys ($maxAge, $acl, $tb, ...)
      // written by others (or by the server on re-creation) survive.
      const current = await this.readRawMetadata(streamId);
      const data = buildStreamMetadata(parseStreamMetadata(current?.data).system, custom);
      try {
        await this.client.appendToStream(
          metastream,
          jsonEvent({ type: '$metadata', data: data as JSONType }),
          {
            streamState: current ? BigInt(current.revision) : NO_STREAM,
          },
        );
        return;
      } catch (error) {
        if (isWrongExpectedVersion(error) && attempt < METADATA_WRITE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Reads

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    assertStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const maxCount = checkMaxCount(options.maxCount);
    const fromRevision = toReadRevision(options.fromRevision, direction);
    if (maxCount === 0) return { events: [], currentRevision: await this.lastRevision(streamId) };

    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision,
        maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (isStreamAbsent(error)) return { events: [], currentRevision: undefined };
      throw error;
    }
    const known = revisionKnownFromRead({
      direction,
      fromRevision: options.fromRevision,
      maxCount,
      revisions: events.map((event) => event.revision),
    });
    return { events, currentRevision: known ?? (await this.lastRevision(streamId)) };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = checkMaxCount(options.maxCount) ?? DEFAULT_READ_ALL_MAX_COUNT;
    const filter = options.filter;
    const serverFilter = serverFilterFor(filter);
    const from = options.fromPosition ?? 'start';
    let after: GlobalPosition | 'start' = from;
    let cursor: ReadPosition = toClientReadPosition(from);
    const events: RecordedEvent[] = [];
    while (events.length < maxCount) {
      // +1: the server's read is inclusive of `cursor`, whose event was already seen (or is the checkpoint).
      const pageSize = maxCount - events.length + 1;
      let received = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: cursor,
        maxCount: pageSize,
        filter: serverFilter,
      })) {
        received++;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        const position = toGlobalPosition(event.position);
        if (!isAfterCheckpoint(position, after)) continue;
        after = position;
        if (!matchesFilter(event.streamId, event.type, filter)) continue;
        events.push(toRecordedEvent(event));
        if (events.length === maxCount) break;
      }
      if (received < pageSize || last === undefined) break;
      cursor = last;
    }
    return events;
  }

  async headPosition(filter?: EventFilter): Promise<GlobalPosition | undefined> {
    this.assertOpen();
    const serverFilter: Filter = serverFilterFor(filter);
    let cursor: ReadPosition = END;
    let before: GlobalPosition | undefined;
    for (;;) {
      let received = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: cursor,
        maxCount: HEAD_PAGE_SIZE,
        filter: serverFilter,
      })) {
        received++;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        const position = toGlobalPosition(event.position);
        if (before && comparePositions(position, before) >= 0) continue;
        before = position;
        if (matchesFilter(event.streamId, event.type, filter)) return position;
      }
      if (received < HEAD_PAGE_SIZE || last === undefined) return undefined;
      cursor = last;
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    this.assertOpen();
    assertStreamId(streamId);
    const raw = await this.readRawMetadata(streamId);
    if (raw) {
      const parsed = parseStreamMetadata(raw.data);
      if (!parsed.deleted) return toStreamMetadata(parsed);
      // The server's soft-delete marker says nothing about where the stream stopped; ask for its last revision.
      const last = await this.lastRevisionOfDeletedStream(streamId);
      return {
        ...toStreamMetadata(parsed),
        truncateBefore: last === undefined ? parsed.truncateBefore : last + 1,
      };
    }
    const last = await this.readLastEvent(streamId);
    return last.kind === 'absent' ? undefined : { deleted: false, truncateBefore: 0, custom: {} };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Subscriptions and lifecycle

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const batchSize = checkMaxCount(options.batchSize, 'batchSize') ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
    if (batchSize < 1) throw new RangeError('batchSize must be >= 1');
    const from = options.fromPosition ?? 'start';
    const source = this.client.subscribeToAll(
      { fromPosition: toClientReadPosition(from), filter: serverFilterFor(options.filter) },
      { highWaterMark: batchSize },
    );
    const subscription = new KurrentDbSubscription(source, {
      from,
      filter: options.filter,
      signal: options.signal,
      onClose: (closed) => this.subscriptions.delete(closed),
    });
    if (!subscription.isClosed) this.subscriptions.add(subscription);
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.close()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Helpers

  private assertOpen(): void {
    if (this.closing) throw new Error('KurrentDbEventStore is closed');
  }

  /**
   * The port reports `actual: undefined` for a stream that reads as absent; the server reports a soft-deleted
   * stream's last event number instead, so a numeric actual is checked against what a reader would see.
   */
  private async wrongExpectedRevision(
    streamId: string,
    expected: ExpectedRevision | undefined,
    actual: StreamRevision | undefined,
  ): Promise<WrongExpectedRevisionError> {
    let reported = actual;
    if (reported !== undefined) {
      try {
        if ((await this.lastRevision(streamId)) === undefined) reported = undefined;
      } catch {
        // keep the server's figure
      }
    }
    return new WrongExpectedRevisionError(streamId, describeExpected(expected), reported);
  }

  private async readLastEvent(streamId: string): Promise<LastEvent> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return { kind: 'event', revision: Number(resolved.event.revision) };
      }
      return { kind: 'empty' };
    } catch (error) {
      if (isStreamAbsent(error)) return { kind: 'absent' };
      throw error;
    }
  }

  /** The stream's last revision as a reader sees it; undefined when it does not exist or is soft-deleted. */
  private async lastRevision(streamId: string): Promise<StreamRevision | undefined> {
    const last = await this.readLastEvent(streamId);
    if (last.kind === 'event') return last.revision;
    if (last.kind === 'absent') return undefined;
    // Exists, but every event is truncated away (re-created after a soft delete by a metadata write).
    const raw = await this.readRawMetadata(streamId);
    return revisionFromTruncateBefore(raw ? parseStreamMetadata(raw.data) : undefined);
  }

  private async readRawMetadata(
    streamId: string,
  ): Promise<{ data: unknown; revision: StreamRevision } | undefined> {
    try {
      for await (const resolved of this.client.readStream(metastreamOf(streamId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (event) return { data: event.isJson ? event.data : undefined, revision: Number(event.revision) };
      }
      return undefined;
    } catch (error) {
      if (isStreamAbsent(error)) return undefined;
      throw error;
    }
  }

  /**
   * A soft-deleted stream reads as "not found", so its last event number cannot be read. A delete that expects an
   * impossible revision is refused with the stream's actual revision and writes nothing (were it ever accepted, it
   * would only soft-delete the already soft-deleted stream again).
   */
  private async lastRevisionOfDeletedStream(streamId: string): Promise<StreamRevision | undefined> {
    try {
      await this.client.deleteStream(streamId, { expectedRevision: IMPOSSIBLE_REVISION });
      return undefined;
    } catch (error) {
      if (isWrongExpectedVersion(error)) return toActualRevision(error.actualState);
      if (errorType(error) === ErrorType.ACCESS_DENIED) return undefined;
      throw error;
    }
  }

  /** Fallback for servers that return no position with an (idempotent) append. */
  private async positionOfRevision(streamId: string, revision: StreamRevision): Promise<GlobalPosition> {
    for await (const resolved of this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(revision),
      maxCount: 1,
    })) {
      if (resolved.event) return toRecordedEvent(resolved.event, resolved.commitPosition).position;
    }
    throw new Error(
      `Stream "${streamId}": appended revision ${revision} could not be read back for its position`,
    );
  }
}

export interface SubscriptionSettings {
  readonly from: GlobalPosition | 'start' | 'end';
  readonly filter: EventFilter | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onClose: (subscription: KurrentDbSubscription) => void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The client's catch-up subscription (a Node object-mode stream, buffered up to `batchSize` events: beyond that
 * gRPC flow control holds the server back) as the port's pull-based async iterator.
 *
 * `caughtUp`: the server sends a "caught up" message after the last historical event (KurrentDB/EventStoreDB
 * 23.10 and later). When it is processed, `readableLength` events are still buffered ahead of it, so the flag is
 * raised once that many more events have been taken from the stream.
 *
 * Exported for the unit tests (driven by a fake stream); not part of the package's API.
 */
export class KurrentDbSubscription implements Subscription {
  private _caughtUp: boolean;
  private caughtUpAfter: number | undefined;
  private taken = 0;
  private after: GlobalPosition | 'start' | 'end';
  private ended = false;
  private failure: unknown;
  private closed = false;
  private closing: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onAbort = (): void => void this.close();

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly settings: SubscriptionSettings,
  ) {
    this.after = settings.from;
    // Nothing existed "before" a subscription from the end.
    this._caughtUp = settings.from === 'end';
    const notify = (): void => {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    source.on('readable', notify);
    source.on('end', () => {
      this.ended = true;
      notify();
    });
    source.on('close', () => {
      this.ended = true;
      notify();
    });
    source.on('error', (error: Error) => {
      this.failure ??= error;
      notify();
    });
    source.on('caughtUp', () => {
      if (this._caughtUp || this.caughtUpAfter !== undefined) return;
      this.caughtUpAfter = this.taken + source.readableLength;
      this.updateCaughtUp();
    });
    if (settings.signal?.aborted) void this.close();
    else settings.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get caughtUp(): boolean {
    return this._caughtUp;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    // Calls are served one at a time, in order.
    const result = this.queue.then(() => this.pullEvent());
    this.queue = result.catch(() => undefined);
    return result;
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    throw error;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.settings.signal?.removeEventListener('abort', this.onAbort);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.closing = (async () => {
      // unsubscribe() cancels the gRPC call; do not wait forever for a connection that never came up.
      const cancelled = this.source.unsubscribe().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2000);
        timer.unref();
      });
      await Promise.race([cancelled, timeout]);
      if (timer) clearTimeout(timer);
      this.source.destroy();
      this.settings.onClose(this);
    })();
    return this.closing;
  }

  private updateCaughtUp(): void {
    if (this.caughtUpAfter !== undefined && this.taken >= this.caughtUpAfter) {
      this._caughtUp = true;
      this.caughtUpAfter = undefined;
    }
  }

  private async pullEvent(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      const resolved = await this.take();
      if (resolved === undefined) return DONE;
      const event = resolved.event;
      if (!event) continue;
      const position = toGlobalPosition(event.position);
      // The checkpoint is exclusive (the server's subscription already is; this guards the edge).
      if (!isAfterCheckpoint(position, this.after)) continue;
      this.after = position;
      if (!matchesFilter(event.streamId, event.type, this.settings.filter)) continue;
      return { done: false, value: toRecordedEvent(event) };
    }
  }

  /** The next resolved event from the stream's buffer, waiting for one if needed; undefined when finished. */
  private async take(): Promise<AllStreamResolvedEvent | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.failure !== undefined) {
        const failure = this.failure;
        await this.close();
        throw failure;
      }
      // read() may run the stream's transform (and so the 'caughtUp' handler) before it hands out the item,
      // which is why `taken` is counted after it returns.
      const item = this.source.read() as AllStreamResolvedEvent | null;
      if (item !== null) {
        this.taken++;
        this.updateCaughtUp();
        return item;
      }
      if (this.ended) {
        await this.close();
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
