// A phase repeated in rounds (interleaved with the other phases, so that a noisy stretch of a shared
// machine does not land on one contender alone), summarised: the median round's rate and latency
// percentiles, sums of counts, CPU per request over every round, and how much CPU the hypervisor stole.
import os from 'node:os';
import { median, round } from '@baton/testing/bench';
import type { LoadRun } from './load';

export interface Aggregate {
  readonly scenario: string;
  readonly target: string;
  readonly connections: number;
  readonly rounds: number;
  /** Median over rounds of the 2xx responses per second. */
  readonly ok_per_s: number;
  /** Median over rounds of each round's percentile (ms); max over every round. */
  readonly latency: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly per_round: { ok_per_s: number[]; p99: number[]; steal_share: number[] };
  readonly ok: number;
  readonly non_2xx: number;
  readonly errors: number;
  /** Share of the machine's CPU capacity (wall × cores) stolen by the hypervisor over the rounds. */
  readonly steal_share: number;
  /** Machine busy share over the rounds. */
  readonly machine_busy: number;
  /** CPU milliseconds per 2xx response over every round, per process group (see system.ts). */
  readonly cpu_ms_per_request: Record<string, number>;
  /** Median over rounds of the server's event-loop utilisation. */
  readonly server_elu: number | null;
  /** SQL statements per 2xx response over every round, total and the most frequent. */
  readonly queries: { per_request: number; top: { sql: string; per_request: number }[] } | null;
}

export function stealShare(run: LoadRun): number {
  return run.cpu.cpu_s.steal / Math.max(run.cpu.wall_s * os.cpus().length, 1e-9);
}

export function aggregate(runs: readonly LoadRun[]): Aggregate {
  const [first] = runs;
  const ok = runs.reduce((a, r) => a + r.ok, 0);
  const wall = runs.reduce((a, r) => a + r.cpu.wall_s, 0);
  const cpu: Record<string, number> = {};
  for (const r of runs)
    for (const [group, s] of Object.entries(r.cpu.cpu_s)) cpu[group] = (cpu[group] ?? 0) + s;
  const busy = runs.reduce((a, r) => a + r.cpu.machine_busy * r.cpu.wall_s, 0) / Math.max(wall, 1e-9);
  const statements = new Map<string, number>();
  let total = 0;
  for (const r of runs) {
    const q = r.server?.queries;
    if (!q) continue;
    total += q.total;
    for (const { sql, count } of q.top) statements.set(sql, (statements.get(sql) ?? 0) + count);
  }
  const elus = runs.map((r) => r.server?.elu).filter((e): e is number => e !== undefined);
  const med = (f: (r: LoadRun) => number) => round(median(runs.map(f)), 3);
  return {
    scenario: first.scenario,
    target: first.target,
    connections: first.connections,
    rounds: runs.length,
    ok_per_s: round(median(runs.map((r) => r.ok_per_s)), 1),
    latency: {
      p50: med((r) => r.latency.p50),
      p90: med((r) => r.latency.p90),
      p99: med((r) => r.latency.p99),
      max: Math.max(...runs.map((r) => r.latency.max)),
    },
    per_round: {
      ok_per_s: runs.map((r) => r.ok_per_s),
      p99: runs.map((r) => r.latency.p99),
      steal_share: runs.map((r) => round(stealShare(r), 3)),
    },
    ok,
    non_2xx: runs.reduce((a, r) => a + r.non_2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    steal_share: round((cpu.steal ?? 0) / Math.max(wall * os.cpus().length, 1e-9), 3),
    machine_busy: round(busy, 3),
    cpu_ms_per_request: Object.fromEntries(
      Object.entries(cpu).map(([group, s]) => [group, round((s * 1000) / Math.max(ok, 1), 3)]),
    ),
    server_elu: elus.length ? round(median(elus), 3) : null,
    queries: total
      ? {
          per_request: round(total / Math.max(ok, 1), 2),
          top: [...statements]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 15)
            .map(([sql, n]) => ({ sql, per_request: round(n / Math.max(ok, 1), 3) })),
        }
      : null,
  };
}
