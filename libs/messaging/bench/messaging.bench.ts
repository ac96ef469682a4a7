// `npm run bench:messaging` — publish → handled through our messaging stack against a raw kafkajs
// producer → consumer on the same broker, in one run:
//   ceiling  raw kafkajs producer (sendBatch, acks -1, idempotent) → raw kafkajs consumer (eachBatch, no DB);
//   kafka    our publishing path (contract check, CloudEvents envelope) → KafkaBusProducer → KafkaBusServer in
//            a Nest microservice (createBusMicroservice): envelope decode, contract validation (ajv, the real
//            `firm-registry.indicators-reported.v1`), inbox row + an @EventPattern handler's upsert through
//            ctx.getManager() in one transaction per partition batch, offset commit after it;
//   embedded EmbeddedBusProducer → EmbeddedBusServer (the bus in PostgreSQL), same module and handler.
// (i) throughput: N messages sent as fast as possible, time from the first send until the last is handled;
// (ii) latency at a fixed rate (1,000/s for 15 s): handled time − scheduled send time, per message.
// Each session (contender × round) runs one consumer and one producer process of its own, on a fresh
// topic (6 partitions) and consumer group. Prints a table on stdout (progress on stderr) and writes
// docs/benchmarks/messaging.{json,md}.
//
// Environment: KAFKA_BROKERS (else a broker is started with deploy/kafka/kafka.sh on BENCH_KAFKA_PORT,
// default 19392, and stopped at the end), DATABASE_URL (else embedded PostgreSQL), BENCH_SCALE (multiplies
// message counts and the latency phase's duration, default 1), BENCH_ROUNDS (throughput rounds per contender,
// default 3), BENCH_RATE (default 1000), BENCH_LATENCY_S (default 15 × scale, at least 3),
// BENCH_DIAGNOSTICS=0 (skip the raw+upsert diagnostic and the CPU profiles), BENCH_CONTENDERS (comma list
// of raw,kafka,embedded for investigations; such a partial run writes no files unless BENCH_OUTPUT_DIR is
// set), BENCH_OUTPUT_DIR (default docs/benchmarks).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  createBenchDatabase,
  finishEnvironment,
  goal,
  goalsText,
  median,
  progress,
  readNumber,
  round,
  readEnvironment,
  startServer,
  writeJson,
  type BenchDatabase,
  type BenchServer,
  type Goal,
} from '@baton/testing/bench';
import { dlqTopicOf } from '../src/topics';
import { EVENT_TYPE, FIRMS, messageSize, PARTITIONS } from './messages';
import type { ProfileSummary } from './profile';
import {
  stats,
  type BurstResult,
  type ContenderName,
  type FromWorker,
  BATCHED_FETCH,
  type LatencyStats,
  type PacedResult,
  type SessionSetup,
  type StopResult,
  type ToWorker,
  type WindowResult,
} from './protocol';
import { fmt, metric, table, writeMarkdown, type Metric, type Report } from './report';
import {
  cpuSnapshot,
  cpuUse,
  openBroker,
  pgCounters,
  pgDelta,
  REPO_ROOT,
  type Broker,
  type CpuUse,
} from './system';

process.env.BENCH_T0 ??= String(Date.now());

const SCALE = readNumber('BENCH_SCALE', 1);
const ROUNDS = Math.round(readNumber('BENCH_ROUNDS', 3));
const N = Math.max(500, Math.round(20_000 * SCALE));
const WARMUP = Math.max(200, Math.round(2_000 * SCALE));
const RATE = readNumber('BENCH_RATE', 1000);
const LATENCY_S = readNumber('BENCH_LATENCY_S', Math.max(3, 15 * SCALE));
const LOW_RATE = readNumber('BENCH_LOW_RATE', 250);
const LOW_RATE_S = Math.max(3, Math.round(10 * SCALE));
const WINDOW_TIMEOUT_S = readNumber('BENCH_WINDOW_TIMEOUT_S', 120);
const DIAGNOSTICS = process.env.BENCH_DIAGNOSTICS !== '0';
const PRODUCER_BATCH = 200; // EventPublisher's default batch
const CONCURRENCY = 3; // partitionsConsumedConcurrently: both transports' default
const MAX_BATCH = 100; // messages per handler transaction: both transports' default
const DB_POOL = 10; // the handlers' TypeORM pool (pg's default size)
const ALL: ContenderName[] = ['raw', 'kafka', 'embedded'];
const ONLY = process.env.BENCH_CONTENDERS?.split(',').map((c) => c.trim() as ContenderName);
const CONTENDERS = ALL.filter((c) => !ONLY || ONLY.includes(c));
const OUTPUT_DIR = path.resolve(
  process.env.BENCH_OUTPUT_DIR ?? path.join(__dirname, '../../../docs/benchmarks'),
);
const RUN_ID = randomBytes(3).toString('hex');

const LABEL: Record<ContenderName, string> = {
  raw: 'raw kafkajs',
  kafka: 'ours/Kafka',
  embedded: 'ours/embedded',
  'raw-db': 'raw kafkajs + upsert',
  'kafka-c6': `ours/Kafka, ${PARTITIONS} partitions at once`,
  'kafka-fetch': `ours/Kafka, fetch ≥ ${BATCHED_FETCH.minBytes / 1024} KB or ${BATCHED_FETCH.maxWaitTimeInMs} ms`,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const n0 = (v: number) => Math.round(v).toLocaleString('en-US');

// --- worker processes -----------------------------------------------------------------------------------

const children = new Set<ChildProcess>();

class Worker {
  readonly child: ChildProcess;
  pid: number | undefined;
  private readonly inbox = new Map<string, FromWorker[]>();
  private readonly waiting = new Map<
    string,
    { resolve: (m: FromWorker) => void; reject: (e: Error) => void }
  >();
  private failure: Error | undefined;
  onProgress: ((handled: number) => void) | undefined;

  constructor(
    readonly label: string,
    role: 'consumer' | 'producer',
    setup: SessionSetup,
  ) {
    this.child = fork(path.join(__dirname, 'worker.ts'), [], { stdio: ['ignore', 2, 2, 'ipc'] });
    children.add(this.child);
    this.child.on('message', (m: FromWorker) => this.receive(m));
    this.child.once('exit', (code, signal) => {
      children.delete(this.child);
      this.fail(new Error(`${label} exited (${code ?? signal})`));
    });
    this.child.send({ type: 'setup', role, setup } satisfies ToWorker);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'progress') return this.onProgress?.(m.handled);
    if (m.type === 'log') return progress(`  [${this.label}] ${m.level}: ${m.message}`);
    if (m.type === 'failed') return this.fail(new Error(`${this.label} failed:\n${m.error}`));
    if (m.type === 'ready') this.pid = m.pid;
    const waiter = this.waiting.get(m.type);
    if (waiter) {
      this.waiting.delete(m.type);
      waiter.resolve(m);
    } else {
      this.inbox.set(m.type, [...(this.inbox.get(m.type) ?? []), m]);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }

  /** The next message of this type (registered now, so call it before the action that causes it). */
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    const queued = this.inbox.get(type);
    if (queued?.length) return Promise.resolve(queued.shift() as Extract<FromWorker, { type: T }>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) =>
      this.waiting.set(type, { resolve: resolve as (m: FromWorker) => void, reject }),
    );
  }

  send(message: ToWorker): void {
    this.child.send(message);
  }

  async stop(): Promise<StopResult | null> {
    if (this.child.exitCode !== null) return null;
    const stopped = this.next('stopped');
    this.send({ type: 'stop' });
    const timeout = sleep(30_000).then(() => {
      throw new Error(`${this.label} did not stop in 30 s`);
    });
    try {
      return (await Promise.race([stopped, timeout])).result;
    } catch (error) {
      this.child.kill('SIGKILL');
      throw error;
    }
  }
}

// --- one session: a contender's consumer and producer, warm-up, throughput, optionally latency ----------

interface ThroughputRun {
  readonly contender: ContenderName;
  readonly round: number;
  readonly messages: number;
  readonly handled: number;
  readonly timed_out: boolean;
  readonly seconds: number;
  readonly messages_per_s: number;
  /** How long the producer alone took to get all N acknowledged. */
  readonly producer_s: number;
  readonly producer_messages_per_s: number;
  readonly consumer: Omit<WindowResult, 'latencies' | 'profile'>;
  readonly cpu: CpuUse;
  readonly postgres?: Record<string, number>;
  readonly profile?: ProfileSummary;
}

interface LatencyRun {
  readonly contender: ContenderName;
  readonly rate: number;
  readonly duration_s: number;
  readonly sent: number;
  readonly handled: number;
  readonly timed_out: boolean;
  /** Messages handled per second over the phase (first send → last handled). */
  readonly achieved_rate: number;
  readonly latency: LatencyStats;
  readonly handler_latency?: LatencyStats;
  readonly producer: Omit<PacedResult, 'firstSendAt' | 'lastAckAt'>;
  readonly consumer: Pick<WindowResult, 'elu' | 'cpuUserMs' | 'cpuSystemMs' | 'transactions'>;
  readonly cpu: CpuUse;
}

interface SessionOutcome {
  readonly throughput?: ThroughputRun;
  readonly latency: LatencyRun[];
  readonly verify: Record<string, unknown>;
}

interface Context {
  readonly broker: Broker;
  readonly db: BenchDatabase;
  readonly admin: Client;
  readonly topics: string[];
}

async function session(
  ctx: Context,
  contender: ContenderName,
  round: number,
  options: { throughput: boolean; latency: { rate: number; seconds: number }[]; profile: boolean },
): Promise<SessionOutcome> {
  const id = `${RUN_ID}-${contender.replace('-', '')}-${options.profile ? 'profile' : `r${round}`}`;
  const setup: SessionSetup = {
    contender,
    brokers: ctx.broker.brokers,
    dbUrl: ctx.db.url,
    topic: `bench.${id}`,
    group: `bench-${id}`,
    table: `effects_${id.replace(/-/g, '_')}`,
    producerBatch: PRODUCER_BATCH,
    partitionsConsumedConcurrently: contender === 'kafka-c6' ? PARTITIONS : CONCURRENCY,
    maxBatchSize: MAX_BATCH,
    dbPool: DB_POOL,
  };
  if (contender !== 'embedded') ctx.topics.push(setup.topic, dlqTopicOf(setup.topic));
  const tag = `${LABEL[contender]}${options.profile ? ' (profiled)' : round ? ` r${round}` : ''}`;
  const consumer = new Worker(`${tag} consumer`, 'consumer', setup);
  const producer = new Worker(`${tag} producer`, 'producer', setup);
  let seq = 0;
  try {
    await consumer.next('ready');
    await producer.next('ready');
    const cpuGroups = () => ({
      consumer: consumer.pid,
      producer: producer.pid,
      kafka_broker: ctx.broker.pid,
    });
    const snapshot = () => cpuSnapshot();

    const window = async (n: number, record: boolean, timeoutMs: number, profile = false) => {
      const armed = consumer.next('window-armed');
      consumer.send({ type: 'window', n, record, timeoutMs, profile });
      await armed;
      // Wrapped: an async function returning the promise itself would wait for the window's end.
      return { done: consumer.next('window-done') };
    };
    let lastLine = 0;
    consumer.onProgress = (handled) => {
      if (Date.now() - lastLine < 2500) return;
      lastLine = Date.now();
      progress(`  ${tag}: ${n0(handled)} handled`);
    };

    // Warm-up: connections, JIT, group membership settled.
    const warm = await window(WARMUP, false, WINDOW_TIMEOUT_S * 1000);
    const warmBurst = producer.next('burst-done');
    producer.send({ type: 'burst', n: WARMUP, firstSeq: seq });
    seq += WARMUP;
    await warmBurst;
    const warmed = (await warm.done).result;
    if (warmed.timedOut) throw new Error(`${tag}: warm-up timed out (${warmed.handled}/${WARMUP})`);
    progress(`  ${tag}: warmed up (${n0(WARMUP)} messages)`);

    let throughput: ThroughputRun | undefined;
    if (options.throughput) {
      const cpu0 = snapshot();
      const pg0 = await pgCounters(ctx.admin, ctx.db.name);
      const done = await window(N, false, WINDOW_TIMEOUT_S * 1000, options.profile);
      const burstDone = producer.next('burst-done');
      producer.send({ type: 'burst', n: N, firstSeq: seq });
      seq += N;
      const burst: BurstResult = (await burstDone).result;
      const w = (await done.done).result;
      const cpu = cpuUse(cpu0, snapshot(), cpuGroups());
      const wal = await pgCounters(ctx.admin, ctx.db.name);
      await sleep(1200); // pg_stat_database counters are flushed by backends at most once a second
      const pg1 = { ...(await pgCounters(ctx.admin, ctx.db.name)), walLsn: wal.walLsn };
      const seconds = (w.lastAt - burst.firstSendAt) / 1000;
      const { latencies: _l, profile, ...consumerStats } = w;
      throughput = {
        contender,
        round,
        messages: N,
        handled: w.handled,
        timed_out: w.timedOut,
        seconds: round3(seconds),
        messages_per_s: w.handled / seconds,
        producer_s: round3((burst.lastAckAt - burst.firstSendAt) / 1000),
        producer_messages_per_s: Math.round(N / ((burst.lastAckAt - burst.firstSendAt) / 1000)),
        consumer: consumerStats,
        cpu,
        postgres: await pgDelta(ctx.admin, pg0, pg1),
        profile,
      };
      progress(
        `  ${tag}: throughput ${n0(throughput.messages_per_s)} messages/s (${n0(w.handled)} in ${seconds.toFixed(2)} s; producer alone ${n0(throughput.producer_messages_per_s)}/s; machine ${Math.round(cpu.machine_busy * 100)}% busy)${w.timedOut ? ' — TIMED OUT' : ''}`,
      );
    }

    const latency: LatencyRun[] = [];
    for (const { rate, seconds } of options.latency) {
      const total = Math.round(rate * seconds);
      progress(`  ${tag}: latency phase, ${n0(rate)} messages/s for ${seconds} s ...`);
      const cpu0 = snapshot();
      const done = await window(total, true, (seconds + 30) * 1000);
      const pacedDone = producer.next('paced-done');
      producer.send({ type: 'paced', rate, durationMs: seconds * 1000, firstSeq: seq });
      seq += total;
      const paced: PacedResult = (await pacedDone).result;
      const w = (await done.done).result;
      const cpu = cpuUse(cpu0, snapshot(), cpuGroups());
      const l = stats(w.latencies ?? []);
      const { firstSendAt, lastAckAt: _a, ...producerStats } = paced;
      latency.push({
        contender,
        rate,
        duration_s: seconds,
        sent: paced.sent,
        handled: w.handled,
        timed_out: w.timedOut,
        achieved_rate: w.handled / ((w.lastAt - firstSendAt) / 1000),
        latency: l,
        handler_latency: w.handlerLatency,
        producer: producerStats,
        consumer: {
          elu: w.elu,
          cpuUserMs: w.cpuUserMs,
          cpuSystemMs: w.cpuSystemMs,
          transactions: w.transactions,
        },
        cpu,
      });
      progress(
        `  ${tag}: at ${n0(rate)}/s: p50 ${l.p50.toFixed(2)} ms, p95 ${l.p95.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(1)} ms (${n0(w.handled)}/${n0(paced.sent)} handled; machine ${Math.round(cpu.machine_busy * 100)}% busy)`,
      );
    }

    await producer.stop();
    const stopped = await consumer.stop();
    const expected = seq;
    const verify: Record<string, unknown> = { sent: expected, ...stopped };
    const problems: string[] = [];
    if (stopped) {
      if (stopped.handled !== expected) problems.push(`handled ${stopped.handled} of ${expected}`);
      if (stopped.effects !== null && stopped.effects !== expected)
        problems.push(`effects ${stopped.effects} ≠ ${expected}`);
      if (stopped.inboxRows !== null && stopped.inboxRows !== expected)
        problems.push(`inbox rows ${stopped.inboxRows} ≠ ${expected}`);
      if (stopped.errors) problems.push(`${stopped.errors} error(s) logged`);
    }
    verify.ok = problems.length === 0;
    if (problems.length) {
      verify.problems = problems;
      progress(`  ${tag}: CHECK FAILED: ${problems.join('; ')}`);
    }
    return { throughput, latency, verify };
  } finally {
    for (const w of [producer, consumer]) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  }
}

const round3 = (v: number) => round(v, 3);

function versionOf(pkg: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

// --- environment ------------------------------------------------------------------------------------------

function environmentOf(admin: Client, server: BenchServer, db: BenchDatabase, broker: Broker) {
  return readEnvironment({
    script: 'bench:messaging',
    server,
    db,
    admin,
    settings: [
      'fsync',
      'synchronous_commit',
      'wal_sync_method',
      'full_page_writes',
      'commit_delay',
      'shared_buffers',
      'max_connections',
    ],
    commandEnv: [
      broker.mode === 'KAFKA_BROKERS' ? `KAFKA_BROKERS=${broker.brokers.join(',')}` : '',
      SCALE !== 1 ? `BENCH_SCALE=${SCALE}` : '',
      ROUNDS !== 3 ? `BENCH_ROUNDS=${ROUNDS}` : '',
    ],
    services: {
      kafka: {
        version: broker.version,
        mode: broker.mode,
        brokers: broker.brokers.join(','),
        partitions: PARTITIONS,
      },
      kafkajs: versionOf('kafkajs'),
      nestjs_microservices: versionOf('@nestjs/microservices'),
      typeorm: versionOf('typeorm'),
    },
    run: {
      scale: SCALE,
      rounds: ROUNDS,
      messages_per_throughput_run: N,
      warmup_messages: WARMUP,
      latency_rate: RATE,
      latency_duration_s: LATENCY_S,
      message: { type: EVENT_TYPE, firm_keys: FIRMS, ...messageSize() },
      producer_batch: PRODUCER_BATCH,
      consumer: {
        partitions_consumed_concurrently: CONCURRENCY,
        max_batch_size: MAX_BATCH,
        handler_db_pool: DB_POOL,
      },
    },
  });
}

// --- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  progress(
    `messaging bench: ${ROUNDS} round(s) × N=${n0(N)} messages per contender (${CONTENDERS.join(', ')}), latency ${n0(RATE)}/s for ${LATENCY_S} s; scale ${SCALE}`,
  );
  let server: BenchServer | undefined;
  let db: BenchDatabase | undefined;
  let admin: Client | undefined;
  let broker: Broker | undefined;
  const topics: string[] = [];
  const cleanup = async () => {
    for (const child of children) child.kill('SIGKILL');
    await admin?.end().catch(() => undefined);
    if (db) {
      await db.drop().catch((e) => progress(`could not drop ${db!.name}: ${(e as Error).message}`));
      progress(`database ${db.name} dropped`);
    }
    await server?.stop().catch(() => undefined);
    if (broker?.mode === 'KAFKA_BROKERS' && topics.length) {
      const kafka = new Kafka({
        brokers: broker.brokers,
        clientId: 'bench-cleanup',
        logLevel: logLevel.NOTHING,
      });
      const a = kafka.admin();
      await a
        .connect()
        .then(async () => {
          const existing = new Set(await a.listTopics());
          const mine = topics.filter((t) => existing.has(t));
          if (mine.length) await a.deleteTopics({ topics: mine });
          progress(`deleted ${mine.length} bench topic(s) from ${broker!.brokers.join(',')}`);
        })
        .catch((e) => progress(`could not delete bench topics: ${(e as Error).message}`))
        .finally(() => a.disconnect());
    }
    await broker?.stop().catch((e) => progress(`could not stop the broker: ${(e as Error).message}`));
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: cleaning up');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    broker = await openBroker(progress);
    server = await startServer(progress);
    db = await createBenchDatabase(server.adminUrl);
    progress(`database ${db.name} created`);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    const environment = await environmentOf(admin, server, db, broker);
    const ctx: Context = { broker, db, admin, topics };
    await warmBroker(broker, topics);

    const throughputRuns: ThroughputRun[] = [];
    const diagnosticRuns: ThroughputRun[] = [];
    const latencyRuns = new Map<ContenderName, LatencyRun>();
    const otherLatencyRuns: LatencyRun[] = [];
    const verify: Record<string, unknown> = {};
    const latencyRound = Math.min(2, ROUNDS);
    const phases = [
      { rate: RATE, seconds: LATENCY_S },
      ...(DIAGNOSTICS ? [{ rate: LOW_RATE, seconds: LOW_RATE_S }] : []),
    ];
    for (let r = 1; r <= ROUNDS; r++) {
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + r - 1) % CONTENDERS.length]);
      progress(`round ${r}/${ROUNDS}: ${order.map((c) => LABEL[c]).join(' → ')}`);
      for (const c of order) {
        const out = await session(ctx, c, r, {
          throughput: true,
          latency: r === latencyRound ? phases : [],
          profile: false,
        });
        if (out.throughput) throughputRuns.push(out.throughput);
        for (const l of out.latency) {
          if (l.rate === RATE) latencyRuns.set(c, l);
          else otherLatencyRuns.push(l);
        }
        verify[`${c}-r${r}`] = out.verify;
      }
    }
    const profiles: Partial<Record<ContenderName, ThroughputRun>> = {};
    if (DIAGNOSTICS) {
      if (CONTENDERS.includes('raw')) {
        progress('diagnostic: raw kafkajs consumer doing the same upsert, no envelope/validation/inbox/Nest');
        const out = await session(ctx, 'raw-db', 0, { throughput: true, latency: [], profile: false });
        if (out.throughput) diagnosticRuns.push(out.throughput);
        verify['raw-db'] = out.verify;
      }
      if (CONTENDERS.includes('kafka')) {
        progress(
          `diagnostic: ours/Kafka with partitionsConsumedConcurrently ${PARTITIONS} instead of ${CONCURRENCY}`,
        );
        const out = await session(ctx, 'kafka-c6', 0, {
          throughput: true,
          latency: [{ rate: RATE, seconds: LATENCY_S }],
          profile: false,
        });
        if (out.throughput) diagnosticRuns.push(out.throughput);
        otherLatencyRuns.push(...out.latency);
        verify['kafka-c6'] = out.verify;
        progress(
          `diagnostic: ours/Kafka whose consumer fetches wait for ${BATCHED_FETCH.minBytes} bytes or ${BATCHED_FETCH.maxWaitTimeInMs} ms`,
        );
        const batched = await session(ctx, 'kafka-fetch', 0, {
          throughput: true,
          latency: [{ rate: RATE, seconds: LATENCY_S }],
          profile: false,
        });
        if (batched.throughput) diagnosticRuns.push(batched.throughput);
        otherLatencyRuns.push(...batched.latency);
        verify['kafka-fetch'] = batched.verify;
      }
      for (const c of CONTENDERS.filter((x) => x !== 'raw')) {
        progress(
          `diagnostic: CPU profile of the ${LABEL[c]} consumer over one throughput window (not used in the metrics)`,
        );
        const out = await session(ctx, c, 0, { throughput: true, latency: [], profile: true });
        profiles[c] = out.throughput;
        verify[`${c}-profile`] = out.verify;
      }
    }

    const tput = (c: ContenderName) => throughputRuns.filter((t) => t.contender === c);
    const medianRate = (c: ContenderName) => {
      const runs = tput(c);
      return runs.length ? median(runs.map((t) => t.messages_per_s)) : NaN;
    };
    const raw = medianRate('raw');
    const rawLatency = latencyRuns.get('raw');
    const metrics: Metric[] = [];
    for (const c of CONTENDERS.filter((x) => x !== 'raw')) {
      metrics.push(
        metric(
          `throughput_${c}`,
          'messages/s',
          `${LABEL[c]}: ${n0(N)} messages sent as fast as possible (batches of ${PRODUCER_BATCH}), first send → last handled (effect committed); median of ${tput(c).length} round(s). Ceiling: raw kafkajs producer → consumer on the same broker, no DB.`,
          { ours: medianRate(c), ceiling: Number.isNaN(raw) ? null : raw, peer: null },
          { sample_messages: N },
        ),
      );
    }
    for (const c of CONTENDERS.filter((x) => x !== 'raw')) {
      const l = latencyRuns.get(c);
      if (!l) continue;
      for (const p of ['p50', 'p95', 'p99'] as const) {
        metrics.push(
          metric(
            `latency_${c}_at_${RATE}_per_s_${p}`,
            'ms',
            `${LABEL[c]} at ${n0(RATE)} messages/s for ${LATENCY_S} s: handled (effect committed) − scheduled send time. Ceiling: raw kafkajs at the same rate (handled = seen by eachBatch).`,
            { ours: l.latency[p], ceiling: rawLatency ? rawLatency.latency[p] : null, peer: null },
            { sample_messages: l.latency.count },
          ),
        );
      }
    }

    const goals = evaluateGoals(metrics, latencyRuns);
    const breakdown = breakdownLines(
      [...throughputRuns, ...diagnosticRuns],
      [...latencyRuns.values(), ...otherLatencyRuns],
      profiles,
    );
    const notes = methodNotes(verify);
    finishEnvironment(environment, t0);
    const runs = {
      throughput: throughputRuns,
      latency: Object.fromEntries(latencyRuns),
      diagnostics: { throughput: diagnosticRuns, latency: otherLatencyRuns },
      profiles,
      verify,
    };
    const report: Report = { environment, metrics, goals, notes, runs };

    const out = process.stdout;
    out.write(`\nMessaging benchmark — ${environment.command}\n`);
    out.write(
      `Kafka ${broker.version} (${broker.mode}); PostgreSQL ${environment.server.version} (${environment.database_mode}), ` +
        `fsync=${environment.server.fsync}, synchronous_commit=${environment.server.synchronous_commit}; ` +
        `Node ${environment.node}, ${environment.cpus} cores; scale ${SCALE}\n\n`,
    );
    out.write(`${table(metrics)}\n\n`);
    out.write(`Throughput per round (messages/s):\n`);
    for (const c of CONTENDERS) {
      const runsOf = tput(c);
      if (runsOf.length)
        out.write(
          `  ${LABEL[c].padEnd(22)} ${runsOf.map((t) => n0(t.messages_per_s).padStart(8)).join(' ')}\n`,
        );
    }
    out.write(`\nLatency at ${n0(RATE)}/s (ms):\n`);
    for (const [c, l] of latencyRuns) {
      out.write(
        `  ${LABEL[c].padEnd(22)} p50 ${fmt(l.latency.p50, 'ms').padStart(6)}  p95 ${fmt(l.latency.p95, 'ms').padStart(6)}  p99 ${fmt(l.latency.p99, 'ms').padStart(6)}  max ${fmt(l.latency.max, 'ms').padStart(6)}  (${n0(l.handled)} handled, ${n0(l.achieved_rate)}/s)\n`,
      );
    }
    if (diagnosticRuns.length || otherLatencyRuns.length) {
      out.write('\nDiagnostics (not in the metrics):\n');
      for (const t of diagnosticRuns)
        out.write(
          `  ${LABEL[t.contender].padEnd(32)} throughput ${n0(t.messages_per_s).padStart(6)} messages/s\n`,
        );
      for (const l of otherLatencyRuns)
        out.write(
          `  ${LABEL[l.contender].padEnd(32)} at ${n0(l.rate)}/s: p50 ${fmt(l.latency.p50, 'ms')}  p95 ${fmt(l.latency.p95, 'ms')}  p99 ${fmt(l.latency.p99, 'ms')}  max ${fmt(l.latency.max, 'ms')} ms\n`,
        );
    }
    out.write('\nGoals:\n');
    out.write(goalsText(goals));
    const failed = Object.entries(verify).filter(([, v]) => !(v as { ok: boolean }).ok);
    if (failed.length)
      out.write(`\nCHECKS FAILED in ${failed.map(([k]) => k).join(', ')} (see runs.verify)\n`);
    if (ONLY && !process.env.BENCH_OUTPUT_DIR) {
      out.write(
        `\nPartial run (BENCH_CONTENDERS=${ONLY.join(',')}): no files written (total ${environment.total_runtime_s} s)\n`,
      );
    } else {
      writeJson(path.join(OUTPUT_DIR, 'messaging.json'), report);
      await writeMarkdown(path.join(OUTPUT_DIR, 'messaging.md'), report, { breakdown });
      out.write(
        `\nWrote ${path.join(OUTPUT_DIR, 'messaging.json')} and messaging.md (total ${environment.total_runtime_s} s)\n`,
      );
    }
    if (failed.length) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/**
 * A freshly started broker JVM runs its first requests interpreted and its internal topics are still
 * loading: push messages through a throwaway topic before anything is measured.
 */
async function warmBroker(broker: Broker, topics: string[]): Promise<void> {
  const total = Math.max(2000, Math.round(20_000 * SCALE));
  const t0 = performance.now();
  const kafka = new Kafka({ brokers: broker.brokers, clientId: 'bench-warmup', logLevel: logLevel.NOTHING });
  const topic = `bench.${RUN_ID}-broker-warmup`;
  topics.push(topic);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: -1 }],
  });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-${RUN_ID}-broker-warmup` });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let seen = 0;
  let allSeen: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSeen = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= total) allSeen();
      },
    });
    await producer.connect();
    const value = Buffer.alloc(700, 'x');
    for (let i = 0; i < total; i += PRODUCER_BATCH) {
      const messages = Array.from({ length: Math.min(PRODUCER_BATCH, total - i) }, (_, j) => ({
        key: String((i + j) % FIRMS),
        value,
      }));
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    }
    await Promise.race([done, sleep(60_000)]);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
  }
  progress(
    `broker warmed up: ${n0(seen)} messages through ${topic} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function evaluateGoals(metrics: Metric[], latencyRuns: Map<ContenderName, LatencyRun>): Goal[] {
  const goals: Goal[] = [];
  const find = (name: string) => metrics.find((m) => m.name === name);
  const t = find('throughput_kafka');
  if (t && t.ratio_to_ceiling !== null) {
    goals.push(
      goal(
        '≥ 0.5× the raw kafkajs throughput with the inbox on',
        'throughput_kafka',
        t.ratio_to_ceiling,
        '>=',
        0.5,
        () =>
          `ours/Kafka handled ${n0(t.ours)} messages/s against the raw ceiling's ${n0(t.ceiling!)} messages/s: ${t.ratio_to_ceiling!.toFixed(2)}× (target ≥ 0.50×).`,
      ),
    );
  }
  for (const c of ['kafka', 'embedded'] as const) {
    const p99 = find(`latency_${c}_at_${RATE}_per_s_p99`);
    const run = latencyRuns.get(c);
    if (!p99 || !run) continue;
    goals.push(
      goal(
        `p99 < 100 ms at ${n0(RATE)} messages/s (${LABEL[c]})`,
        p99.name,
        p99.ours,
        '<',
        100,
        () =>
          `p99 ${fmt(p99.ours, 'ms')} ms (p50 ${fmt(run.latency.p50, 'ms')} ms, max ${fmt(run.latency.max, 'ms')} ms) over ${n0(run.latency.count)} messages at ${n0(run.achieved_rate)} handled/s${p99.ceiling !== null ? `; raw kafkajs at the same rate: p99 ${fmt(p99.ceiling, 'ms')} ms` : ''}.`,
      ),
    );
  }
  return goals;
}

function breakdownLines(
  runs: ThroughputRun[],
  latencyRuns: LatencyRun[],
  profiles: Partial<Record<ContenderName, ThroughputRun>>,
): string[] {
  const diagnostic = (c: ContenderName) => (ALL.includes(c) ? '' : ' (diagnostic)');
  const lines: string[] = [
    "Throughput windows, median round per contender (diagnostic contenders: one round). CPU seconds per 1,000 messages (from /proc): the consumer and the producer process, the Kafka broker JVM, all PostgreSQL processes, the kernel's softirq time (on 127.0.0.1 the network stack's receive side runs there, attributed to no process), and every other process; then the consumer process's event-loop utilisation (ELU) and its handler transactions.",
    '',
    '| contender | messages/s | producer alone (msg/s) | machine busy | consumer | producer | Kafka broker | PostgreSQL | kernel softirq | other processes | consumer ELU | transactions (msgs each, mean ms) | validation µs/msg | WAL bytes/msg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const contenders = [...new Set(runs.map((r) => r.contender))];
  for (const c of contenders) {
    const mine = runs.filter((r) => r.contender === c).sort((a, b) => a.messages_per_s - b.messages_per_s);
    const r = mine[Math.floor((mine.length - 1) / 2)];
    const per1k = (s: number | undefined) => (s === undefined ? '—' : ((s / r.handled) * 1000).toFixed(3));
    const tx = r.consumer.transactions;
    lines.push(
      `| ${LABEL[c]}${diagnostic(c)} | ${n0(r.messages_per_s)} | ${n0(r.producer_messages_per_s)} | ${Math.round(r.cpu.machine_busy * 100)}% | ${per1k(r.cpu.cpu_s.consumer)} | ${per1k(r.cpu.cpu_s.producer)} | ${per1k(r.cpu.cpu_s.kafka_broker)} | ${per1k(r.cpu.cpu_s.postgres)} | ${per1k(r.cpu.cpu_s.kernel_softirq)} | ${per1k(r.cpu.cpu_s.other_processes)} | ${r.consumer.elu.toFixed(2)} | ${tx ? `${n0(tx.count)} (${(r.handled / tx.count).toFixed(1)}, ${tx.mean_ms.toFixed(1)} ms)` : '—'} | ${r.consumer.validateMs ? ((r.consumer.validateMs / r.handled) * 1000).toFixed(1) : '—'} | ${r.postgres && r.postgres.wal_bytes ? n0(r.postgres.wal_bytes / r.handled) : '—'} |`,
    );
  }
  if (latencyRuns.length) {
    lines.push(
      '',
      `Latency phases: where the latency accrues. "handler invoked" is measured when the @EventPattern method starts (before the transaction's commit); "handled" after the commit (MessageProcessor's afterEffect hook). The ${n0(LOW_RATE)} messages/s rows are diagnostics: the same pipeline at a quarter of the load.`,
      '',
      '| contender | rate (msg/s) | handled p50 / p99 (ms) | handler invoked p50 / p99 (ms) | producer send p50 / p99 (ms) | producer lag p99 (ms) | consumer ELU | transactions (msgs each, mean ms) | machine busy | Kafka broker CPU (cores) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const l of latencyRuns) {
      const c = l.contender;
      const tx = l.consumer.transactions;
      const broker = l.cpu.cpu_s.kafka_broker;
      lines.push(
        `| ${LABEL[c]}${diagnostic(c)} | ${n0(l.rate)} | ${fmt(l.latency.p50, 'ms')} / ${fmt(l.latency.p99, 'ms')} | ${l.handler_latency ? `${fmt(l.handler_latency.p50, 'ms')} / ${fmt(l.handler_latency.p99, 'ms')}` : '—'} | ${fmt(l.producer.sendMs.p50, 'ms')} / ${fmt(l.producer.sendMs.p99, 'ms')} | ${fmt(l.producer.lagMs.p99, 'ms')} | ${l.consumer.elu.toFixed(2)} | ${tx ? `${n0(tx.count)} (${(l.handled / tx.count).toFixed(1)}, ${tx.mean_ms.toFixed(1)} ms)` : '—'} | ${Math.round(l.cpu.machine_busy * 100)}% | ${broker === undefined || c === 'embedded' ? '—' : (broker / l.cpu.wall_s).toFixed(2)} |`,
      );
    }
  }
  for (const [c, p] of Object.entries(profiles)) {
    if (!p?.profile) continue;
    const busy = p.profile.by_category.filter((x) => x.category !== 'idle');
    lines.push(
      '',
      `CPU profile of the ${LABEL[c as ContenderName]} consumer process over one throughput window (a separate diagnostic session at ${n0(p.messages_per_s)} messages/s; sampling adds overhead, so it is not in the metrics). Self time by where the code lives, share of the non-idle time:`,
      '',
      busy.map((x) => `${x.category} ${(x.share * 100).toFixed(1)}%`).join(' · '),
      '',
      `Top functions by self time: ${p.profile.top_functions
        .slice(0, 8)
        .map((f) => `\`${f.fn}\` (${f.where}) ${(f.share * 100).toFixed(1)}%`)
        .join('; ')}.`,
    );
  }
  return lines;
}

function methodNotes(verify: Record<string, unknown>): string[] {
  const failed = Object.entries(verify).filter(([, v]) => !(v as { ok: boolean }).ok);
  return [
    `Contenders, each on the same broker in the same run, with the same messages (the real \`${EVENT_TYPE}\` payload, keyed by ${FIRMS} firm ids, identical key/value/header bytes): ceiling = raw kafkajs producer (sendBatch, acks -1, idempotent, one request in flight — as our KafkaBusProducer) → raw kafkajs consumer (eachBatch, partitionsConsumedConcurrently ${CONCURRENCY}, kafkajs's default auto-commit — offsets committed after each batch, as ours does — no database); ours/Kafka = EventPublisher's per-message path (contract lookup, ajv validation, CloudEvent, toBusMessage) → KafkaBusProducer → KafkaBusServer (defaults: ${CONCURRENCY} partitions at once, ${MAX_BATCH} messages per transaction) inside a Nest microservice made by createBusMicroservice, whose @EventPattern handler upserts a per-firm counter through ctx.getManager() — inbox on (it always is), contract validation with the real registry (allContracts, ajv); ours/embedded = EmbeddedBusProducer → EmbeddedBusServer (production defaults: LISTEN/NOTIFY wake-ups, 500 ms poll, same concurrency and batch size), same module and handler, bus tables in the same PostgreSQL database as the handler's table and the inbox.`,
    'Why the embedded transport is its own rows and not the "peer" column: in the other benches the peer is a third-party implementation of the same thing (Emmett for the event store); the embedded transport is ours, an alternative deployment of the same handlers over a different broker (PostgreSQL). Its rows use the raw Kafka ceiling as their ceiling — the fastest a message moves from a producer to a consumer on this machine — so their ratio is a cross-broker comparison, not a like-for-like one. The peer column is empty: there is no third-party implementation of our contract (envelope + inbox + DLQ) to run.',
    `Sessions: every (contender, round) runs a fresh consumer process and a fresh producer process (Node), a fresh topic with ${PARTITIONS} partitions (the embedded transport: a fresh topic in its PostgreSQL bus) and a fresh consumer group and effect table. Before the first session the broker is warmed up with ${n0(Math.max(2000, Math.round(20_000 * SCALE)))} messages through a throwaway topic (a fresh broker JVM runs interpreted at first); in each session a warm-up of ${n0(WARMUP)} messages precedes the measurements (connections, JIT, group join). Contender order rotates each round; ${ROUNDS} throughput round(s) per contender, the median is reported.`,
    `Throughput: ${n0(N)} messages sent as fast as possible in batches of ${PRODUCER_BATCH} (EventPublisher's default), one send awaiting its ack at a time; from the first send until the consumer handled the ${n0(N)}th message ("handled": our transports — the handler's transaction with the inbox row committed, taken from MessageProcessor's afterEffect hook; the ceiling — the message reached eachBatch). Producer and consumer run at the same time, as in production.`,
    `Latency: ${n0(RATE)} messages/s for ${LATENCY_S} s, open loop: message i is due at t0 + i/rate and carries that due time (header bench-sent-at, epoch ms with a fraction, one clock: every process is on this machine); whatever is due is sent in one batch, one send in flight. Latency = handled time − due time, so a producer falling behind counts against the result (no coordinated omission). Percentiles are nearest-rank over every message of the phase. Also measured: the latency to the handler's invocation (before commit).`,
    `Diagnostics (not in the metrics, one session each): "raw kafkajs + upsert" is the raw consumer doing the handler's upsert in one pg transaction per ${MAX_BATCH}-message batch, without envelope, validation, inbox or Nest — it separates the cost of the effect itself from our stack's. "ours/Kafka, ${PARTITIONS} partitions at once" is ours/Kafka with partitionsConsumedConcurrently ${PARTITIONS} instead of the default ${CONCURRENCY} (kafkajs fetches again only after every batch of the previous fetch was handled, so with ${CONCURRENCY} workers for ${PARTITIONS} partitions a fetch's batches are handled in two waves). "ours/Kafka, fetch ≥ ${BATCHED_FETCH.minBytes / 1024} KB or ${BATCHED_FETCH.maxWaitTimeInMs} ms" is ours/Kafka whose kafkajs consumer is created with minBytes ${BATCHED_FETCH.minBytes} and maxWaitTimeInMs ${BATCHED_FETCH.maxWaitTimeInMs} (KafkaBusServer does not expose them; the bench patches kafkajs's consumer factory in that session's consumer process): by default (minBytes 1) the broker answers a fetch as soon as one message is there, so at a steady rate the consumer fetches hundreds of times a second, each fetch costing the broker CPU and bringing a small batch (one small transaction per partition). The ${n0(LOW_RATE)} messages/s latency phases (${LOW_RATE_S} s, in the same sessions as the ${n0(RATE)}/s ones) show the same pipelines at a quarter of the load. The CPU profiles sample the consumer process (node:inspector, 0.5 ms interval) over one throughput window in a separate session.`,
    'Durability: nothing is relaxed for the benchmark; every contender runs against the same broker (acks -1) and the same PostgreSQL settings (environment.server).',
    failed.length
      ? `CHECKS FAILED: ${failed.map(([k, v]) => `${k}: ${((v as { problems?: string[] }).problems ?? []).join('; ')}`).join(' | ')}`
      : 'Checks: in every session every message was handled exactly once (handled count, per-firm counters summed and inbox rows all equal the number sent) and no error was logged.',
  ];
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
