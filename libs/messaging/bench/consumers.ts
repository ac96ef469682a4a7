// The consuming side of each contender, run in a worker process of its own.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { allContracts, type IndicatorsReportedV1 } from '@baton/contracts';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { ReceivedMessage } from '../src/bus';
import { createBusMicroservice } from '../src/bus-exception-filter';
import type { BusServer } from '../src/bus-server';
import { BusContext } from '../src/context';
import { EmbeddedBusServer } from '../src/embedded/embedded-bus-server';
import type { IntegrationEvent } from '../src/envelope';
import { INBOX_TABLE } from '../src/inbox';
import { KafkaBusServer } from '../src/kafka/kafka-bus-server';
import type { ContractCheck, ProcessorLogger } from '../src/processor';
import { EVENT_TYPE, effectTableSql, now, PARTITIONS, SENT_AT, upsertSql } from './messages';
import {
  BATCHED_FETCH,
  stats,
  transportOf,
  type SessionSetup,
  type StopResult,
  type WindowResult,
} from './protocol';

interface Window {
  readonly n: number;
  readonly start: number;
  readonly record: boolean;
  readonly armedAt: number;
  readonly latencies: Float64Array;
  readonly handlerLatencies: number[];
  firstAt: number;
  lastAt: number;
  handlerCalls: number;
  readonly elu: ReturnType<typeof performance.eventLoopUtilization>;
  readonly cpu: NodeJS.CpuUsage;
  readonly tx: number[];
  validateMs: number;
  readonly done: (result: WindowResult) => void;
  readonly timer: NodeJS.Timeout;
}

/** Counts handled messages and measures the current window. */
export class Recorder {
  handled = 0;
  handlerCalls = 0;
  private window: Window | undefined;

  arm(n: number, record: boolean, timeoutMs: number, done: (result: WindowResult) => void): void {
    if (this.window) throw new Error('a window is already armed');
    const timer = setTimeout(() => this.finish(true), timeoutMs);
    this.window = {
      n,
      start: this.handled,
      record,
      armedAt: now(),
      latencies: new Float64Array(record ? n : 0),
      handlerLatencies: [],
      firstAt: NaN,
      lastAt: NaN,
      handlerCalls: 0,
      elu: performance.eventLoopUtilization(),
      cpu: process.cpuUsage(),
      tx: [],
      validateMs: 0,
      done,
      timer,
    };
  }

  get windowProgress(): number | undefined {
    return this.window ? this.handled - this.window.start : undefined;
  }

  /** One message handled (effect committed, or seen by the raw consumer). */
  record(sentAt: string | undefined): void {
    const t = now();
    this.handled++;
    const w = this.window;
    if (!w) return;
    const i = this.handled - w.start - 1;
    if (i >= w.n) return;
    if (i === 0) w.firstAt = t;
    if (w.record) w.latencies[i] = t - Number(sentAt);
    if (i === w.n - 1) {
      w.lastAt = t;
      this.finish(false);
    }
  }

  /** Our handler was invoked (inside the transaction, before its commit). */
  handlerInvoked(sentAt: string | undefined): void {
    this.handlerCalls++;
    const w = this.window;
    if (!w) return;
    w.handlerCalls++;
    if (w.record && w.handlerLatencies.length < w.n) w.handlerLatencies.push(now() - Number(sentAt));
  }

  transaction(ms: number): void {
    this.window?.tx.push(ms);
  }

  validated(ms: number): void {
    if (this.window) this.window.validateMs += ms;
  }

  private finish(timedOut: boolean): void {
    const w = this.window;
    if (!w) return;
    this.window = undefined;
    clearTimeout(w.timer);
    const handled = Math.min(w.n, this.handled - w.start);
    const cpu = process.cpuUsage(w.cpu);
    const tx = stats(w.tx);
    w.done({
      n: w.n,
      handled,
      timedOut,
      armedAt: w.armedAt,
      firstAt: w.firstAt,
      lastAt: timedOut ? now() : w.lastAt,
      latencies: w.record ? Array.from(w.latencies.subarray(0, handled)) : undefined,
      handlerLatency: w.record && w.handlerLatencies.length ? stats(w.handlerLatencies) : undefined,
      elu: performance.eventLoopUtilization(w.elu).utilization,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      transactions: w.tx.length
        ? {
            count: tx.count,
            mean_ms: tx.mean,
            p50_ms: tx.p50,
            p99_ms: tx.p99,
            total_ms: tx.mean * tx.count,
          }
        : undefined,
      validateMs: w.validateMs || undefined,
      handlerCalls: w.handlerCalls || undefined,
    });
  }
}

export const recorder = new Recorder();

export interface RunningConsumer {
  stop(): Promise<StopResult>;
}

let log: (level: 'warn' | 'error', message: string) => void = () => undefined;
let warnings = 0;
let errors = 0;

export function setLog(fn: typeof log): void {
  log = fn;
}

const logger: ProcessorLogger = {
  info: () => undefined,
  warn: (obj, msg) => {
    warnings++;
    if (warnings <= 20) log('warn', `${msg} ${describe(obj)}`);
  },
  error: (obj, msg) => {
    errors++;
    if (errors <= 20) log('error', `${msg} ${describe(obj)}`);
  },
};

function describe(obj: object): string {
  const err = (obj as { err?: unknown }).err;
  return err instanceof Error ? `(${err.name}: ${err.message})` : '';
}

// --- ours: a Nest module with one @EventPattern handler writing through ctx.getManager() -------------

let effectUpsert = '';

@Controller()
class IndicatorsHandler {
  @EventPattern(EVENT_TYPE)
  async onIndicatorsReported(
    @Payload() event: IntegrationEvent<IndicatorsReportedV1>,
    @Ctx() ctx: BusContext,
  ): Promise<void> {
    recorder.handlerInvoked(ctx.getMessage().headers[SENT_AT]);
    const d = event.data;
    await ctx.getManager().query(effectUpsert, [d.firmId, d.period, d.sales ?? null]);
  }
}

@Module({ controllers: [IndicatorsHandler] })
class BenchConsumerModule {}

/** The real contracts (ajv, draft 2020-12), timed. */
const timedContracts: ContractCheck = {
  has: (type) => allContracts.has(type),
  validate: (type, data) => {
    const t = performance.now();
    try {
      return allContracts.validate(type, data);
    } finally {
      recorder.validated(performance.now() - t);
    }
  },
};

async function openDataSource(setup: SessionSetup): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url: setup.dbUrl, extra: { max: setup.dbPool } });
  await dataSource.initialize();
  await dataSource.query(effectTableSql(setup.table));
  // Times every transaction the processor opens (one per partition batch).
  const original = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  (dataSource as unknown as { transaction: typeof original }).transaction = async (...args: unknown[]) => {
    const t = performance.now();
    try {
      return await original(...args);
    } finally {
      recorder.transaction(performance.now() - t);
    }
  };
  return dataSource;
}

async function startOurs(setup: SessionSetup): Promise<RunningConsumer> {
  if (setup.contender === 'kafka-fetch') {
    // What-if for a setting KafkaBusServer does not expose: every kafkajs consumer this process creates
    // (there is one, the server's) waits for BATCHED_FETCH per fetch.
    const consumer = Kafka.prototype.consumer;
    Kafka.prototype.consumer = function (this: Kafka, config: Parameters<Kafka['consumer']>[0]) {
      return consumer.call(this, { ...config, ...BATCHED_FETCH });
    };
  }
  effectUpsert = upsertSql(setup.table);
  const dataSource = await openDataSource(setup);
  const afterEffect = (message: ReceivedMessage) => recorder.record(message.headers[SENT_AT]);
  const topics = [{ name: setup.topic, partitions: PARTITIONS }];
  const server: BusServer =
    transportOf(setup.contender) === 'kafka'
      ? new KafkaBusServer({
          brokers: setup.brokers,
          clientId: `${setup.group}-member`,
          group: setup.group,
          topics,
          dataSource,
          contracts: timedContracts,
          partitionsConsumedConcurrently: setup.partitionsConsumedConcurrently,
          maxBatchSize: setup.maxBatchSize,
          logger,
          hooks: { afterEffect },
        })
      : new EmbeddedBusServer({
          connectionString: setup.dbUrl,
          applicationName: 'baton-bench-bus',
          group: setup.group,
          memberId: `${setup.group}-member`,
          topics,
          dataSource,
          contracts: timedContracts,
          partitionsConsumedConcurrently: setup.partitionsConsumedConcurrently,
          maxBatchSize: setup.maxBatchSize,
          logger,
          hooks: { afterEffect },
        });
  const app: INestMicroservice = await createBusMicroservice(BenchConsumerModule, server, { logger: false });
  await app.listen();
  return {
    async stop() {
      const health = server.health();
      await app.close();
      const [{ effects }] = await dataSource.query(
        `SELECT coalesce(sum(reports), 0)::int AS effects FROM ${setup.table}`,
      );
      const [{ rows }] = await dataSource.query(
        `SELECT count(*)::int AS rows FROM ${INBOX_TABLE} WHERE consumer_group = $1`,
        [setup.group],
      );
      await dataSource.destroy();
      return {
        effects,
        inboxRows: rows,
        handled: recorder.handled,
        errors,
        warnings,
        crashes: health.crashes,
      };
    },
  };
}

// --- raw kafkajs (the ceiling) and raw kafkajs + the same upsert (diagnostic) ------------------------

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

async function startRaw(setup: SessionSetup): Promise<RunningConsumer> {
  const kafka = new Kafka({
    brokers: [...setup.brokers],
    clientId: `${setup.group}-member`,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(setup.topic)) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: setup.topic, numPartitions: PARTITIONS, replicationFactor: -1 }],
      });
    }
  } finally {
    await admin.disconnect();
  }
  let pool: Pool | undefined;
  const upsert = upsertSql(setup.table);
  if (setup.contender === 'raw-db') {
    pool = new Pool({ connectionString: setup.dbUrl, max: setup.dbPool });
    await pool.query(effectTableSql(setup.table));
  }
  const consumer = kafka.consumer({ groupId: setup.group, allowAutoTopicCreation: false });
  consumer.on(consumer.events.CRASH, ({ payload }) =>
    logger.error({ err: payload.error }, 'consumer crashed'),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: [setup.topic], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: setup.partitionsConsumedConcurrently,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (!pool) {
        for (const m of batch.messages) {
          recorder.record(header(m.headers, SENT_AT));
          resolveOffset(m.offset);
        }
        await heartbeat();
        return;
      }
      for (let i = 0; i < batch.messages.length; i += setup.maxBatchSize) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(i, i + setup.maxBatchSize);
        const client = await pool.connect();
        const t = performance.now();
        try {
          await client.query('BEGIN');
          for (const m of chunk) {
            const d = JSON.parse(m.value!.toString('utf8')) as IndicatorsReportedV1;
            await client.query(upsert, [d.firmId, d.period, d.sales ?? null]);
          }
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
        recorder.transaction(performance.now() - t);
        for (const m of chunk) recorder.record(header(m.headers, SENT_AT));
        resolveOffset(chunk[chunk.length - 1].offset);
        await heartbeat();
      }
    },
  });
  return {
    async stop() {
      await consumer.disconnect();
      let effects: number | null = null;
      if (pool) {
        const { rows } = await pool.query(
          `SELECT coalesce(sum(reports), 0)::int AS effects FROM ${setup.table}`,
        );
        effects = rows[0].effects;
        await pool.end();
      }
      return { effects, inboxRows: null, handled: recorder.handled, errors, warnings, crashes: null };
    },
  };
}

export function startConsumer(setup: SessionSetup): Promise<RunningConsumer> {
  return transportOf(setup.contender) === 'raw' ? startRaw(setup) : startOurs(setup);
}
