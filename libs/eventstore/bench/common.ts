// Shared by the orchestrator and its worker processes: sizes, the event shape, statistics, progress (the
// generic helpers — readNumber, progress, percentile, median — are in @baton/testing/bench).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { percentile, readNumber } from '@baton/testing/bench';

/** BENCH_SCALE multiplies every event count (e.g. 0.05 for a quick smoke run). */
export const SCALE = readNumber('BENCH_SCALE', 1);

export function scaled(n: number, min = 1): number {
  return Math.max(min, Math.round(n * SCALE));
}

/** Calls `fn` every `ms` while `work` runs (progress lines for long phases). */
export async function withTicker<T>(ms: number, fn: () => void, work: Promise<T>): Promise<T> {
  const timer = setInterval(fn, ms);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

export interface BenchEvent {
  readonly type: string;
  readonly data: {
    caseId: string;
    firmId: string;
    region: string;
    amount: number;
    note: string;
  };
  readonly metadata: {
    correlationId: string;
    occurredAt: string;
    actor: { userId: string; role: string; agencyId: string };
  };
}

const TYPES = ['CaseOpened', 'CaseNoteAdded', 'CaseAssigned', 'SupportGranted'];

/** A realistic small event: ~190 bytes of data and ~150 bytes of metadata as JSON. */
export function makeEvent(streamId: string, i: number): BenchEvent {
  return {
    type: TYPES[i % TYPES.length],
    data: {
      caseId: streamId,
      firmId: `firm-${i % 997}`,
      region: 'north-east',
      amount: i % 1000,
      note: 'Follow-up call scheduled with the firm owner about the bridging support application.',
    },
    metadata: {
      correlationId: randomUUID(),
      occurredAt: '2025-03-14T09:26:53.589Z',
      actor: { userId: 'user-42', role: 'case-worker', agencyId: 'agency-7' },
    },
  };
}

export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarise(latencies: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  if (sorted.length === 0) return { p50: NaN, p99: NaN, mean: NaN, max: NaN };
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    max: sorted[sorted.length - 1],
  };
}

export const rssMb = (): number => process.memoryUsage().rss / (1024 * 1024);

/** Events per second since `t0` (performance.now()), formatted for progress lines. */
export function rate(done: number, t0: number): string {
  const s = (performance.now() - t0) / 1000;
  return s > 0 ? Math.round(done / s).toLocaleString('en-US') : '0';
}
