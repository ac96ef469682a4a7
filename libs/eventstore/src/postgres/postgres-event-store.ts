import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolClient } from 'pg';
import {
  START,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
} from '@baton/eventsourcing';
import { IdempotencyConflictError, InvalidAppendError } from '../errors';
import type {
  EventFilter,
  EventStore,
  ReadAllOptions,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '../port';
import { DEFAULT_MAX_EVENT_BYTES, assertStreamId, escapeLike, validateEvents } from '../validation';
import { migrateSchema } from './migrate';
import { migrations, quoteIdent } from './schema';
import { PostgresSubscription } from './subscription';

export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

export interface PostgresEventStoreOptions {
  readonly connectionString?: string;
  /** An existing pool; the store will not end it on close. */
  readonly pool?: Pool;
  /** Defaults to `eventstore`. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** Appends over this size (data + metadata JSON, bytes) are refused. Defaults to 1 MiB. */
  readonly maxEventBytes?: number;
  /** Fallback polling interval for live subscriptions when no notification arrives. Defaults to 500 ms. */
  readonly pollIntervalMs?: number;
  readonly logger?: StoreLogger;
}

interface PageResult {
  readonly events: RecordedEvent[];
  /** The last position examined: a filtered read may advance past events that did not match. */
  readonly scannedTo: GlobalPosition | undefined;
}

// recorded_at as ISO 8601 text (UTC, milliseconds): cheaper for the reader than a Date round trip.
const EVENT_COLUMNS = `transaction_id::text AS tx, global_position::text AS pos, stream_id, revision::text AS revision,
  event_id::text AS event_id, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/**
 * The EventStore port on PostgreSQL (pg). See ADR 0002 for the ordering scheme and ADR 0003 for live
 * delivery (LISTEN/NOTIFY after commit, polling as the fallback).
 */
export class PostgresEventStore implements EventStore {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly maxEventBytes: number;
  readonly pollIntervalMs: number;
  private readonly logger: StoreLogger;
  private readonly channel: string;
  private readonly sql: ReturnType<typeof statements>;
  /** Emits 'appended' whenever a notification arrives (any process appended). */
  readonly wakeups = new EventEmitter();
  private listener: Client | undefined;
  private listenerUsers = 0;
  private listenerStarting: Promise<void> | undefined;
  private notifyInFlight = false;
  private notifyPending = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly subscriptions = new Set<PostgresSubscription>();

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'eventstore';
    const s = quoteIdent(this.schema);
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ?? new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 20 });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle event-store connection failed'));
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.logger = options.logger ?? { warn: () => undefined };
    this.channel = `${this.schema}_appended`;
    this.sql = statements(s);
    this.wakeups.setMaxListeners(0);
  }

  /** Connects and creates or migrates the schema. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private migrate(): Promise<void> {
    return migrateSchema(this.pool, this.schema, migrations(this.schema));
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    assertStreamId(streamId);
    const expected = expectedToText(options?.expectedRevision);
    const validated = validateEvents(events, this.maxEventBytes, randomUUID);
    const callerGaveIds = events.some((e) => e.id !== undefined);
    const payload = `[${validated
      .map(
        (e) =>
          `{"id":"${e.id}","type":${JSON.stringify(e.type)},"v":${e.schemaVersion},"data":${e.dataJson},"meta":${e.metadataJson}}`,
      )
      .join(',')}]`;
    let row: { next_revision: string; tx: string; pos: string; replayed: boolean };
    try {
      const result = await this.pool.query({
        name: `${this.schema}-append`,
        text: this.sql.append,
        values: [streamId, expected, payload, callerGaveIds],
      });
      row = result.rows[0];
    } catch (error) {
      throw translateError(error, streamId, expected);
    }
    if (!row.replayed) this.scheduleNotify();
    return {
      nextExpectedRevision: Number(row.next_revision),
      position: { commit: BigInt(row.tx), prepare: BigInt(row.pos) },
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    assertStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(maxCount) || maxCount < 0) {
      throw new InvalidAppendError(
        'maxCount must be a non-negative integer',
        'maxCount',
        'non-negative-integer',
      );
    }
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const fromValue = from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : from;
    const { rows } = await this.pool.query({
      name: `${this.schema}-read-stream-${backwards ? 'b' : 'f'}`,
      text: backwards ? this.sql.readStreamBackwards : this.sql.readStreamForwards,
      values: [streamId, String(fromValue), String(Math.min(maxCount, 2 ** 31 - 1))],
    });
    if (rows.length === 0 || rows[0].current === null || rows[0].deleted) {
      return { events: [], currentRevision: undefined };
    }
    return {
      currentRevision: Number(rows[0].current),
      events: rows[0].tx === null ? [] : rows.map(toRecordedEvent),
    };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const page = await this.readPage(
      options.fromPosition === undefined || options.fromPosition === 'start' ? START : options.fromPosition,
      options.maxCount ?? 1000,
      options.filter,
      Number.MAX_SAFE_INTEGER,
    );
    return page.events;
  }

  /**
   * One page of "$all" after `from`, only from transactions below the snapshot's xmin (all finished).
   * With a filter, at most `scanLimit` rows are examined, and `scannedTo` tells how far.
   */
  async readPage(
    from: GlobalPosition,
    maxCount: number,
    filter: EventFilter | undefined,
    scanLimit: number,
  ): Promise<PageResult> {
    const where = filterSql(filter, 5);
    if (from.commit < 0n) from = { commit: 0n, prepare: 0n }; // START: xid8 is unsigned, 0 precedes every xid
    if (!where) {
      const { rows } = await this.pool.query({
        name: `${this.schema}-read-all`,
        text: this.sql.readAll,
        values: [from.commit.toString(), from.prepare.toString(), maxCount],
      });
      const events = rows.map(toRecordedEvent);
      return { events, scannedTo: events.at(-1)?.position };
    }
    const { rows } = await this.pool.query(this.sql.readAllFiltered(where.sql), [
      from.commit.toString(),
      from.prepare.toString(),
      Math.min(scanLimit, 2 ** 31 - 1),
      maxCount,
      ...where.values,
    ]);
    const events: RecordedEvent[] = [];
    let scannedTo: GlobalPosition | undefined;
    for (const row of rows) {
      if (row.trailer) scannedTo = { commit: BigInt(row.tx), prepare: BigInt(row.pos) };
      else events.push(toRecordedEvent(row));
    }
    if (events.length === maxCount) scannedTo = events[events.length - 1].position;
    return { events, scannedTo };
  }

  async headPosition(filter?: EventFilter): Promise<GlobalPosition | undefined> {
    const where = filterSql(filter, 1);
    const { rows } = await this.pool.query(this.sql.head(where?.sql), where?.values ?? []);
    return rows.length ? { commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].pos) } : undefined;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error('The event store is closed');
    const subscription = new PostgresSubscription(this, options, () => {
      this.subscriptions.delete(subscription);
      this.releaseListener();
    });
    this.subscriptions.add(subscription);
    this.listenerUsers++;
    this.ensureListener();
    return subscription;
  }

  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    assertStreamId(streamId);
    const expected = expectedToText(options.expectedRevision ?? 'any');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT revision::text AS revision, deleted FROM ${quoteIdent(this.schema)}.streams WHERE stream_id = $1 FOR UPDATE`,
        [streamId],
      );
      const actual = rows.length && !rows[0].deleted ? Number(rows[0].revision) : undefined;
      if (
        (expected === 'no_stream' && actual !== undefined) ||
        (expected === 'stream_exists' && actual === undefined) ||
        (/^\d+$/.test(expected) && actual !== Number(expected))
      ) {
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      if (actual !== undefined) {
        await client.query(
          `UPDATE ${quoteIdent(this.schema)}.streams SET deleted = true, truncate_before = revision + 1 WHERE stream_id = $1`,
          [streamId],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query(
      `SELECT deleted, truncate_before::text AS tb, metadata FROM ${quoteIdent(this.schema)}.streams WHERE stream_id = $1`,
      [streamId],
    );
    if (!rows.length) return undefined;
    return { deleted: rows[0].deleted, truncateBefore: Number(rows[0].tb), custom: rows[0].metadata };
  }

  async setStreamMetadata(streamId: string, custom: Record<string, unknown>): Promise<void> {
    assertStreamId(streamId);
    if (custom === null || typeof custom !== 'object' || Array.isArray(custom)) {
      throw new InvalidAppendError('Stream metadata must be a JSON object', 'metadata', 'object');
    }
    await this.pool.query(
      `INSERT INTO ${quoteIdent(this.schema)}.streams (stream_id, revision, deleted, metadata) VALUES ($1, -1, true, $2)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
      [streamId, JSON.stringify(custom)],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.stopListener();
    if (this.ownsPool) await this.pool.end();
  }

  // --- live delivery ---------------------------------------------------------------------------

  /**
   * Coalesced NOTIFY after commit, never inside the append's transaction: appends within NOTIFY_DEBOUNCE_MS
   * share one notification, and at most one is in flight per store.
   */
  private scheduleNotify(): void {
    if (this.closed) return;
    if (this.notifyInFlight || this.notifyTimer) {
      if (this.notifyInFlight) this.notifyPending = true;
      return;
    }
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.sendNotify();
    }, NOTIFY_DEBOUNCE_MS);
  }

  private sendNotify(): void {
    if (this.closed) return;
    this.notifyInFlight = true;
    this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .catch((error) => this.logger.warn({ err: error }, 'event-store notify failed; subscribers will poll'))
      .finally(() => {
        this.notifyInFlight = false;
        if (this.notifyPending) {
          this.notifyPending = false;
          this.sendNotify();
        }
      });
  }

  private ensureListener(): void {
    if (this.listener || this.listenerStarting || this.closed) return;
    this.listenerStarting = this.startListener().finally(() => (this.listenerStarting = undefined));
  }

  private async startListener(): Promise<void> {
    const client = new Client(
      this.options.connectionString
        ? { connectionString: this.options.connectionString }
        : poolConfig(this.pool),
    );
    client.on('notification', () => this.wakeups.emit('appended'));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'event-store listener failed; polling until it reconnects');
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      setTimeout(() => this.listenerUsers > 0 && this.ensureListener(), this.pollIntervalMs).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.closed || this.listenerUsers === 0) {
        await client.end();
        return;
      }
      this.listener = client;
      this.wakeups.emit('appended');
    } catch (error) {
      this.logger.warn({ err: error }, 'event-store listener could not connect; polling');
      await client.end().catch(() => undefined);
      setTimeout(() => this.listenerUsers > 0 && this.ensureListener(), this.pollIntervalMs).unref();
    }
  }

  private releaseListener(): void {
    this.listenerUsers = Math.max(0, this.listenerUsers - 1);
    if (this.listenerUsers === 0) void this.stopListener();
  }

  private async stopListener(): Promise<void> {
    await this.listenerStarting;
    const client = this.listener;
    this.listener = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  /** For tests and tools: a pooled connection to the store's database. */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }
}

function poolConfig(pool: Pool): object {
  return (pool as unknown as { options: object }).options;
}

function expectedToText(expected: ExpectedRevision | undefined): string {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 0) return String(expected);
  throw new InvalidAppendError(
    `expectedRevision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, got ${JSON.stringify(expected)}`,
    'expectedRevision',
    'expected-revision',
  );
}

function translateError(error: unknown, streamId: string, expected: string): unknown {
  const pgError = error as { code?: string; detail?: string };
  if (pgError.code === 'BTN01') {
    const actual =
      pgError.detail === 'none' || pgError.detail === undefined ? undefined : Number(pgError.detail);
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }
  if (pgError.code === 'BTN02') return new IdempotencyConflictError(streamId, pgError.detail ?? '');
  return error;
}

interface EventRow {
  tx: string;
  pos: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: string;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: { commit: BigInt(row.tx), prepare: BigInt(row.pos) },
    type: row.type,
    data: row.data,
    schemaVersion: row.schema_version,
    metadata: { ...row.metadata, recordedAt: row.recorded_at },
  };
}

function filterSql(
  filter: EventFilter | undefined,
  firstParam: number,
): { sql: string; values: unknown[] } | undefined {
  const parts: string[] = [];
  const values: unknown[] = [];
  if (filter?.streamPrefixes?.length) {
    values.push(filter.streamPrefixes.map((p) => `${escapeLike(p)}%`));
    parts.push(`stream_id LIKE ANY ($${firstParam + values.length - 1}::text[])`);
  }
  if (filter?.eventTypes?.length) {
    values.push([...filter.eventTypes]);
    parts.push(`type = ANY ($${firstParam + values.length - 1}::text[])`);
  }
  return parts.length ? { sql: parts.join(' AND '), values } : undefined;
}

const HORIZON = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const NOTIFY_DEBOUNCE_MS = 3;

function statements(s: string) {
  const streamRead = (cmp: string, order: string) => `
    WITH st AS (SELECT revision, deleted, truncate_before FROM ${s}.streams WHERE stream_id = $1)
    SELECT st.revision::text AS current, st.deleted, e.*
      FROM st LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS} FROM ${s}.events
         WHERE stream_id = $1 AND revision ${cmp} $2::bigint AND revision >= st.truncate_before
         ORDER BY revision ${order} LIMIT $3::integer
      ) e ON true`;
  return {
    append: `SELECT next_revision::text, tx::text, pos::text, replayed FROM ${s}.append($1, $2, $3::jsonb, $4::boolean)`,
    readStreamForwards: streamRead('>=', 'ASC'),
    readStreamBackwards: streamRead('<=', 'DESC'),
    readAll: `
      SELECT ${EVENT_COLUMNS} FROM ${s}.events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND ${HORIZON}
       ORDER BY transaction_id, global_position LIMIT $3`,
    readAllFiltered: (where: string) => `
      WITH scanned AS MATERIALIZED (
        SELECT transaction_id, global_position, stream_id, type FROM ${s}.events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND ${HORIZON}
         ORDER BY transaction_id, global_position LIMIT $3
      ), matched AS (
        SELECT transaction_id, global_position FROM scanned WHERE ${where}
         ORDER BY transaction_id, global_position LIMIT $4
      )
      SELECT * FROM (
        SELECT ${EVENT_COLUMNS}, false AS trailer
          FROM matched m JOIN ${s}.events e USING (transaction_id, global_position)
        UNION ALL
        -- Qualified names: a bare name here would sort by the text output column ('9' > '10').
        (SELECT sc.transaction_id::text, sc.global_position::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
           FROM scanned sc ORDER BY sc.transaction_id DESC, sc.global_position DESC LIMIT 1)
      ) page ORDER BY trailer, tx::xid8, pos::bigint`,
    head: (where?: string) => `
      SELECT transaction_id::text AS tx, global_position::text AS pos FROM ${s}.events
       WHERE ${HORIZON} ${where ? `AND ${where}` : ''}
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  };
}
