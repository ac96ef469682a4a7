// `npm run bench:firm-registry` — the firm registry over HTTP, as a client sees it:
//   import    a CSV of 100,000 firms through POST /firm-imports (streamed, one RegisterFirm command per row):
//             rows/s, total time, that every row registered and that the read model reached them;
//   list      GET /firms with those firms loaded: the whole list, a region, a stage, a 2-character Korean
//             name search, a 3-character one and a rare 4-character one, each following nextCursor for up to
//             5 pages; p50/p99;
//   register  POST /firms (register-firm), each with a new valid 사업자등록번호, with autocannon at a few
//             connections (no pipelining): commands/s and latency, against the ceiling — a bare Fastify route
//             that only validates the same RegisterFirmDto and answers 201.
// Servers run in child processes of their own (`node -r libs/platform/runtime/register.js`: SWC keeps the
// decorator metadata Nest's DI needs); the load comes from this process. Measured phases run in rounds,
// interleaved (service and ceiling alternate; the list queries take turns), and the median round is
// reported: on a shared VM a noisy stretch then cannot decide a comparison alone. Prints a table on stdout
// (progress on stderr) and writes docs/benchmarks/firm-registry.{json,md}.
//
// Environment: DATABASE_URL (else embedded PostgreSQL); BENCH_ROUNDS (default 3) × BENCH_ROUND_S (default 8)
// per register-firm configuration, BENCH_WARMUP_S (default 5), BENCH_CONNECTIONS (default 4,8);
// BENCH_IMPORT_ROWS (default 100000); BENCH_LIST_ROUND_S (default 4), BENCH_LIST_CONNECTIONS (default 1,4:
// the goal is judged at the last, measured in BENCH_ROUNDS rounds; the others in one); BENCH_PROFILE=0
// (skip the two profiled diagnostic phases); BENCH_OUTPUT_DIR (default docs/benchmarks).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { Client } from 'pg';
import {
  createBenchDatabase,
  finishEnvironment,
  goal,
  goalsText,
  median,
  progress,
  readEnvironment,
  readNumber,
  round,
  startServer,
  writeJson,
  type BenchDatabase,
  type BenchServer,
  type Goal,
} from '@baton/testing/bench';
import { aggregate, stealShare, type Aggregate } from './aggregate';
import { ACTOR_HEADERS, benchFirm, importCsv, registrationBody } from './data';
import { load, type LoadRun } from './load';
import type { ProfileSummary } from '@baton/testing/bench';
import { fmt, metric, table, writeMarkdown, type Metric, type Report } from './report';
import { killChildren, REPO_ROOT, ServerChild } from '@baton/testing/bench';
import { cpuSnapshot, cpuUse, type CpuUse } from '@baton/testing/bench';

process.env.BENCH_T0 ??= String(Date.now());

const list = (name: string, fallback: number[]) =>
  process.env[name]
    ? process.env[name]!.split(',').map((c) => {
        const n = Number(c.trim());
        if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: ${c} is not a connection count`);
        return n;
      })
    : fallback;

const ROUNDS = Math.round(readNumber('BENCH_ROUNDS', 3));
const ROUND_S = readNumber('BENCH_ROUND_S', 8);
const WARMUP_S = readNumber('BENCH_WARMUP_S', 5);
const CONNECTIONS = list('BENCH_CONNECTIONS', [4, 8]);
const IMPORT_ROWS = Math.round(readNumber('BENCH_IMPORT_ROWS', 100_000));
const LIST_ROUND_S = readNumber('BENCH_LIST_ROUND_S', 4);
const LIST_WARMUP_S = 1;
const LIST_CONNECTIONS = list('BENCH_LIST_CONNECTIONS', [1, 4]);
const GOAL_LIST_CONNECTIONS = LIST_CONNECTIONS[LIST_CONNECTIONS.length - 1];
const PROFILE = process.env.BENCH_PROFILE !== '0';
const PROFILE_S = 8;
const PAGES = 5;
const OUTPUT_DIR = path.resolve(process.env.BENCH_OUTPUT_DIR ?? path.join(REPO_ROOT, 'docs/benchmarks'));
const COMMANDS_PER_S_GOAL = 1000;
const LIST_P99_GOAL_MS = 50;
/** A phase that lost more than this share of the machine to the hypervisor is flagged. */
const STEAL_WARNING = 0.15;

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (v: number) => `${Math.round(v * 100)}%`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function versionOf(pkg: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

// --- HTTP helpers -------------------------------------------------------------------------------------------

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: ACTOR_HEADERS });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** POSTs a body with node:http (no client-side timeout: an import answers when it is done). */
function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function countFirms(admin: Client): Promise<number> {
  const { rows } = await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM firm_registry.firms');
  return Number(rows[0].n);
}

interface Health {
  checks: Record<string, { status: string; detail?: { lag?: { events: number } } }>;
}

/** Waits until both runners of the service (directory projection, publisher) have no lag. */
async function waitForRunners(url: string, timeoutS: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const health = await getJson<Health>(`${url}/health`).catch(() => undefined);
    const lags = health
      ? Object.values(health.checks)
          .map((c) => c.detail?.lag?.events)
          .filter((e): e is number => e !== undefined)
      : [];
    if (lags.length && lags.every((e) => e === 0)) return (performance.now() - t0) / 1000;
    if ((performance.now() - t0) / 1000 > timeoutS)
      throw new Error(`runners still lagging after ${timeoutS} s`);
    await sleep(500);
  }
}

async function waitForFirms(admin: Client, expected: number, timeoutS: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const n = await countFirms(admin);
    if (n >= expected) return n;
    if ((performance.now() - t0) / 1000 > timeoutS) return n;
    await sleep(250);
  }
}

// --- import ---------------------------------------------------------------------------------------------------

interface ImportReport {
  importId: string;
  status: string;
  rowsRead: number;
  rowsRegistered: number;
  rowsUnchanged: number;
  rowsFailed: number;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
  errors: { line: number; field: string; rule: string; message: string }[];
}

interface ImportRun {
  readonly rows: number;
  readonly csv_bytes: number;
  readonly csv_generation_s: number;
  readonly http_status: number;
  /** POST sent → report received (the import answers when it is done). */
  readonly total_s: number;
  readonly rows_per_s: number;
  /** POST sent → the read model counted every row (the projection runs behind the commands). */
  readonly read_model_s: number;
  readonly read_model_firms: number;
  /** POST sent → the directory projection and the publisher both without lag. */
  readonly runners_caught_up_s: number;
  readonly report: Omit<ImportReport, 'errors'> & { errors: ImportReport['errors'] };
  readonly progress: { t_s: number; rows_read: number; rows_registered: number; firms: number }[];
  readonly cpu: CpuUse;
  readonly server: LoadRun['server'];
  readonly verify: { ok: boolean; problems: string[] };
}

async function runImport(service: ServerChild, admin: Client): Promise<ImportRun> {
  const g0 = performance.now();
  const csv = importCsv(IMPORT_ROWS);
  const generation = (performance.now() - g0) / 1000;
  const importId = randomUUID();
  progress(
    `import: ${n0(IMPORT_ROWS)} rows, ${(csv.length / 2 ** 20).toFixed(1)} MiB of CSV (generated in ${generation.toFixed(1)} s); POST /firm-imports?importId=${importId}`,
  );
  await service.windowStart();
  const cpu0 = cpuSnapshot();
  const t0 = performance.now();
  const answer = post(
    `${service.url}/firm-imports?importId=${importId}&fileName=bench-${IMPORT_ROWS}.csv`,
    csv,
    {
      ...ACTOR_HEADERS,
      'content-type': 'text/csv',
    },
  );
  let done = false;
  void answer.finally(() => (done = true)).catch(() => undefined);
  const samples: ImportRun['progress'] = [];
  let last = { t: 0, registered: 0 };
  while (!done) {
    await Promise.race([answer.catch(() => undefined), sleep(5000)]);
    if (done) break;
    const t = (performance.now() - t0) / 1000;
    const report = await getJson<ImportReport>(`${service.url}/firm-imports/${importId}`).catch(
      () => undefined,
    );
    const firms = await countFirms(admin);
    const registered = report?.rowsRegistered ?? 0;
    samples.push({ t_s: round(t, 1), rows_read: report?.rowsRead ?? 0, rows_registered: registered, firms });
    const rate = (registered - last.registered) / Math.max(t - last.t, 1e-9);
    progress(
      `  import: ${t.toFixed(0)} s, ${n0(registered)} / ${n0(IMPORT_ROWS)} rows registered (${n0(rate)} rows/s now), read model ${n0(firms)} firms`,
    );
    last = { t, registered };
  }
  const response = await answer;
  const total = (performance.now() - t0) / 1000;
  const cpu = cpuUse(cpu0, cpuSnapshot(), { server: service.pid, load_generator: process.pid });
  const server = await service.windowEnd();
  if (response.status !== 200)
    throw new Error(`import answered ${response.status}: ${response.body.slice(0, 2000)}`);
  const report = JSON.parse(response.body) as ImportReport;
  progress(
    `import: answered after ${total.toFixed(1)} s — ${report.status}, ${n0(report.rowsRegistered)} registered, ${n0(report.rowsUnchanged)} unchanged, ${n0(report.rowsFailed)} failed (${n0(report.rowsRegistered / total)} rows/s)`,
  );
  const firms = await waitForFirms(admin, IMPORT_ROWS, 300);
  const readModel = (performance.now() - t0) / 1000;
  progress(`import: read model at ${n0(firms)} firms ${readModel.toFixed(1)} s after the POST`);
  await waitForRunners(service.url, 600);
  const runners = (performance.now() - t0) / 1000;
  progress(`import: directory projection and publisher caught up ${runners.toFixed(1)} s after the POST`);
  const problems: string[] = [];
  if (report.status !== 'completed')
    problems.push(`import status ${report.status} (${report.failure ?? ''})`);
  if (report.rowsRead !== IMPORT_ROWS) problems.push(`rows read ${report.rowsRead} ≠ ${IMPORT_ROWS}`);
  if (report.rowsRegistered !== IMPORT_ROWS)
    problems.push(`rows registered ${report.rowsRegistered} ≠ ${IMPORT_ROWS}`);
  if (report.rowsFailed)
    problems.push(`${report.rowsFailed} rows failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  if (firms !== IMPORT_ROWS) problems.push(`read model has ${firms} firms ≠ ${IMPORT_ROWS}`);
  return {
    rows: IMPORT_ROWS,
    csv_bytes: csv.length,
    csv_generation_s: round(generation, 2),
    http_status: response.status,
    total_s: round(total, 2),
    rows_per_s: round(report.rowsRegistered / total, 1),
    read_model_s: round(readModel, 2),
    read_model_firms: firms,
    runners_caught_up_s: round(runners, 2),
    report: { ...report, errors: report.errors.slice(0, 10) },
    progress: samples,
    cpu,
    server,
    verify: { ok: problems.length === 0, problems },
  };
}

// --- list and search --------------------------------------------------------------------------------------------

interface ListScenario {
  readonly name: string;
  readonly label: string;
  /** The query string of the first page. */
  readonly query: string;
}

const LIST_SCENARIOS: ListScenario[] = [
  { name: 'list', label: 'GET /firms?limit=50 (all firms by name)', query: 'limit=50' },
  {
    name: 'list_region',
    label: 'GET /firms?regionCode=27&limit=50 (대구, 1/14 of the firms)',
    query: 'regionCode=27&limit=50',
  },
  {
    name: 'list_stage',
    label: 'GET /firms?stage=potential (every firm is potential; default limit 50)',
    query: 'stage=potential',
  },
  {
    name: 'search_2_chars',
    label: 'GET /firms?q=한빛 (2 characters, ~0.1% of the firms)',
    query: `q=${encodeURIComponent('한빛')}`,
  },
  {
    name: 'search_3_chars',
    label: 'GET /firms?q=바이오 (3 characters, ~8% of the firms)',
    query: `q=${encodeURIComponent('바이오')}`,
  },
  {
    name: 'search_4_chars_rare',
    label: 'GET /firms?q=한빛정밀 (4 characters, a handful of firms)',
    query: `q=${encodeURIComponent('한빛정밀')}`,
  },
];

/** The first page, then each next page by its nextCursor (up to PAGES); no cursor: start over. */
function pagedRequests(query: string): autocannon.Request[] {
  const first: autocannon.Request = {
    method: 'GET',
    path: `/firms?${query}`,
    onResponse: (_status, body, context) => {
      (context as { next?: string }).next = cursorOf(body);
    },
  };
  const next: autocannon.Request = {
    method: 'GET',
    setupRequest: (request, context) => {
      const cursor = (context as { next?: string }).next;
      if (!cursor) return null as unknown as autocannon.Request; // back to the first page
      return { ...request, path: `/firms?${query}&cursor=${encodeURIComponent(cursor)}` };
    },
    onResponse: (_status, body, context) => {
      (context as { next?: string }).next = cursorOf(body);
    },
  };
  return [first, ...Array.from({ length: PAGES - 1 }, () => ({ ...next }))];
}

function cursorOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { nextCursor?: string | null }).nextCursor ?? undefined;
  } catch {
    return undefined;
  }
}

interface ExplainRun {
  readonly scenario: string;
  readonly sql: string;
  readonly execution_ms: number;
  readonly plan: string[];
}

/**
 * EXPLAIN ANALYZE of each scenario's first page, with the SQL FirmDirectoryQuery.list sends (rebuilt here
 * for the diagnostic; the measured requests go through the service).
 */
async function explainFirstPages(admin: Client): Promise<ExplainRun[]> {
  const out: ExplainRun[] = [];
  const like = (q: string) => `%${q}%`;
  const cases: [string, string, unknown[]][] = [
    ['list', '', []],
    ['list_region', 'WHERE region_code = $1', ['27']],
    ['list_stage', 'WHERE stage = $1', ['potential']],
    ['search_2_chars', 'WHERE name ILIKE $1', [like('한빛')]],
    ['search_3_chars', 'WHERE name ILIKE $1', [like('바이오')]],
    ['search_4_chars_rare', 'WHERE name ILIKE $1', [like('한빛정밀')]],
  ];
  for (const [scenario, where, params] of cases) {
    const sql = `SELECT firm_id, brn, name, region_code, industry_id, stage, size, status, registered_at FROM firm_registry.firms ${where} ORDER BY name, firm_id LIMIT $${params.length + 1}`;
    const { rows } = await admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
      ...params,
      51,
    ]);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const exec = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
    out.push({ scenario, sql, execution_ms: exec, plan });
  }
  return out;
}

/**
 * Every query at every connection count; at the goal's connection count in ROUNDS rounds in which the
 * queries take turns. A short warm-up of each query at each connection count before its first round.
 */
async function runLists(service: ServerChild): Promise<Aggregate[]> {
  const out: Aggregate[] = [];
  for (const connections of LIST_CONNECTIONS) {
    const rounds = connections === GOAL_LIST_CONNECTIONS ? ROUNDS : 1;
    const runs = new Map<string, LoadRun[]>();
    for (let r = 1; r <= rounds; r++) {
      for (const s of LIST_SCENARIOS) {
        const common = {
          target: 'service',
          server: service,
          connections,
          requests: pagedRequests(s.query),
          headers: ACTOR_HEADERS,
        };
        if (r === 1)
          await load({ ...common, scenario: `${s.name} warm-up`, durationS: LIST_WARMUP_S, measure: false });
        const run = await load({ ...common, scenario: s.name, round: r, durationS: LIST_ROUND_S });
        runs.set(s.name, [...(runs.get(s.name) ?? []), run]);
        progress(
          `  ${s.name} @ ${connections} conn${rounds > 1 ? `, round ${r}/${rounds}` : ''}: ${n0(run.ok_per_s)} requests/s, p50 ${fmt(run.latency.p50, 'ms')} ms, p99 ${fmt(run.latency.p99, 'ms')} ms, non-2xx ${run.non_2xx}, steal ${pct(stealShare(run))}${run.non_2xx_samples.length ? ` (${run.non_2xx_samples[0]})` : ''}`,
        );
      }
    }
    for (const s of LIST_SCENARIOS) out.push(aggregate(runs.get(s.name)!));
  }
  return out;
}

// --- register-firm ----------------------------------------------------------------------------------------------

let commandSeq = 0;

function registerRequests(): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/firms',
      setupRequest: (request) => ({ ...request, body: registrationBody(benchFirm(1, commandSeq++)) }),
    },
  ];
}

const REGISTER_HEADERS = { ...ACTOR_HEADERS, 'content-type': 'application/json' };

interface RegisterResults {
  readonly service: Aggregate[];
  readonly ceiling: Aggregate[];
  readonly runs: LoadRun[];
}

/**
 * Both servers up at once (the idle one costs next to nothing): a warm-up of each at each connection count,
 * then ROUNDS rounds in which, per connection count, the service and the ceiling take turns (alternating
 * who goes first).
 */
async function runRegister(service: ServerChild, ceiling: ServerChild): Promise<RegisterResults> {
  const targets = { service, ceiling } as const;
  const other = { service: ceiling, ceiling: service } as const;
  const phase = (target: 'service' | 'ceiling', connections: number) => ({
    target,
    server: targets[target],
    connections,
    headers: REGISTER_HEADERS,
    cpuGroups: { idle_other_server: other[target].pid },
  });
  for (const connections of CONNECTIONS)
    for (const target of ['ceiling', 'service'] as const) {
      progress(`  warm-up: ${target}, ${connections} connections, ${WARMUP_S} s`);
      await load({
        ...phase(target, connections),
        scenario: `register ${target} warm-up`,
        durationS: WARMUP_S,
        requests: registerRequests(),
        measure: false,
      });
    }
  const runs: LoadRun[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    for (const connections of CONNECTIONS) {
      const order = r % 2 ? (['service', 'ceiling'] as const) : (['ceiling', 'service'] as const);
      for (const target of order) {
        const run = await load({
          ...phase(target, connections),
          scenario: `register ${target} ${connections} conn`,
          round: r,
          durationS: ROUND_S,
          requests: registerRequests(),
        });
        runs.push(run);
        progress(
          `  round ${r}/${ROUNDS}, ${target} @ ${connections} conn: ${n0(run.ok_per_s)} commands/s, p50 ${fmt(run.latency.p50, 'ms')} ms, p99 ${fmt(run.latency.p99, 'ms')} ms, non-2xx ${run.non_2xx}, errors ${run.errors}; server ELU ${run.server?.elu}, machine ${pct(run.cpu.machine_busy)} busy, steal ${pct(stealShare(run))}${run.non_2xx_samples.length ? `; e.g. ${run.non_2xx_samples[0]}` : ''}`,
        );
      }
    }
  }
  const of = (target: string) =>
    CONNECTIONS.map((c) => aggregate(runs.filter((r) => r.target === target && r.connections === c)));
  return { service: of('service'), ceiling: of('ceiling'), runs };
}

interface Profiled {
  readonly label: string;
  readonly run: LoadRun;
  readonly profile: ProfileSummary;
}

/** A diagnostic phase under the CPU profiler (sampling costs throughput: not in the metrics). */
async function runProfiled(
  service: ServerChild,
  label: string,
  connections: number,
  requests: autocannon.Request[],
  headers: Record<string, string>,
): Promise<Profiled> {
  progress(
    `  diagnostic: CPU profile of the service over ${PROFILE_S} s of ${label} at ${connections} connections`,
  );
  await service.profileStart();
  const run = await load({
    scenario: `${label} (profiled)`,
    target: 'service',
    server: service,
    connections,
    durationS: PROFILE_S,
    requests,
    headers,
  });
  const profile = await service.profileStop();
  progress(`  profiled: ${n0(run.ok_per_s)} requests/s under the profiler`);
  return { label, run, profile };
}

// --- report -------------------------------------------------------------------------------------------------------

/** Per-round ratios service ÷ ceiling (same round, same connection count): median and range. */
function pairedRatios(runs: LoadRun[], connections: number): { median: number; min: number; max: number } {
  const ratios: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const s = runs.find((x) => x.target === 'service' && x.connections === connections && x.round === r);
    const c = runs.find((x) => x.target === 'ceiling' && x.connections === connections && x.round === r);
    if (s && c && c.ok_per_s > 0) ratios.push(s.ok_per_s / c.ok_per_s);
  }
  return {
    median: round(median(ratios), 3),
    min: round(Math.min(...ratios), 3),
    max: round(Math.max(...ratios), 3),
  };
}

function buildMetrics(register: RegisterResults, importRun: ImportRun, lists: Aggregate[]): Metric[] {
  const metrics: Metric[] = [];
  for (const ours of register.service) {
    const c = register.ceiling.find((r) => r.connections === ours.connections);
    const name = `register_firm_${ours.connections}_connections`;
    const description = `POST /firms (register-firm, a new 사업자등록번호 each), ${ours.connections} connections, no pipelining; median of ${ours.rounds} rounds of ${ROUND_S} s (rate; each percentile the median of the rounds' percentiles), 2xx responses only. Ceiling: bare Fastify route validating the same RegisterFirmDto, answering 201, in the same rounds.`;
    metrics.push(
      metric(
        name,
        'commands/s',
        description,
        { ours: ours.ok_per_s, ceiling: c?.ok_per_s ?? null, peer: null },
        { sample: ours.ok },
      ),
    );
    for (const p of ['p50', 'p90', 'p99'] as const)
      metrics.push(
        metric(
          `${name}_${p}`,
          'ms',
          description,
          { ours: ours.latency[p], ceiling: c?.latency[p] ?? null, peer: null },
          { sample: ours.ok },
        ),
      );
  }
  const importDescription = `POST /firm-imports with a ${(importRun.csv_bytes / 2 ** 20).toFixed(1)} MiB CSV of ${n0(importRun.rows)} firms (streamed; IMPORT_CONCURRENCY default), one run`;
  metrics.push(
    metric(
      'import_rows',
      'rows/s',
      `${importDescription}: rows registered ÷ (POST → report).`,
      { ours: importRun.rows_per_s, ceiling: null, peer: null },
      { sample: importRun.rows },
    ),
    metric(
      'import_total',
      's',
      `${importDescription}: POST → report (the import answers when done).`,
      { ours: importRun.total_s, ceiling: null, peer: null },
      { sample: importRun.rows },
    ),
    metric(
      'import_read_model',
      's',
      `${importDescription}: POST → the read model (firm directory) holds every row.`,
      { ours: importRun.read_model_s, ceiling: null, peer: null },
      { sample: importRun.rows },
    ),
  );
  for (const a of lists) {
    const s = LIST_SCENARIOS.find((x) => x.name === a.scenario)!;
    for (const p of ['p50', 'p99'] as const)
      metrics.push(
        metric(
          `${s.name}_${a.connections}_conn_${p}`,
          'ms',
          `${s.label} with ${n0(importRun.read_model_firms)} firms loaded, following nextCursor for up to ${PAGES} pages, ${a.connections} connection(s); every page request; ${a.rounds > 1 ? `median of ${a.rounds} rounds' ${p}s, ${LIST_ROUND_S} s each` : `one ${LIST_ROUND_S} s round`}.`,
          { ours: a.latency[p], ceiling: null, peer: null },
          { sample: a.ok },
        ),
      );
  }
  return metrics;
}

function evaluateGoals(register: RegisterResults, lists: Aggregate[]): Goal[] {
  const goals: Goal[] = [];
  const best = [...register.service].sort((a, b) => b.ok_per_s - a.ok_per_s)[0];
  if (best) {
    const all = register.service
      .map((r) => `${n0(r.ok_per_s)}/s at ${r.connections} connections (p99 ${fmt(r.latency.p99, 'ms')} ms)`)
      .join(', ');
    const c = register.ceiling.find((r) => r.connections === best.connections);
    const paired = pairedRatios(register.runs, best.connections);
    goals.push(
      goal(
        `≥ ${n0(COMMANDS_PER_S_GOAL)} register-firm commands/s on ${os.cpus().length} cores`,
        `register_firm_${best.connections}_connections`,
        best.ok_per_s,
        '>=',
        COMMANDS_PER_S_GOAL,
        () =>
          `${all} (medians of ${best.rounds} rounds); the ceiling (bare Fastify + DTO validation) ${c ? `${n0(c.ok_per_s)}/s at ${c.connections} connections: ours ${(best.ok_per_s / c.ok_per_s).toFixed(2)}× of it (per-round paired ratios: median ${paired.median.toFixed(2)}×, range ${paired.min.toFixed(2)}–${paired.max.toFixed(2)}×)` : 'not measured'}.`,
      ),
    );
  }
  for (const a of lists.filter((r) => r.connections === GOAL_LIST_CONNECTIONS)) {
    goals.push(
      goal(
        `p99 < ${LIST_P99_GOAL_MS} ms: ${LIST_SCENARIOS.find((s) => s.name === a.scenario)!.label}`,
        `${a.scenario}_${a.connections}_conn_p99`,
        a.latency.p99,
        '<',
        LIST_P99_GOAL_MS,
        () =>
          `p99 ${fmt(a.latency.p99, 'ms')} ms (rounds: ${a.per_round.p99.map((p) => fmt(p, 'ms')).join(', ')}), p50 ${fmt(a.latency.p50, 'ms')} ms, over ${n0(a.ok)} page requests at ${a.connections} connections (${n0(a.ok_per_s)} requests/s).`,
      ),
    );
  }
  return goals;
}

interface CpuRowInput {
  readonly machine_busy: number;
  readonly steal_share: number;
  readonly cpu_ms_per_request: Record<string, number>;
  readonly server_elu: number | null;
}

function cpuRow(label: string, a: CpuRowInput): string {
  const v = (group: string) => {
    const x = a.cpu_ms_per_request[group];
    return x === undefined ? '—' : x.toFixed(2);
  };
  return `| ${label} | ${pct(a.machine_busy)} | ${v('server')} | ${v('postgres')} | ${v('load_generator')} | ${v('kernel_softirq')} | ${v('other_processes')} | ${v('steal')} (${pct(a.steal_share)}) | ${a.server_elu === null ? '—' : a.server_elu.toFixed(2)} |`;
}

function importCpu(run: ImportRun): CpuRowInput {
  return {
    machine_busy: run.cpu.machine_busy,
    steal_share: run.cpu.cpu_s.steal / Math.max(run.cpu.wall_s * os.cpus().length, 1e-9),
    cpu_ms_per_request: Object.fromEntries(
      Object.entries(run.cpu.cpu_s).map(([g, s]) => [g, (s * 1000) / Math.max(run.rows, 1)]),
    ),
    server_elu: run.server?.elu ?? null,
  };
}

/** SQL statements per request (per row) from the service process: the total and the most frequent. */
function queryLines(
  label: string,
  unit: string,
  q: { per_request: number; top: { sql: string; per_request: number }[] } | null,
  top: number,
): string[] {
  if (!q) return [];
  return [
    `${label}: ${q.per_request.toFixed(1)} SQL statements per ${unit} from the service process:`,
    '',
    `| statement (first 90 characters) | per ${unit} |`,
    '| --- | ---: |',
    ...q.top
      .slice(0, top)
      .map((x) => `| \`${x.sql.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${x.per_request.toFixed(2)} |`),
    '',
  ];
}

function importQueries(run: ImportRun) {
  const q = run.server?.queries;
  if (!q) return null;
  return {
    per_request: round(q.total / run.rows, 2),
    top: q.top.map((x) => ({ sql: x.sql, per_request: round(x.count / run.rows, 3) })),
  };
}

function profileLines(p: Profiled): string[] {
  const pr = p.profile;
  return [
    `CPU profile of the service over ${PROFILE_S} s of ${p.label} at ${p.run.connections} connections (a separate diagnostic phase at ${n0(p.run.ok_per_s)} requests/s; sampling costs throughput, so it is not in the metrics). Self time by where the code lives, share of the non-idle time (${n0(pr.sampled_ms - pr.idle_ms)} of ${n0(pr.sampled_ms)} ms sampled):`,
    '',
    pr.by_category
      .filter((x) => x.share >= 0.005)
      .map((x) => `${x.category} ${(x.share * 100).toFixed(1)}%`)
      .join(' · '),
    '',
    `Top functions by self time: ${pr.top_self
      .slice(0, 8)
      .map((f) => `\`${f.fn}\` (${f.where}) ${(f.share * 100).toFixed(1)}%`)
      .join('; ')}.`,
    '',
    `Our functions by inclusive time (they and what they call): ${pr.top_inclusive
      .slice(0, 12)
      .map((f) => `\`${f.fn}\` (${f.where}) ${(f.share * 100).toFixed(1)}%`)
      .join('; ')}.`,
    '',
  ];
}

function breakdownLines(
  register: RegisterResults,
  importRun: ImportRun,
  lists: Aggregate[],
  explains: ExplainRun[],
  profiles: Profiled[],
): string[] {
  const busiest = [...register.service].sort((a, b) => b.connections - a.connections)[0];
  const goalList = lists.find((a) => a.connections === GOAL_LIST_CONNECTIONS && a.scenario === 'list_region');
  return [
    "CPU milliseconds per request (per row for the import), from /proc over the measured rounds: the server process (service or ceiling), all PostgreSQL processes, this bench process (autocannon generating the load), the kernel's softirq time (loopback networking), every other process on the machine, and the CPU time the hypervisor stole from this VM (in brackets: the share of the machine's capacity it took); then the server's event-loop utilisation (ELU, 1.00 = never idle).",
    '',
    '| phase | machine busy | server | PostgreSQL | load generator | kernel softirq | other processes | steal | server ELU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...register.service.map((a) =>
      cpuRow(`register-firm, service, ${a.connections} connections (${n0(a.ok_per_s)}/s)`, a),
    ),
    ...register.ceiling.map((a) =>
      cpuRow(`register-firm, ceiling, ${a.connections} connections (${n0(a.ok_per_s)}/s)`, a),
    ),
    cpuRow(`import, ${n0(importRun.rows)} rows (${n0(importRun.rows_per_s)} rows/s)`, importCpu(importRun)),
    ...lists.map((a) => cpuRow(`\`${a.scenario}\`, ${a.connections} connection(s) (${n0(a.ok_per_s)}/s)`, a)),
    '',
    `Rounds (commands/s; steal share): ${[...register.service, ...register.ceiling]
      .map(
        (a) =>
          `${a.target} at ${a.connections} connections ${a.per_round.ok_per_s.map((v, i) => `${n0(v)} (${pct(a.per_round.steal_share[i])})`).join(', ')}`,
      )
      .join('; ')}.`,
    '',
    ...(busiest
      ? queryLines(`register-firm at ${busiest.connections} connections`, 'command', busiest.queries, 12)
      : []),
    ...queryLines(`Import (${n0(importRun.rows)} rows)`, 'row', importQueries(importRun), 12),
    ...(goalList
      ? queryLines(`\`list_region\` at ${goalList.connections} connections`, 'request', goalList.queries, 4)
      : []),
    `List and search: requests/s and latency per page request (ms), ${n0(importRun.read_model_firms)} firms in the read model; p50/p90/p99 are medians of the rounds' percentiles, max over all rounds.`,
    '',
    '| query | connections | rounds | requests/s | p50 | p90 | p99 | max | non-2xx | steal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lists.map(
      (a) =>
        `| \`${a.scenario}\` | ${a.connections} | ${a.rounds} | ${n0(a.ok_per_s)} | ${fmt(a.latency.p50, 'ms')} | ${fmt(a.latency.p90, 'ms')} | ${fmt(a.latency.p99, 'ms')} | ${fmt(a.latency.max, 'ms')} | ${a.non_2xx} | ${pct(a.steal_share)} |`,
    ),
    '',
    'The first page of each query as PostgreSQL runs it (EXPLAIN ANALYZE of the SQL FirmDirectoryQuery.list sends, after the import and a VACUUM ANALYZE of the table):',
    '',
    '| query | plan (outer nodes) | execution (ms) |',
    '| --- | --- | ---: |',
    ...explains.map(
      (e) =>
        `| \`${e.scenario}\` | ${e.plan
          .filter((l) => /->|^Limit/.test(l.trim()))
          .slice(0, 4)
          .map((l) =>
            l
              .trim()
              .replace(/^-> +/, '')
              .replace(/ +\(cost=.*$/, '')
              .replace(/\|/g, '\\|'),
          )
          .join(' → ')} | ${fmt(e.execution_ms, 'ms')} |`,
    ),
    '',
    ...profiles.flatMap(profileLines),
  ];
}

function methodNotes(
  checks: Record<string, { ok: boolean; problems: string[] }>,
  stolen: { phase: string; share: number }[],
): string[] {
  const failed = Object.entries(checks).filter(([, v]) => !v.ok);
  return [
    `Processes: PostgreSQL; the firm registry in a child process of its own — startFirmRegistry (main.ts) with DATABASE_URL to a fresh database, PORT 0, LOG_LEVEL=warn and otherwise FirmRegistryConfig's defaults (PostgreSQL event store, embedded bus, IMPORT_CONCURRENCY 8), run with \`node -r libs/platform/runtime/register.js\` as \`npm run start:firm-registry\` does; the ceiling in another child process. The load (autocannon ${versionOf('autocannon')}, closed loop, no pipelining) comes from the bench process, so the generator and the servers do not share an event loop; all of them share the machine's cores. The service process counts its SQL statements (a Map increment per query, query-counter.ts).`,
    "Ceiling: a bare Fastify app (the version Nest uses) with one POST /firms route that runs plainToInstance(RegisterFirmDto) and validate() with the platform ValidationPipe's options (whitelist, forbidNonWhitelisted, forbidUnknownValues) and answers 201 with a constant body of the service's shape. It is what HTTP, JSON and the DTO validation cost here; ours ÷ ceiling is the share of that rate the whole command path keeps (Nest, the actor guard, the personal-data vault, the event store append, metrics, and the projection runner and publisher running in the same process).",
    `Order: the import first (fresh database; catalogue seeded at start), then list/search with exactly ${n0(IMPORT_ROWS)} firms, then register-firm on top of them. Register-firm: both servers up, ${WARMUP_S} s of warm-up of each at each connection count, then ${ROUNDS} rounds of ${ROUND_S} s per server and connection count, service and ceiling taking turns (who goes first alternates by round); commands/s is the median round, each latency percentile the median of the rounds' percentiles. Each register request carries a new valid 사업자등록번호 (check digit computed by the test harness's brnFrom; autocannon's setupRequest builds each body), a Korean name and one of the 14 single-region 미래 신산업 with its region — the same bodies go to the ceiling.`,
    `Latency: measured per response by the bench (autocannon's response event, µs resolution), 2xx responses only; percentiles are nearest-rank within a round. In a closed loop the latency includes the queueing at that concurrency: at ${CONNECTIONS.join(' or ')} connections the server always has that many requests in hand.`,
    `Import: one POST /firm-imports (text/csv, streamed) of ${n0(IMPORT_ROWS)} rows with every IMPORT_COLUMNS column; rows/s = rows registered ÷ (POST → report). The read model is counted in PostgreSQL (firm_registry.firms) every 250 ms until it has every row; list/search starts when the directory projection and the publisher report no lag (GET /health) and after VACUUM ANALYZE of firm_registry.firms (what autovacuum does on its own shortly after).`,
    `List/search: each autocannon connection requests the first page, then the next page by its nextCursor, up to ${PAGES} pages, then starts over (a query with fewer pages starts over sooner). ${LIST_WARMUP_S} s warm-up per query and connection count; at ${GOAL_LIST_CONNECTIONS} connection(s), where the goals are judged, ${ROUNDS} rounds of ${LIST_ROUND_S} s with the queries taking turns (median of the rounds' percentiles); at the other counts one round.`,
    `Shared machine: "other processes" in the CPU table is work that is not the bench's, "PostgreSQL" counts every postgres process of the server (other databases' sessions too), and "steal" is CPU time the hypervisor gave to other guests while this VM wanted to run. ${stolen.length ? `Phases that lost more than ${pct(STEAL_WARNING)} of the machine to steal (their numbers understate this code): ${stolen.map((s) => `${s.phase} ${pct(s.share)}`).join(', ')}.` : `No measured phase lost more than ${pct(STEAL_WARNING)} of the machine to steal.`}`,
    'Durability: nothing relaxed for the benchmark (environment.server).',
    failed.length
      ? `CHECKS FAILED: ${failed.map(([k, v]) => `${k}: ${v.problems.join('; ')}`).join(' | ')}`
      : `Checks: the import completed with all ${n0(IMPORT_ROWS)} rows registered and none failed, and the read model reached ${n0(IMPORT_ROWS)} firms; every register-firm request to the service answered 201 (no non-2xx, no errors) and the read model then held every firm registered; the service logged no error.`,
  ];
}

// --- main ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  progress(
    `firm-registry bench: import ${n0(IMPORT_ROWS)} rows; list/search ${LIST_SCENARIOS.length} queries at ${LIST_CONNECTIONS.join(', ')} connection(s), ${LIST_ROUND_S} s per round; register-firm at ${CONNECTIONS.join(', ')} connections, ${ROUNDS} rounds × ${ROUND_S} s, service and ceiling interleaved`,
  );
  let server: BenchServer | undefined;
  let db: BenchDatabase | undefined;
  let admin: Client | undefined;
  let service: ServerChild | undefined;
  let ceiling: ServerChild | undefined;
  const cleanup = async () => {
    await service?.stop().catch(() => undefined);
    await ceiling?.stop().catch(() => undefined);
    killChildren();
    await admin?.end().catch(() => undefined);
    if (db) {
      await db.drop().catch((e) => progress(`could not drop ${db!.name}: ${(e as Error).message}`));
      progress(`database ${db.name} dropped`);
    }
    await server?.stop().catch(() => undefined);
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: cleaning up');
    killChildren();
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startServer(progress);
    db = await createBenchDatabase(server.adminUrl);
    progress(`database ${db.name} created`);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    const environment = await readEnvironment({
      script: 'bench:firm-registry',
      server,
      db,
      admin,
      settings: [
        'fsync',
        'synchronous_commit',
        'wal_sync_method',
        'full_page_writes',
        'shared_buffers',
        'max_connections',
      ],
      commandEnv: [
        ROUNDS !== 3 ? `BENCH_ROUNDS=${ROUNDS}` : '',
        ROUND_S !== 8 ? `BENCH_ROUND_S=${ROUND_S}` : '',
        CONNECTIONS.join(',') !== '4,8' ? `BENCH_CONNECTIONS=${CONNECTIONS.join(',')}` : '',
        IMPORT_ROWS !== 100_000 ? `BENCH_IMPORT_ROWS=${IMPORT_ROWS}` : '',
        LIST_CONNECTIONS.join(',') !== '1,4' ? `BENCH_LIST_CONNECTIONS=${LIST_CONNECTIONS.join(',')}` : '',
      ],
      services: {
        nestjs: versionOf('@nestjs/core'),
        fastify: versionOf('fastify'),
        class_validator: versionOf('class-validator'),
        typeorm: versionOf('typeorm'),
        autocannon: versionOf('autocannon'),
      },
      run: {
        rounds: ROUNDS,
        round_s: ROUND_S,
        warmup_s: WARMUP_S,
        connections: CONNECTIONS,
        pipelining: 1,
        import_rows: IMPORT_ROWS,
        list_round_s: LIST_ROUND_S,
        list_connections: LIST_CONNECTIONS,
        list_pages: PAGES,
      },
    });

    progress('starting the firm registry (child process) ...');
    service = await ServerChild.start('service', path.join(__dirname, 'service.child.ts'), {
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    progress(`firm registry listening on ${service.url} (pid ${service.pid})`);

    progress(`phase 1/3: CSV import of ${n0(IMPORT_ROWS)} firms`);
    const importRun = await runImport(service, admin);
    await admin.query('VACUUM ANALYZE firm_registry.firms');

    progress(`phase 2/3: list and search with ${n0(importRun.read_model_firms)} firms`);
    const explains = await explainFirstPages(admin);
    const lists = await runLists(service);
    const profiles: Profiled[] = [];
    if (PROFILE)
      profiles.push(
        await runProfiled(
          service,
          '`list_region`',
          GOAL_LIST_CONNECTIONS,
          pagedRequests(LIST_SCENARIOS[1].query),
          ACTOR_HEADERS,
        ),
      );

    progress(
      'phase 3/3: register-firm, the service and the ceiling (bare Fastify + RegisterFirmDto validation)',
    );
    ceiling = await ServerChild.start('ceiling', path.join(__dirname, 'ceiling.child.ts'), { PORT: '0' });
    progress(`ceiling listening on ${ceiling.url} (pid ${ceiling.pid})`);
    const before = await countFirms(admin);
    const sentBefore = commandSeq;
    const register = await runRegister(service, ceiling);
    await ceiling.stop();
    ceiling = undefined;
    if (PROFILE)
      profiles.unshift(
        await runProfiled(
          service,
          'register-firm',
          CONNECTIONS[CONNECTIONS.length - 1],
          registerRequests(),
          REGISTER_HEADERS,
        ),
      );
    await waitForRunners(service.url, 300);
    const after = await countFirms(admin);
    const errorLines = service.errorLines;
    await service.stop();
    service = undefined;

    // Checks: every command to the service answered 201, and every one of them (warm-ups and the profiled
    // phase included) is in the read model.
    const serviceRuns = [
      ...register.runs.filter((r) => r.target === 'service'),
      ...profiles.map((p) => p.run),
    ];
    const failures = serviceRuns
      .filter((r) => r.scenario.startsWith('register'))
      .reduce((a, r) => a + r.non_2xx + r.errors, 0);
    const problems: string[] = [];
    if (failures) problems.push(`${failures} non-2xx answers or errors in the measured register-firm phases`);
    const measured201 = serviceRuns
      .filter((r) => r.scenario.startsWith('register'))
      .reduce((a, r) => a + r.ok, 0);
    if (after - before < measured201)
      problems.push(`the read model grew by ${after - before}, fewer than the ${measured201} measured 201s`);
    if (errorLines) problems.push(`the service logged ${errorLines} error line(s)`);
    const checks = { import: importRun.verify, register: { ok: problems.length === 0, problems } };

    const stolen = [
      ...[...register.service, ...register.ceiling].map((a) => ({
        phase: `register-firm ${a.target} ${a.connections} conn`,
        share: a.steal_share,
      })),
      { phase: 'import', share: importCpu(importRun).steal_share },
      ...lists.map((a) => ({ phase: `${a.scenario} ${a.connections} conn`, share: a.steal_share })),
    ]
      .filter((s) => s.share > STEAL_WARNING)
      .map((s) => ({ ...s, share: round(s.share, 3) }));

    const metrics = buildMetrics(register, importRun, lists);
    const goals = evaluateGoals(register, lists);
    const breakdown = breakdownLines(register, importRun, lists, explains, profiles);
    const notes = methodNotes(checks, stolen);
    finishEnvironment(environment, t0);
    const report: Report = {
      environment,
      metrics,
      goals,
      notes,
      runs: {
        register: {
          service: register.service,
          ceiling: register.ceiling,
          paired_ratios: Object.fromEntries(CONNECTIONS.map((c) => [c, pairedRatios(register.runs, c)])),
          rounds: register.runs,
        },
        import: importRun,
        lists,
        explain: explains,
        profiles,
        steal_over_threshold: stolen,
        checks: {
          ...checks,
          register: {
            ...checks.register,
            firms_before: before,
            firms_after: after,
            request_bodies_built: commandSeq - sentBefore,
          },
        },
        breakdown,
      },
    };

    const out = process.stdout;
    out.write(`\nFirm registry benchmark — ${environment.command}\n`);
    out.write(
      `PostgreSQL ${environment.server.version} (${environment.database_mode}), fsync=${environment.server.fsync}, synchronous_commit=${environment.server.synchronous_commit}; Node ${environment.node}, ${environment.cpus} cores\n\n`,
    );
    out.write(`${table(metrics)}\n\n`);
    out.write(`Goals:\n${goalsText(goals)}`);
    if (stolen.length)
      out.write(
        `\nSteal over ${pct(STEAL_WARNING)} of the machine in: ${stolen.map((s) => `${s.phase} ${pct(s.share)}`).join(', ')}\n`,
      );
    const failed = Object.entries(checks).filter(([, v]) => !v.ok);
    if (failed.length)
      out.write(`\nCHECKS FAILED: ${failed.map(([k, v]) => `${k}: ${v.problems.join('; ')}`).join(' | ')}\n`);
    writeJson(path.join(OUTPUT_DIR, 'firm-registry.json'), report);
    await writeMarkdown(path.join(OUTPUT_DIR, 'firm-registry.md'), report, breakdown);
    out.write(
      `\nWrote ${path.join(OUTPUT_DIR, 'firm-registry.json')} and firm-registry.md (total ${environment.total_runtime_s} s)\n`,
    );
    if (failed.length) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  killChildren();
  process.exitCode = 1;
});
