// Small numeric helpers shared by the benchmarks (libs/eventstore/bench, libs/messaging/bench) and their
// worker processes: environment numbers, progress lines, rounding and order statistics.

/** A positive number from the environment variable `name`, or `fallback` when it is unset or empty. */
export function readNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

const LOADED_AT = Date.now();

/**
 * Progress goes to stderr; the results table is the only thing on stdout. Times are since BENCH_T0 (set
 * by the orchestrator and inherited by its workers), else since this module was loaded.
 */
export function progress(msg: string): void {
  const t0 = Number(process.env.BENCH_T0 ?? LOADED_AT);
  const t = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench +${t}s] ${msg}\n`);
}

/** `value` rounded to `digits` decimal places (non-finite values as they are). */
export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
