// One load phase with autocannon (closed loop: each connection sends its next request when the previous
// answer arrived; no pipelining): every response's latency is recorded here in µs precision (autocannon's
// own histogram has 1 ms resolution), non-2xx answers counted with a few bodies kept, and the CPU of the
// machine and the server's own ELU measured over the same window.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile, progress, round } from '@baton/testing/bench';
import type { WindowResult } from '@baton/testing/bench';
import type { ServerChild } from '@baton/testing/bench';
import { cpuSnapshot, cpuUse, type CpuUse } from '@baton/testing/bench';

export interface LatencyStats {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadRun {
  readonly scenario: string;
  /** 1-based round of a repeated phase. */
  readonly round: number;
  readonly target: string;
  readonly connections: number;
  readonly duration_s: number;
  readonly responses: number;
  readonly ok: number;
  readonly non_2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly status_codes: Record<string, number>;
  /** 2xx responses per second over the phase. */
  readonly ok_per_s: number;
  /** Latency of the 2xx responses (ms). */
  readonly latency: LatencyStats;
  readonly non_2xx_samples: string[];
  readonly cpu: CpuUse;
  readonly server?: WindowResult;
}

export interface LoadOptions {
  readonly scenario: string;
  readonly target: string;
  readonly server: ServerChild;
  readonly connections: number;
  readonly durationS: number;
  readonly requests: autocannon.Request[];
  readonly headers: Record<string, string>;
  readonly round?: number;
  /** Measure the window (CPU, ELU) — off for warm-ups. */
  readonly measure?: boolean;
  /** Other processes to name in the CPU breakdown (e.g. the idle other server). */
  readonly cpuGroups?: Record<string, number | undefined>;
}

export function latencyStats(values: number[]): LatencyStats {
  const sorted = Float64Array.from(values).sort();
  const sum = values.reduce((a, b) => a + b, 0);
  const r = (v: number) => round(v, 3);
  return {
    count: sorted.length,
    mean: sorted.length ? r(sum / sorted.length) : NaN,
    p50: sorted.length ? r(percentile(sorted, 50)) : NaN,
    p90: sorted.length ? r(percentile(sorted, 90)) : NaN,
    p99: sorted.length ? r(percentile(sorted, 99)) : NaN,
    max: sorted.length ? r(sorted[sorted.length - 1]) : NaN,
  };
}

export async function load(options: LoadOptions): Promise<LoadRun> {
  const measure = options.measure ?? true;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const samples: string[] = [];
  let ok = 0;
  let responses = 0;
  const requests = options.requests.map((r): autocannon.Request => ({
    ...r,
    onResponse: (status, body, context, headers) => {
      if ((status < 200 || status >= 300) && samples.length < 5)
        samples.push(`${status} ${body.slice(0, 300)}`);
      if (typeof r.onResponse === 'function') r.onResponse(status, body, context, headers);
    },
  }));
  if (measure) await options.server.windowStart();
  const cpu0 = cpuSnapshot();
  const t0 = performance.now();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.server.url,
      connections: options.connections,
      pipelining: 1,
      duration: options.durationS,
      timeout: 30,
      headers: options.headers,
      requests,
    },
    (error: Error | null, result: autocannon.Result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client, status, _bytes, ms) => {
    responses++;
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
    }
  });
  let seconds = 0;
  let lastOk = 0;
  instance.on('tick', () => {
    seconds++;
    if (seconds % 5 === 0 && seconds < options.durationS)
      progress(
        `    ${options.scenario}: ${seconds} s, ${ok.toLocaleString('en-US')} ok (${Math.round((ok - lastOk) / 5)}/s)`,
      );
    if (seconds % 5 === 0) lastOk = ok;
  });
  const result = await finished;
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = cpuSnapshot();
  const server = measure ? await options.server.windowEnd() : undefined;
  const cpu = cpuUse(cpu0, cpu1, {
    server: options.server.pid,
    load_generator: process.pid,
    ...options.cpuGroups,
  });
  return {
    scenario: options.scenario,
    round: options.round ?? 1,
    target: options.target,
    connections: options.connections,
    duration_s: round(wall, 3),
    responses,
    ok,
    non_2xx: responses - ok,
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: statusCodes,
    ok_per_s: round(ok / wall, 1),
    latency: latencyStats(latencies),
    non_2xx_samples: samples,
    cpu,
    ...(server && { server }),
  };
}
