import { EventEmitter } from 'node:events';
import { Client, Pool, type ClientConfig, type PoolClient } from 'pg';
import type { BusMessage, BusProducer, ReceivedMessage } from '../bus';
import { classifyFailure } from '../errors';
import type { ProcessorLogger } from '../processor';
import type { TopicSpec } from '../topics';
import { partitionForKey } from './murmur2';
import { busChannel, DEFAULT_BUS_SCHEMA, migrateBusSchema, quoteIdent } from './schema';

/** Where the bus tables live: an existing pool, or a connection string for a pool of the bus's own. */
export interface EmbeddedBusConnection {
  readonly pool?: Pool;
  readonly connectionString?: string;
  /** Defaults to `bus`. */
  readonly schema?: string;
  /** `application_name` of the bus's own connections, so an operator (or the test harness) can find them. */
  readonly applicationName?: string;
  readonly poolSize?: number;
}

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`Unknown topic ${JSON.stringify(topic)}: create it first (ensureEmbeddedTopics)`);
    this.name = 'UnknownTopicError';
  }
}

export class InvalidMessageError extends Error {
  constructor(detail: string) {
    super(`Invalid bus message: ${detail}`);
    this.name = 'InvalidMessageError';
  }
}

/** Where a produced message went. */
export interface ProducedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function openBusPool(connection: EmbeddedBusConnection): { pool: Pool; owned: boolean } {
  if (connection.pool) return { pool: connection.pool, owned: false };
  if (!connection.connectionString) throw new Error('The embedded bus needs a pool or a connectionString');
  const pool = new Pool({
    connectionString: connection.connectionString,
    application_name: connection.applicationName ?? 'baton-bus',
    max: connection.poolSize ?? 10,
    connectionTimeoutMillis: 10000,
  });
  guardCheckedOutClients(pool);
  return { pool, owned: true };
}

/**
 * pg-pool listens for errors of idle clients only: a checked-out client whose connection is killed between
 * two queries emits an 'error' nobody handles, which would crash the process. The query in flight (or
 * the next one) still fails and is handled where it was made.
 */
export function guardCheckedOutClients(pool: Pool): void {
  pool.on('connect', (client) => client.on('error', () => undefined));
}

/** Connection settings for a dedicated (LISTEN) connection like the pool's. */
export function clientConfigOf(pool: Pool): ClientConfig {
  return { ...(pool as unknown as { options: ClientConfig }).options };
}

/** True when the database cannot be reached or refuses connections: wait and retry, no message is at fault. */
export function isUnavailable(error: unknown): boolean {
  return classifyFailure(error) === 'infrastructure';
}

/** Creates missing topics and raises partition counts that are too low (never lowers them, like Kafka). */
export async function ensureEmbeddedTopics(
  pool: Pool,
  schema: string,
  topics: readonly TopicSpec[],
): Promise<void> {
  for (const t of topics) {
    if (!TOPIC_NAME.test(t.name)) throw new Error(`Invalid topic name ${JSON.stringify(t.name)}`);
    if (!Number.isInteger(t.partitions) || t.partitions < 1) {
      throw new Error(`Topic ${t.name}: partitions must be a positive integer, got ${t.partitions}`);
    }
  }
  if (!topics.length) return;
  await migrateBusSchema(pool, schema);
  const s = quoteIdent(schema);
  await inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO ${s}.topics (name, partitions)
       SELECT name, partitions FROM unnest($1::text[], $2::int[]) AS t(name, partitions)
       ON CONFLICT (name) DO UPDATE SET partitions = GREATEST(${s}.topics.partitions, EXCLUDED.partitions)`,
      [topics.map((t) => t.name), topics.map((t) => t.partitions)],
    );
    await client.query(
      `INSERT INTO ${s}.partitions (topic, partition)
       SELECT t.name, p FROM ${s}.topics t, generate_series(0, t.partitions - 1) AS p WHERE t.name = ANY($1::text[])
       ON CONFLICT DO NOTHING`,
      [topics.map((t) => t.name)],
    );
  });
}

/** Partition counts of the given topics that exist. */
export async function partitionCounts(
  db: Pool | PoolClient,
  schema: string,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; partitions: number }>(
    `SELECT name, partitions FROM ${quoteIdent(schema)}.topics WHERE name = ANY($1::text[])`,
    [[...new Set(topics)]],
  );
  return new Map(rows.map((r) => [r.name, r.partitions]));
}

/** Up to `max` messages of one partition from `fromOffset` on, in offset order. */
export async function readPartition(
  db: Pool | PoolClient,
  schema: string,
  topic: string,
  partition: number,
  fromOffset: bigint | string,
  max: number,
): Promise<ReceivedMessage[]> {
  // The offset is read as text (64-bit) under another name: ORDER BY must sort the bigint, not the text.
  const { rows } = await db.query<{
    pos: string;
    key: string;
    headers: Record<string, string>;
    value: Buffer;
  }>(
    `SELECT m."offset"::text AS pos, m.key, m.headers, m.value FROM ${quoteIdent(schema)}.messages m
      WHERE m.topic = $1 AND m.partition = $2 AND m."offset" >= $3 ORDER BY m."offset" LIMIT $4`,
    [topic, partition, fromOffset.toString(), max],
  );
  return rows.map((r) => ({
    topic,
    partition,
    offset: r.pos,
    key: r.key,
    headers: r.headers,
    value: r.value,
  }));
}

/**
 * Appends messages inside the caller's open transaction. Each partition's `next_offset` row is locked
 * (in a fixed order, so concurrent producers cannot deadlock) until the transaction ends: offsets are dense
 * and in commit order per partition. Throws UnknownTopicError before writing anything.
 */
export async function appendMessages(
  client: PoolClient,
  schema: string,
  messages: readonly BusMessage[],
): Promise<ProducedMessage[]> {
  const s = quoteIdent(schema);
  const counts = await partitionCounts(
    client,
    schema,
    messages.map((m) => m.topic),
  );
  const partitions = messages.map((m) => {
    const count = counts.get(m.topic);
    if (count === undefined) throw new UnknownTopicError(m.topic);
    return partitionForKey(m.key, count);
  });
  const perPartition = new Map<string, { topic: string; partition: number; n: number }>();
  messages.forEach((m, i) => {
    const id = `${partitions[i]}:${m.topic}`;
    const entry = perPartition.get(id) ?? { topic: m.topic, partition: partitions[i], n: 0 };
    entry.n++;
    perPartition.set(id, entry);
  });
  const touched = [...perPartition.values()];
  const { rows } = await client.query<{ topic: string; partition: number; next_offset: string }>(
    `SELECT topic, partition, next_offset::text AS next_offset FROM ${s}.partitions
      WHERE (topic, partition) IN (SELECT * FROM unnest($1::text[], $2::int[]))
      ORDER BY topic, partition FOR UPDATE`,
    [touched.map((t) => t.topic), touched.map((t) => t.partition)],
  );
  const next = new Map(rows.map((r) => [`${r.partition}:${r.topic}`, BigInt(r.next_offset)]));
  const offsets = messages.map((m, i) => {
    const id = `${partitions[i]}:${m.topic}`;
    const offset = next.get(id);
    if (offset === undefined) throw new UnknownTopicError(m.topic); // partition row missing: topic half made
    next.set(id, offset + 1n);
    return offset.toString();
  });
  await client.query(
    `WITH bumped AS (
       UPDATE ${s}.partitions p SET next_offset = p.next_offset + v.n
         FROM unnest($1::text[], $2::int[], $3::bigint[]) AS v(topic, partition, n)
        WHERE p.topic = v.topic AND p.partition = v.partition
     )
     INSERT INTO ${s}.messages (topic, partition, "offset", key, headers, value)
     SELECT * FROM unnest($4::text[], $5::int[], $6::bigint[], $7::text[], $8::jsonb[], $9::bytea[])`,
    [
      touched.map((t) => t.topic),
      touched.map((t) => t.partition),
      touched.map((t) => t.n),
      messages.map((m) => m.topic),
      partitions,
      offsets,
      messages.map((m) => m.key),
      messages.map((m) => JSON.stringify(m.headers)),
      messages.map((m) => m.value),
    ],
  );
  return messages.map((m, i) => ({ topic: m.topic, partition: partitions[i], offset: offsets[i] }));
}

export interface ProducerRetry {
  /** Retries of a send that failed before COMMIT because the database was unavailable. Defaults to 8. */
  readonly retries?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface EmbeddedBusProducerOptions extends EmbeddedBusConnection {
  readonly retry?: ProducerRetry;
  readonly logger?: Pick<ProcessorLogger, 'warn'>;
}

/**
 * `BusProducer` on the bus tables. `send` writes all its messages in one transaction and resolves after
 * COMMIT (the ack). Partition = Kafka's default partitioner (murmur2 of the key). After the commit a
 * coalesced NOTIFY wakes the consumers; they also poll, so a lost notification only delays.
 */
export class EmbeddedBusProducer implements BusProducer {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly notifier: Notifier;
  private migrated: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: EmbeddedBusProducerOptions) {
    this.schema = options.schema ?? DEFAULT_BUS_SCHEMA;
    quoteIdent(this.schema);
    const { pool, owned } = openBusPool(options);
    this.pool = pool;
    this.ownsPool = owned;
    if (owned)
      pool.on('error', (error) => options.logger?.warn({ err: error }, 'idle bus connection failed'));
    this.notifier = new Notifier(pool, busChannel(this.schema), options.logger);
  }

  /** Creates the bus schema if needed. `send` does it on first use. */
  connect(): Promise<void> {
    this.migrated ??= migrateBusSchema(this.pool, this.schema).catch((error) => {
      this.migrated = undefined;
      throw error;
    });
    return this.migrated;
  }

  async send(messages: readonly BusMessage[]): Promise<void> {
    await this.produce(messages);
  }

  /** `send`, answering where each message went. */
  async produce(messages: readonly BusMessage[]): Promise<ProducedMessage[]> {
    if (this.closed) throw new Error('The embedded bus producer is closed');
    if (!messages.length) return [];
    messages.forEach(assertMessage);
    const retries = this.options.retry?.retries ?? 8;
    const initial = this.options.retry?.initialDelayMs ?? 200;
    const max = this.options.retry?.maxDelayMs ?? 5000;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.connect().catch((error) => Promise.reject(new NotCommitted(error)));
        const produced = await this.transaction((client) => appendMessages(client, this.schema, messages));
        this.notifier.notify(produced.map((p) => `${p.partition}:${p.topic}`));
        return produced;
      } catch (error) {
        if (!(error instanceof NotCommitted) || !isUnavailable(error.cause) || attempt >= retries) {
          throw error instanceof NotCommitted ? error.cause : error;
        }
        const delay = Math.min(max, initial * 2 ** attempt);
        this.options.logger?.warn(
          { err: error.cause, attempt: attempt + 1 },
          `bus unavailable; retrying send in ${delay} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Runs `work` in a transaction on the bus tables and commits (call `notify` after, for what it produced). */
  async withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await this.transaction(work);
    } catch (error) {
      throw error instanceof NotCommitted ? error.cause : error;
    }
  }

  /** A failure before COMMIT is wrapped in NotCommitted (safe to retry); one of COMMIT itself is not. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new NotCommitted(error);
    }
    let broken: Error | undefined;
    try {
      let result: T;
      try {
        await client.query('BEGIN');
        result = await work(client);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new NotCommitted(error);
      }
      await client.query('COMMIT'); // a failure here is ambiguous: it may have committed
      return result;
    } catch (error) {
      const cause = error instanceof NotCommitted ? error.cause : error;
      if (isUnavailable(cause)) broken = cause as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Wakes consumers of these partitions (`<partition>:<topic>`) after a commit made elsewhere. */
  notify(partitions: readonly string[]): void {
    this.notifier.notify(partitions);
  }

  /** Same as close (the name BusClient and KafkaBusProducer use). */
  disconnect(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.notifier.drain();
    if (this.ownsPool) await this.pool.end();
  }
}

class NotCommitted extends Error {
  constructor(override readonly cause: unknown) {
    super(`not committed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'NotCommitted';
  }
}

function assertMessage(m: BusMessage): void {
  if (typeof m?.topic !== 'string') throw new InvalidMessageError('topic must be a string');
  if (typeof m.key !== 'string') throw new InvalidMessageError(`${m.topic}: key must be a string`);
  if (!Buffer.isBuffer(m.value)) throw new InvalidMessageError(`${m.topic}: value must be a Buffer`);
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (typeof value !== 'string')
      throw new InvalidMessageError(`${m.topic}: header ${name} must be a string`);
  }
}

/** Coalesced NOTIFY after commit: one statement in flight; partitions touched meanwhile go in the next. */
class Notifier {
  private pending = new Set<string>();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly logger?: Pick<ProcessorLogger, 'warn'>,
  ) {}

  notify(partitions: readonly string[]): void {
    for (const p of partitions) this.pending.add(p);
    if (!this.inFlight) this.inFlight = this.flush();
  }

  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async flush(): Promise<void> {
    while (this.pending.size) {
      const batch = [...this.pending];
      this.pending = new Set();
      await this.pool
        .query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, batch])
        .catch((error) => this.logger?.warn({ err: error }, 'bus notify failed; consumers will poll'));
    }
    this.inFlight = undefined;
  }
}

/**
 * One LISTEN connection: emits `produced(topic, partition)` on notifications and `reconnected` whenever
 * it (re)connects (consumers then re-read, since notifications may have been missed meanwhile).
 */
export class BusWakeups extends EventEmitter {
  private client: Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly schema: string,
    private readonly retryMs: number,
    private readonly logger?: Pick<ProcessorLogger, 'warn'>,
  ) {
    super();
    this.setMaxListeners(0);
  }

  start(): Promise<void> {
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.starting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    client.on('notification', (n) => {
      const payload = n.payload ?? '';
      const colon = payload.indexOf(':');
      if (colon > 0) this.emit('produced', payload.slice(colon + 1), Number(payload.slice(0, colon)));
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('bus listener connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN "${busChannel(this.schema)}"`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.emit('reconnected');
  }

  private lost(client: Client, error: Error): void {
    if (this.stopped) return;
    if (this.client && this.client !== client) return;
    if (!this.client && this.retryTimer) return;
    this.client = undefined;
    this.logger?.warn({ err: error }, 'bus listener lost; polling until it reconnects');
    client.end().catch(() => undefined);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (isUnavailable(error)) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
