// An open-loop load generator for latency benches: item i is sent at t0 + i/rate whether or not earlier ones
// were answered (a closed loop would slow down with the system and hide its queueing), then the bench waits
// up to a drain window for the items still unobserved. An item never observed is censored: its latency is
// the time until the bench stopped looking (a lower bound), so lost items raise the percentiles rather than
// drop out of them.
import { performance } from 'node:perf_hooks';
import { percentile, round } from './stats';

export interface LoopSample {
  /** sent → observed on the far side (ms); NaN until observed. */
  latency: number;
  /** sent → the send was acknowledged (ms); NaN if never. */
  ack: number;
  /** scheduled → sent (ms): how late the generator was. */
  readonly late: number;
  /** performance.now() just before the send. */
  readonly sentAt: number;
  /** Never observed within the drain window: `latency` is then a lower bound. */
  censored?: boolean;
}

export interface OpenLoopOptions<S extends LoopSample = LoopSample> {
  readonly count: number;
  readonly ratePerS: number;
  /** After the last send: how long an item may still take before it counts as lost. */
  readonly drainMs: number;
  /** The sample of item i (extra fields of S filled in), created when it is due. */
  readonly sample?: (base: LoopSample) => S;
  /** Sends item i; `done()` once its send was answered (or failed). */
  start(i: number, sample: S, done: () => void): void;
  /** Items sent but not observed yet (the drain waits for 0). */
  pending(): number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one open-loop phase; answers its samples (in send order) and the sending time in seconds. */
export async function openLoop<S extends LoopSample = LoopSample>(
  options: OpenLoopOptions<S>,
): Promise<{ samples: S[]; sentS: number }> {
  const samples: S[] = [];
  const interval = 1000 / options.ratePerS;
  const t0 = performance.now() + 20;
  let outstanding = 0;
  for (let i = 0; i < options.count; i++) {
    const at = t0 + i * interval;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait - 0.5);
    while (performance.now() < at) {
      // spin for the last fraction of a millisecond
    }
    const now = performance.now();
    const base: LoopSample = { latency: NaN, ack: NaN, late: now - at, sentAt: now };
    const sample = options.sample ? options.sample(base) : (base as S);
    samples.push(sample);
    outstanding++;
    options.start(i, sample, () => outstanding--);
  }
  const sentS = (performance.now() - t0) / 1000;
  const deadline = performance.now() + options.drainMs;
  while ((outstanding > 0 || options.pending() > 0) && performance.now() < deadline) await sleep(5);
  const end = performance.now();
  for (const s of samples)
    if (!Number.isFinite(s.latency)) {
      s.latency = end - s.sentAt;
      s.censored = true;
    }
  return { samples, sentS };
}

export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank p50/p90/p99 and the maximum of the finite values, in 2 decimals; NaN when there are none. */
export function latencySummary(values: readonly number[]): LatencySummary {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return { p50: NaN, p90: NaN, p99: NaN, max: NaN };
  return {
    p50: round(percentile(s, 50), 2),
    p90: round(percentile(s, 90), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s[s.length - 1], 2),
  };
}
