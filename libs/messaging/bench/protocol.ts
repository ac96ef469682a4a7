import type { ProfileSummary } from './profile';
import { percentile } from '@baton/testing/bench';

// What the orchestrator and its worker processes (one consumer, one producer per session) say over IPC.

/**
 * raw: kafkajs producer → kafkajs consumer, no database (the ceiling).
 * kafka: our KafkaBusProducer → KafkaBusServer in a Nest microservice (envelope, contract, inbox, handler).
 * embedded: our EmbeddedBusProducer → EmbeddedBusServer, same module and handler.
 * raw-db: diagnostic only — the raw kafkajs consumer doing the handler's upsert in one transaction per
 *   batch (no envelope, no contract check, no inbox, no Nest): how much of our cost is the effect itself.
 * kafka-c6: diagnostic only — ours/Kafka with partitionsConsumedConcurrently = 6 (every partition at once).
 * kafka-fetch: diagnostic only — ours/Kafka whose kafkajs consumer waits for 16 KB or 20 ms per fetch
 *   (BATCHED_FETCH) instead of answering every fetch as soon as one message is there.
 */
export type ContenderName = 'raw' | 'kafka' | 'embedded' | 'raw-db' | 'kafka-c6' | 'kafka-fetch';

/** kafka-fetch: the kafkajs consumer settings it adds (fetches wait for this much data, or this long). */
export const BATCHED_FETCH = { minBytes: 16384, maxWaitTimeInMs: 20 } as const;

/** Which transport a contender runs on (kafka-c6 and kafka-fetch are ours/Kafka with other settings). */
export function transportOf(c: ContenderName): 'raw' | 'kafka' | 'embedded' {
  return c === 'raw' || c === 'raw-db' ? 'raw' : c === 'embedded' ? 'embedded' : 'kafka';
}

export interface SessionSetup {
  readonly contender: ContenderName;
  readonly brokers: readonly string[];
  readonly dbUrl: string;
  readonly topic: string;
  readonly group: string;
  /** Effect table of this session (kafka, embedded, raw-db). */
  readonly table: string;
  /** Messages per producer send (the publisher's default batch). */
  readonly producerBatch: number;
  readonly partitionsConsumedConcurrently: number;
  readonly maxBatchSize: number;
  readonly dbPool: number;
}

export type ToWorker =
  | { type: 'setup'; role: 'consumer' | 'producer'; setup: SessionSetup }
  /** Consumer: the next `n` handled messages form a window; answer `window-done` when they are handled. */
  | { type: 'window'; n: number; timeoutMs: number; record: boolean; profile?: boolean }
  /** Producer: send `n` messages as fast as possible (awaiting each batch's ack), seq from `firstSeq`. */
  | { type: 'burst'; n: number; firstSeq: number }
  /** Producer: send `rate`/s for `durationMs`, each stamped with its scheduled send time. */
  | { type: 'paced'; rate: number; durationMs: number; firstSeq: number }
  | { type: 'stop' };

export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export interface WindowResult {
  readonly n: number;
  readonly handled: number;
  readonly timedOut: boolean;
  /** now() when the window was armed, when its first and its last message was handled. */
  readonly armedAt: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** handled-time − sent-at, ms (recorded windows only). Handled = effect committed (ours), seen (raw). */
  readonly latencies?: number[];
  /** ours only: time the handler was invoked − sent-at (before the transaction commits). */
  readonly handlerLatency?: LatencyStats;
  /** Consumer process during the window. */
  readonly elu: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** ours only: the handler transactions (one per partition batch) during the window. */
  readonly transactions?: {
    count: number;
    mean_ms: number;
    p50_ms: number;
    p99_ms: number;
    total_ms: number;
  };
  readonly validateMs?: number;
  readonly handlerCalls?: number;
  /** CPU profile of the consumer process over the window (diagnostic sessions only). */
  readonly profile?: ProfileSummary;
}

export interface BurstResult {
  readonly firstSendAt: number;
  readonly lastAckAt: number;
  readonly sends: number;
}

export interface PacedResult {
  readonly firstSendAt: number;
  readonly lastAckAt: number;
  readonly sent: number;
  readonly sends: number;
  /** Send-call durations (ms) and how late batches left against their schedule (ms). */
  readonly sendMs: LatencyStats;
  readonly lagMs: LatencyStats;
}

export interface StopResult {
  /** Effects in the table (sum of per-firm counters) and inbox rows of the group; null when not applicable. */
  readonly effects: number | null;
  readonly inboxRows: number | null;
  readonly handled: number;
  readonly errors: number;
  readonly warnings: number;
  readonly crashes: number | null;
}

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'window-armed' }
  | { type: 'progress'; handled: number }
  | { type: 'window-done'; result: WindowResult }
  | { type: 'burst-done'; result: BurstResult }
  | { type: 'paced-done'; result: PacedResult }
  | { type: 'stopped'; result: StopResult | null }
  | { type: 'log'; level: 'warn' | 'error'; message: string }
  | { type: 'failed'; error: string };

/** Nearest-rank percentiles of a sample. */
export function stats(values: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (!n) return { count: 0, p50: NaN, p95: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  const at = (p: number) => percentile(sorted, p);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: sorted[n - 1],
    mean: sum / n,
  };
}
