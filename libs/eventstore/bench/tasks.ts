// Appends, fixtures and catch-up, each run by a worker process of its own (see worker.ts). The projection
// rebuild lives in rebuild.ts so that only its worker loads TypeORM.
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { progress } from '@baton/testing/bench';
import { PostgresEventStore } from '../src';
import {
  makeEvent,
  rate,
  rssMb,
  summarise,
  withTicker,
  type BenchEvent,
  type LatencySummary,
} from './common';
import { openAppender, openPeerStore, peerPool, type Contender } from './contenders';

// --- (i) + (ii): appends ------------------------------------------------------------------------------

export interface AppendTask {
  readonly kind: 'append';
  readonly contender: Contender;
  readonly url: string;
  readonly schema: string;
  readonly poolSize: number;
  readonly writers: number;
  /** Measured appends (each of `batch` events, to a stream of its own). */
  readonly appends: number;
  readonly warmupAppends: number;
  readonly batch: number;
  readonly label: string;
}

export interface AppendOutcome {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  /** Per append call, ms. */
  readonly latency: LatencySummary;
  readonly latencies: number[];
  /** Client (Node) CPU per event, µs: user + system of the bench process while measuring. */
  readonly clientCpuUsPerEvent: number;
}

export async function runAppend(task: AppendTask): Promise<AppendOutcome> {
  const appender = await openAppender(task.contender, task);
  try {
    const warm = batches('w', task.warmupAppends, task.batch);
    await drive(task.writers, warm, (s, e) => appender.append(s, e));

    const plan = batches('m', task.appends, task.batch);
    const latencies = new Float64Array(task.appends);
    let done = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await withTicker(
      3000,
      () => progress(`  ${task.label}: ${done}/${task.appends} appends`),
      drive(task.writers, plan, async (streamId, events, i) => {
        const start = performance.now();
        await appender.append(streamId, events);
        latencies[i] = performance.now() - start;
        done++;
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const events = task.appends * task.batch;
    return {
      events,
      appends: task.appends,
      seconds,
      eventsPerSec: events / seconds,
      latency: summarise(latencies),
      latencies: Array.from(latencies),
      clientCpuUsPerEvent: (cpu.user + cpu.system) / events,
    };
  } finally {
    await appender.close();
  }
}

export type Plan = { streamId: string; events: BenchEvent[] }[];

export function batches(prefix: string, appends: number, batch: number): Plan {
  return Array.from({ length: appends }, (_, i) => {
    const streamId = `case-${prefix}${i}`;
    return { streamId, events: Array.from({ length: batch }, (_, j) => makeEvent(streamId, i * batch + j)) };
  });
}

/** `writers` concurrent loops taking the next append from the plan until it is empty. */
export async function drive(
  writers: number,
  plan: Plan,
  append: (streamId: string, events: BenchEvent[], i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < plan.length; i = next++) await append(plan[i].streamId, plan[i].events, i);
  };
  await Promise.all(Array.from({ length: writers }, writer));
}

// --- fixtures for (iii) and (iv) --------------------------------------------------------------------

export interface LoadTask {
  readonly kind: 'load';
  readonly url: string;
  readonly schema: string;
  readonly poolSize: number;
  readonly writers: number;
  readonly appends: number;
  readonly perAppend: number;
  readonly streams: number;
}

/** Fills our store through its own append, `perAppend` events per call, streams interleaved. */
export async function runLoad(task: LoadTask): Promise<{ events: number; seconds: number }> {
  const store = await PostgresEventStore.create({
    connectionString: task.url,
    schema: task.schema,
    poolSize: task.poolSize,
  });
  const total = task.appends * task.perAppend;
  let done = 0;
  const t0 = performance.now();
  try {
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < task.appends; i = next++) {
        const streamId = `case-${(i * 7919) % task.streams}`;
        const events = Array.from({ length: task.perAppend }, (_, j) =>
          makeEvent(streamId, i * task.perAppend + j),
        );
        await store.appendToStream(streamId, events, { expectedRevision: 'any' });
        done += task.perAppend;
      }
    };
    await withTicker(
      3000,
      () => progress(`  loading ${task.schema}: ${done}/${total} events (${rate(done, t0)} ev/s)`),
      Promise.all(Array.from({ length: task.writers }, writer)),
    );
  } finally {
    await store.close();
  }
  return { events: total, seconds: (performance.now() - t0) / 1000 };
}

export interface CopyToPeerTask {
  readonly kind: 'copy-to-peer';
  readonly url: string;
  readonly fromSchema: string;
  readonly peerSchema: string;
}

/**
 * Gives Emmett the same events in its own schema (created by its own migration): a bulk INSERT ... SELECT
 * keeping our transaction ids and positions, one transaction per original append as in our table.
 */
export async function runCopyToPeer(task: CopyToPeerTask): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const peer = await openPeerStore(task.url, task.peerSchema, 2);
  await peer.close();
  const pool = peerPool(task.url, task.peerSchema, 1);
  try {
    const from = `"${task.fromSchema}"`;
    const { rowCount } = await pool.query(`
      INSERT INTO emt_messages (stream_position, global_position, transaction_id, created, is_archived, message_kind,
        stream_id, partition, message_schema_version, message_id, message_type, message_data, message_metadata)
      SELECT revision + 1, global_position, transaction_id, recorded_at, false, 'E',
        stream_id, 'emt:default', schema_version::text, event_id::text, type, data, metadata
        FROM ${from}.events ORDER BY transaction_id, global_position`);
    await pool.query(`
      INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
      SELECT stream_id, revision + 1, 'emt:default', 'case', '{}', false FROM ${from}.streams`);
    await pool.query(
      `SELECT setval('emt_global_message_position', (SELECT max(global_position) FROM ${from}.events))`,
    );
    return { events: rowCount ?? 0, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await pool.end();
  }
}

// --- (iii): catch-up ----------------------------------------------------------------------------------

export interface CatchUpTask {
  readonly kind: 'catchup';
  readonly contender: Contender;
  readonly url: string;
  /** Our store's schema (ours, ceiling) or Emmett's (peer). */
  readonly schema: string;
  readonly total: number;
  readonly pageSize: number;
  /** Stop after this long and report the rate so far (used for the peer). */
  readonly capSeconds: number;
  readonly label: string;
}

export interface CatchUpOutcome {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  readonly partial: boolean;
  readonly baselineRssMb: number;
  readonly maxRssMb: number;
  readonly maxHeapUsedMb: number;
  /** Client (Node) CPU per event, µs: user + system of the catching-up process. */
  readonly clientCpuUsPerEvent: number;
  /**
   * Events that precede the last delivered one in the log's (transaction_id, global_position) order but
   * were never delivered (peer only; ours and the ceiling must deliver everything).
   */
  readonly skipped: number;
}

export async function runCatchUp(task: CatchUpTask): Promise<CatchUpOutcome> {
  let count = 0;
  let sink = 0;
  let maxRss = 0;
  let maxHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeap = Math.max(maxHeap, m.heapUsed);
  };
  const baselineRssMb = rssMb();
  const sampler = setInterval(sample, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + task.capSeconds * 1000;
  let partial = false;
  let skipped = 0;
  const ticker = setInterval(
    () =>
      progress(
        `  ${task.label}: ${count}/${task.total} events (${rate(count, t0)} ev/s, rss ${rssMb().toFixed(0)} MB)`,
      ),
    3000,
  );
  try {
    if (task.contender === 'ours') {
      const store = await PostgresEventStore.create({
        connectionString: task.url,
        schema: task.schema,
        poolSize: 4,
      });
      try {
        const subscription = store.subscribeToAll({ fromPosition: 'start', batchSize: task.pageSize });
        for await (const event of subscription) {
          sink ^= event.revision;
          if (++count % 10_000 === 0) {
            sample();
            if (performance.now() > deadline) partial = true;
          }
          if (count >= task.total || partial) break;
        }
      } finally {
        await store.close();
      }
    } else if (task.contender === 'ceiling') {
      // Raw keyset pagination over the same table and index, same page size, pg's default row parsing.
      const client = new Client({ connectionString: task.url });
      await client.connect();
      try {
        let tx = '0';
        let pos = '0';
        for (;;) {
          const { rows } = await client.query({
            name: 'ceiling-page',
            text: `SELECT transaction_id, global_position, stream_id, revision, event_id, type, schema_version, data,
                          metadata, recorded_at
                     FROM "${task.schema}".events
                    WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
                    ORDER BY transaction_id, global_position LIMIT $3`,
            values: [tx, pos, task.pageSize],
          });
          if (rows.length === 0) break;
          for (const row of rows) sink ^= Number(row.revision);
          count += rows.length;
          const last = rows[rows.length - 1];
          tx = last.transaction_id;
          pos = last.global_position;
          sample();
          if (count >= task.total) break;
          if (performance.now() > deadline) {
            partial = true;
            break;
          }
        }
      } finally {
        await client.end();
      }
    } else {
      // Emmett's pull-based catch-up primitive (what its consumers/processors run on), without checkpointing.
      const { postgreSQLEventStoreMessageBatchPuller } = await import('@event-driven-io/emmett-postgresql');
      const { dumbo } = await import('@event-driven-io/dumbo');
      const pool = peerPool(task.url, task.schema, 2);
      const db = dumbo({ connectionString: task.url, pool });
      let lastPosition: bigint | undefined;
      try {
        const puller = postgreSQLEventStoreMessageBatchPuller({
          executor: db.execute,
          batchSize: task.pageSize,
          pullingFrequencyInMs: 0,
          stopWhen: { noMessagesLeft: true },
          signal: new AbortController().signal,
          eachBatch: async (messages) => {
            for (const m of messages) sink ^= Number(m.metadata.streamPosition);
            count += messages.length;
            lastPosition = messages[messages.length - 1].metadata.globalPosition;
            sample();
            if (count >= task.total) return { type: 'STOP' };
            if (performance.now() > deadline) {
              partial = true;
              return { type: 'STOP' };
            }
          },
        });
        await puller.start({ startFrom: 'BEGINNING' });
        if (lastPosition !== undefined) {
          // Emmett pages by `global_position >= last + 1` but orders by (transaction_id, global_position):
          // an event of a later transaction with a lower global position is passed over.
          const { rows } = await pool.query(
            `SELECT count(*)::int AS n FROM emt_messages
              WHERE (transaction_id, global_position) <=
                    (SELECT transaction_id, global_position FROM emt_messages WHERE global_position = $1)`,
            [String(lastPosition)],
          );
          skipped = rows[0].n - count;
        }
      } finally {
        await db.close();
        await pool.end();
      }
    }
  } finally {
    clearInterval(sampler);
    clearInterval(ticker);
  }
  sample();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (!partial && count < task.total && task.contender !== 'peer')
    throw new Error(`${task.label}: caught up ${count} of ${task.total} events`);
  void sink;
  return {
    events: count,
    seconds,
    eventsPerSec: count / seconds,
    partial,
    baselineRssMb,
    maxRssMb: maxRss / (1024 * 1024),
    maxHeapUsedMb: maxHeap / (1024 * 1024),
    clientCpuUsPerEvent: (cpu.user + cpu.system) / Math.max(1, count),
    skipped,
  };
}
