import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { ConsumerHealth, ReceivedMessage } from '../bus';
import { BusServer, type BusServerOptions } from '../bus-server';
import { describeError, SimulatedCrash } from '../errors';
import { ensureInboxTable } from '../inbox';
import {
  deadLetterMessage,
  MessageProcessor,
  ProcessingAborted,
  type Failure,
  type ProcessorLogger,
} from '../processor';
import { dlqTopicOf, isDlqTopic } from '../topics';
import {
  BusWakeups,
  clientConfigOf,
  EmbeddedBusProducer,
  ensureEmbeddedTopics,
  openBusPool,
  partitionCounts,
  readPartition,
  type EmbeddedBusConnection,
} from './embedded-bus';
import { DEFAULT_BUS_SCHEMA, migrateBusSchema, quoteIdent } from './schema';

export interface EmbeddedBusServerOptions extends EmbeddedBusConnection, BusServerOptions {
  /** This member's id in the group; unique per process. Defaults to `<host>-<pid>-<random>`. */
  readonly memberId?: string;
  /** Defaults to 1000. */
  readonly heartbeatMs?: number;
  /** A member silent this long is gone; its leases expire and others take its partitions. Defaults to 10000. */
  readonly sessionTimeoutMs?: number;
  /** Re-read interval when no notification arrives. Defaults to 500. */
  readonly pollIntervalMs?: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

const silent: ProcessorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The member's lease on a partition is gone (taken over, or not renewed in time): stop, commit nothing. */
class LeaseLost extends Error {
  constructor(key: string) {
    super(`lease on ${key} lost`);
    this.name = 'LeaseLost';
  }
}

/**
 * Nest custom transport on the embedded bus (PostgreSQL tables with Kafka's semantics), the same contract
 * as KafkaBusServer: offsets committed only after the handler's transaction committed, redeliveries
 * absorbed by the inbox, failing messages retried then dead-lettered to `<topic>.dlq`, crashed loops
 * restarted with health turning red meanwhile.
 *
 * Consumer group: members heartbeat into `members`. Every heartbeat, each member lists the live members
 * (sorted) and the subscribed partitions (sorted by topic, partition) and takes partition i when
 * i mod n is its own index. It consumes a partition only while it holds the partition's lease (claimed
 * when free, expired or already its own; renewed with each heartbeat); it lets go of a partition assigned
 * elsewhere after its in-flight batch. Offset commits are fenced by the lease row, so at most one member
 * commits a partition; a dead member's leases expire after the session timeout.
 */
export class EmbeddedBusServer extends BusServer {
  readonly memberId: string;
  private readonly schema: string;
  private readonly log: ProcessorLogger;
  private readonly heartbeatMs: number;
  private readonly sessionTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly restartDelayMs: number;
  private readonly maxBatchSize: number;
  private pool: Pool | undefined;
  private ownsPool = false;
  private producer: EmbeddedBusProducer | undefined;
  private wakeups: BusWakeups | undefined;
  private readonly abort = new AbortController();
  private phase: 'idle' | 'running' | 'stopping' | 'closed' = 'idle';
  private deadBy: string | undefined;
  private crashes = 0;
  private readonly failing = new Map<string, string>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatInFlight: Promise<void> | undefined;
  /** performance.now() until which this member's leases are surely valid (last renewal start + timeout). */
  private leaseFreshUntil = 0;
  private readonly workers = new Map<string, PartitionWorker>();
  /** Partitions being let go of: not claimed again until their worker finished and the lease is released. */
  private readonly retiring = new Map<string, Promise<void>>();
  private readonly slots: Semaphore;
  private readonly host: WorkerHost;

  constructor(private readonly options: EmbeddedBusServerOptions) {
    super();
    this.memberId = options.memberId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.schema = options.schema ?? DEFAULT_BUS_SCHEMA;
    quoteIdent(this.schema);
    this.log = options.logger ?? silent;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.restartDelayMs = options.restartDelayMs ?? 2000;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    this.slots = new Semaphore(options.partitionsConsumedConcurrently ?? 3);
    this.host = this.workerHost();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error) => callback(error),
    );
  }

  /** Joins the group; resolves once the first heartbeat claimed this member's partitions. */
  async start(): Promise<void> {
    if (this.phase !== 'idle') throw new Error('EmbeddedBusServer can be started once');
    this.phase = 'running';
    try {
      const { pool, owned } = openBusPool({
        ...this.options,
        applicationName: this.options.applicationName ?? `baton-bus:${this.options.group}`,
      });
      this.pool = pool;
      this.ownsPool = owned;
      if (owned) pool.on('error', (error) => this.log.warn({ err: error }, 'idle bus connection failed'));
      await migrateBusSchema(pool, this.schema);
      if (this.options.createTopics !== false) {
        await ensureEmbeddedTopics(pool, this.schema, [
          ...this.options.topics,
          ...this.options.topics
            .filter((t) => !isDlqTopic(t.name))
            .map((t) => ({ name: dlqTopicOf(t.name), partitions: 1 })),
        ]);
      }
      this.producer = new EmbeddedBusProducer({
        pool,
        schema: this.schema,
        logger: this.log,
        retry: { retries: 3 },
      });
      await ensureInboxTable(this.options.dataSource);
      this.wakeups = new BusWakeups(clientConfigOf(pool), this.schema, this.restartDelayMs, this.log);
      this.wakeups.on('produced', (topic: string, partition: number) =>
        this.workers.get(keyOf(topic, partition))?.wake(),
      );
      this.wakeups.on('reconnected', () => this.workers.forEach((w) => w.wake()));
      await this.wakeups.start();
      await this.heartbeat();
      this.scheduleHeartbeat(this.heartbeatMs);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  health(): ConsumerHealth {
    const crashes = this.crashes;
    if (this.deadBy) return { status: 'down', detail: `crashed: ${this.deadBy}`, crashes };
    if (this.phase === 'idle') return { status: 'down', detail: 'not started', crashes };
    if (this.phase !== 'running') return { status: 'down', detail: 'closed', crashes };
    for (const [what, why] of this.failing)
      return { status: 'down', detail: `${what} crashed: ${why}`, crashes };
    return {
      status: 'up',
      detail: `consuming ${this.workers.size} partition(s) as ${this.memberId}`,
      crashes,
    };
  }

  /** The partitions this member consumes right now. */
  assignment(): TopicPartition[] {
    return [...this.workers.values()]
      .map((w) => ({ topic: w.topic, partition: w.partition }))
      .sort((a, b) => compareText(a.topic, b.topic) || a.partition - b.partition);
  }

  /** Stops consuming (in-flight batches finish or abort), releases this member's leases and leaves the group. */
  async close(): Promise<void> {
    if (this.phase === 'closed' || this.phase === 'stopping') return;
    this.phase = 'stopping';
    clearTimeout(this.heartbeatTimer);
    await this.heartbeatInFlight;
    this.abort.abort();
    this.workers.forEach((w) => w.stop('abort'));
    await Promise.all([...this.workers.values()].map((w) => w.done));
    await Promise.all(this.retiring.values());
    this.workers.clear();
    if (!this.deadBy && this.pool) {
      await this.pool
        .query(
          `WITH released AS (DELETE FROM ${this.table('leases')} WHERE consumer_group = $1 AND owner = $2)
           DELETE FROM ${this.table('members')} WHERE consumer_group = $1 AND member_id = $2`,
          [this.options.group, this.memberId],
        )
        .catch((error) => this.log.warn({ err: error }, 'could not leave the group; its leases will expire'));
    }
    await this.wakeups?.stop();
    await this.producer?.close();
    if (this.ownsPool) await this.pool?.end().catch(() => undefined);
    this.phase = 'closed';
  }

  // --- group membership ---------------------------------------------------------------------------

  private scheduleHeartbeat(delay: number): void {
    if (this.phase !== 'running' || this.deadBy) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatInFlight = this.heartbeat().then(
        () => {
          this.failing.delete('heartbeat');
          this.scheduleHeartbeat(this.heartbeatMs);
        },
        (error) => {
          if (this.phase !== 'running' || this.deadBy) return;
          this.crashed('heartbeat', error);
          this.scheduleHeartbeat(this.restartDelayMs);
        },
      );
    }, delay);
  }

  /** One round: be alive, compute the assignment, renew/claim/let go of leases, start/stop workers. */
  private async heartbeat(): Promise<void> {
    const pool = this.pool!;
    const { group } = this.options;
    const me = this.memberId;
    const started = performance.now();
    await pool.query(
      `INSERT INTO ${this.table('members')} (consumer_group, member_id, heartbeat_at) VALUES ($1, $2, clock_timestamp())
       ON CONFLICT (consumer_group, member_id) DO UPDATE SET heartbeat_at = clock_timestamp()`,
      [group, me],
    );
    const renewed = await pool.query<{ topic: string; partition: number }>(
      `UPDATE ${this.table('leases')} SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'
        WHERE consumer_group = $1 AND owner = $2 RETURNING topic, partition`,
      [group, me, this.sessionTimeoutMs],
    );
    this.leaseFreshUntil = started + this.sessionTimeoutMs;
    const held = new Set(renewed.rows.map((r) => keyOf(r.topic, r.partition)));
    // Members silent for 10 session timeouts are forgotten (their leases are long expired by then).
    const live = await pool.query<{ member_id: string }>(
      `WITH forgotten AS (
         DELETE FROM ${this.table('members')}
          WHERE consumer_group = $1 AND heartbeat_at < clock_timestamp() - 10 * $2 * interval '1 millisecond'
       )
       SELECT member_id FROM ${this.table('members')}
        WHERE consumer_group = $1 AND heartbeat_at > clock_timestamp() - $2 * interval '1 millisecond'`,
      [group, this.sessionTimeoutMs],
    );
    const members = live.rows.map((r) => r.member_id);
    if (!members.includes(me)) members.push(me);
    const counts = await partitionCounts(
      pool,
      this.schema,
      this.options.topics.map((t) => t.name),
    );
    const assigned = new Map<string, TopicPartition>();
    assignPartitions(counts, members)
      .get(me)
      ?.forEach((tp) => assigned.set(keyOf(tp.topic, tp.partition), tp));
    if (this.phase !== 'running' || this.deadBy) return;

    for (const [key, worker] of this.workers) {
      if (!held.has(key)) {
        this.log.warn({ partition: key, member: me }, 'lease lost; stopping the partition');
        this.retire(key, worker, 'abort');
      } else if (!assigned.has(key)) {
        this.retire(key, worker, 'drain');
      }
    }
    for (const key of held) {
      if (!assigned.has(key) && !this.workers.has(key) && !this.retiring.has(key)) {
        await this.releaseLease(key);
      }
    }
    const wanted = [...assigned].filter(([key]) => !this.workers.has(key) && !this.retiring.has(key));
    if (!wanted.length) return;
    const claimed = await pool.query<{ topic: string; partition: number }>(
      `INSERT INTO ${this.table('leases')} AS l (consumer_group, topic, partition, owner, lease_until)
       SELECT $1, topic, partition, $2, clock_timestamp() + $3 * interval '1 millisecond'
         FROM unnest($4::text[], $5::int[]) AS w(topic, partition)
       ON CONFLICT (consumer_group, topic, partition) DO UPDATE
          SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
        WHERE l.owner = EXCLUDED.owner OR l.lease_until < clock_timestamp()
       RETURNING topic, partition`,
      [
        group,
        me,
        this.sessionTimeoutMs,
        wanted.map(([, tp]) => tp.topic),
        wanted.map(([, tp]) => tp.partition),
      ],
    );
    if (this.phase !== 'running' || this.deadBy) return;
    for (const { topic, partition } of claimed.rows) {
      const worker = new PartitionWorker(this.host, topic, partition);
      this.workers.set(worker.key, worker);
      worker.start();
    }
  }

  private retire(key: string, worker: PartitionWorker, mode: 'drain' | 'abort'): void {
    this.workers.delete(key);
    this.failing.delete(key);
    worker.stop(mode);
    const retired = worker.done.then(async () => {
      if (mode === 'drain' && this.phase === 'running' && !this.deadBy) await this.releaseLease(key);
    });
    this.retiring.set(key, retired);
    void retired.finally(() => {
      if (this.retiring.get(key) === retired) this.retiring.delete(key);
    });
  }

  private async releaseLease(key: string): Promise<void> {
    const { topic, partition } = parseKey(key);
    await this.pool!.query(
      `DELETE FROM ${this.table('leases')} WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND owner = $4`,
      [this.options.group, topic, partition, this.memberId],
    ).catch((error) =>
      this.log.warn({ err: error, partition: key }, 'could not release a lease; it will expire'),
    );
  }

  // --- what partition workers use -------------------------------------------------------------------

  private workerHost(): WorkerHost {
    return {
      options: this.options,
      signal: this.abort.signal,
      isDead: () => this.deadBy !== undefined,
      pollIntervalMs: this.pollIntervalMs,
      restartDelayMs: this.restartDelayMs,
      slots: this.slots,
      processor: (signal) =>
        this.createProcessor(
          this.options,
          this.memberId,
          (message, failure) => this.deadLetter(message, failure),
          signal,
        ),
      committedOffset: async (topic, partition) => {
        const { rows } = await this.pool!.query<{ committed: string }>(
          `SELECT committed_offset::text AS committed FROM ${this.table('committed_offsets')}
          WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
          [this.options.group, topic, partition],
        );
        return rows.length ? BigInt(rows[0].committed) : 0n;
      },
      read: (topic, partition, from) =>
        readPartition(this.pool!, this.schema, topic, partition, from, this.maxBatchSize),
      assertLeaseFresh: (key) => {
        if (performance.now() >= this.leaseFreshUntil) throw new LeaseLost(key);
      },
      commit: async (topic, partition, next) => {
        // Fenced by the lease row: a member that lost the partition commits nothing; the FOR SHARE lock makes
        // a concurrent takeover wait, so the new owner reads this commit.
        const { rowCount } = await this.pool!.query(
          `INSERT INTO ${this.table('committed_offsets')} (consumer_group, topic, partition, committed_offset, committed_at)
         SELECT l.consumer_group, l.topic, l.partition, $5::bigint, clock_timestamp() FROM ${this.table('leases')} l
          WHERE l.consumer_group = $1 AND l.topic = $2 AND l.partition = $3 AND l.owner = $4
            FOR SHARE
         ON CONFLICT (consumer_group, topic, partition)
         DO UPDATE SET committed_offset = EXCLUDED.committed_offset, committed_at = EXCLUDED.committed_at`,
          [this.options.group, topic, partition, this.memberId, next.toString()],
        );
        if (rowCount !== 1) throw new LeaseLost(keyOf(topic, partition));
      },
      crashed: (key, error) => this.crashed(key, error),
      recovered: (key) => this.failing.delete(key),
      exited: (worker) => {
        if (this.workers.get(worker.key) !== worker) return;
        this.workers.delete(worker.key);
        this.failing.delete(worker.key);
      },
      die: (error) => this.die(error),
    };
  }

  private async deadLetter(message: ReceivedMessage, failure: Failure): Promise<void> {
    await this.producer!.send([deadLetterMessage(message, failure, this.options.group)]);
  }

  private crashed(what: string, error: unknown): void {
    const { message } = describeError(error);
    this.crashes++;
    this.failing.set(what, message);
    this.log.error(
      { err: error, what, member: this.memberId },
      `${what} crashed; restarting in ${this.restartDelayMs} ms`,
    );
  }

  /** A SimulatedCrash: the "process" dies here. No commit, no heartbeat, no lease released (they expire). */
  private die(error: SimulatedCrash): void {
    if (this.deadBy) return;
    this.deadBy = error.message;
    this.log.error({ member: this.memberId }, `consumer died: ${error.message}`);
    clearTimeout(this.heartbeatTimer);
    this.abort.abort();
    this.workers.forEach((w) => w.stop('abort'));
  }

  private table(name: string): string {
    return `${quoteIdent(this.schema)}.${name}`;
  }
}

/**
 * Deterministic assignment every member computes alike: partition i of the (topic, partition) list sorted
 * by topic then partition goes to member i mod n of the sorted live members.
 */
export function assignPartitions(
  counts: ReadonlyMap<string, number>,
  members: readonly string[],
): Map<string, TopicPartition[]> {
  const sortedMembers = [...members].sort(compareText);
  const out = new Map<string, TopicPartition[]>(sortedMembers.map((m) => [m, []]));
  if (!sortedMembers.length) return out;
  let i = 0;
  for (const topic of [...counts.keys()].sort(compareText)) {
    for (let partition = 0; partition < counts.get(topic)!; partition++) {
      out.get(sortedMembers[i++ % sortedMembers.length])!.push({ topic, partition });
    }
  }
  return out;
}

interface WorkerHost {
  readonly options: EmbeddedBusServerOptions;
  readonly signal: AbortSignal;
  isDead(): boolean;
  readonly pollIntervalMs: number;
  readonly restartDelayMs: number;
  readonly slots: Semaphore;
  processor(signal: AbortSignal): MessageProcessor;
  committedOffset(topic: string, partition: number): Promise<bigint>;
  read(topic: string, partition: number, from: bigint): Promise<ReceivedMessage[]>;
  assertLeaseFresh(key: string): void;
  commit(topic: string, partition: number, next: bigint): Promise<void>;
  crashed(key: string, error: unknown): void;
  recovered(key: string): void;
  /** The worker stopped on its own (lease lost, aborted, died). */
  exited(worker: PartitionWorker): void;
  die(error: SimulatedCrash): void;
}

/** Consumes one partition in order: read from the committed offset, process a batch, commit, repeat. */
class PartitionWorker {
  readonly key: string;
  done: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private draining = false;
  private woken = false;
  private wakeWaiter: (() => void) | undefined;

  constructor(
    private readonly host: WorkerHost,
    readonly topic: string,
    readonly partition: number,
  ) {
    this.key = keyOf(topic, partition);
    this.signal = AbortSignal.any([host.signal, this.abort.signal]);
    this.signal.addEventListener('abort', () => this.wakeWaiter?.(), { once: true });
  }

  start(): void {
    this.done = this.run().finally(() => this.host.exited(this));
  }

  /** drain: stop after the in-flight batch (and commit it); abort: stop now, in-flight retries give up. */
  stop(mode: 'drain' | 'abort'): void {
    this.draining = true;
    if (mode === 'abort') this.abort.abort();
    this.wakeWaiter?.();
  }

  wake(): void {
    this.woken = true;
    this.wakeWaiter?.();
  }

  private get stopped(): boolean {
    return this.draining || this.signal.aborted;
  }

  private async run(): Promise<void> {
    const processor = this.host.processor(this.signal);
    while (!this.stopped) {
      try {
        await this.consume(processor);
      } catch (error) {
        if (error instanceof SimulatedCrash) {
          this.host.die(error);
          return;
        }
        if (error instanceof ProcessingAborted || error instanceof LeaseLost || this.stopped) return;
        this.host.crashed(this.key, error);
        await this.pause(this.host.restartDelayMs, false);
      }
    }
  }

  private async consume(processor: MessageProcessor): Promise<void> {
    let offset = await this.host.committedOffset(this.topic, this.partition);
    let running = false;
    while (!this.stopped) {
      this.woken = false;
      const messages = await this.host.read(this.topic, this.partition, offset);
      if (!running) {
        running = true;
        this.host.recovered(this.key);
      }
      if (!messages.length) {
        await this.pause(this.host.pollIntervalMs, true);
        continue;
      }
      const release = await this.host.slots.acquire();
      try {
        if (this.stopped) return;
        this.host.assertLeaseFresh(this.key);
        this.host.options.hooks?.beforeBatch?.(this.topic, this.partition);
        await processor.processBatch(messages);
        if (this.host.isDead()) return;
        const next = BigInt(messages[messages.length - 1].offset) + 1n;
        await this.host.commit(this.topic, this.partition, next);
        offset = next;
      } finally {
        release();
      }
    }
  }

  /** Waits `ms`, or less when stopped (or, if wakeable, when messages were produced to the partition). */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.woken)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const waiter = () => {
        if (wakeable || this.stopped) done();
      };
      this.wakeWaiter = waiter;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.wakeWaiter = undefined));
  }
}

/** FIFO counting semaphore: at most `size` partitions process a batch at once. */
class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`partitionsConsumedConcurrently must be a positive integer, got ${size}`);
    }
    this.free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

function keyOf(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

function parseKey(key: string): TopicPartition {
  const colon = key.indexOf(':');
  return { topic: key.slice(colon + 1), partition: Number(key.slice(0, colon)) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
