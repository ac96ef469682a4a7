// `npm run bench:crisis` — crisis monitoring (issue 6), two measurements:
//
//   latency   an indicator report published on the bus as the firm registry would
//             (firm-registry.indicators-reported.v1, this year's sales 60% below last year's) until the warning
//             it raises (crisis-monitoring.warning-raised.v1) arrives on a ministry dashboard's SSE connection
//             (GET /warnings/live), at a steady open-loop rate (default 200 reports/s). Goal: p99 < 1 s.
//             Ceiling, same run, same rate: raw pg — INSERT the report as a row, a LISTEN connection notified of
//             it (pg_notify in the same statement): what "written → pushed to a listener" costs on this
//             PostgreSQL. Service and ceiling alternate in rounds.
//   backtest  runBacktest (backtests/run-backtest.ts, behind POST /backtests) of rule set v1 over a recorded
//             history written straight into crisis_monitoring.firm_facts (20 facts per firm, history.ts), in
//             this process: facts/s. Ceiling: the same rows read with the same paging query and parsed by the
//             driver, nothing evaluated.
//
// Given (not measured): the firms of the latency part registered through the bus (firm-registered.v1 and the
// prior year's indicators-reported.v1 each), waited for until the service recorded every fact.
// Prints a table on stdout (progress on stderr) and writes docs/benchmarks/crisis.{json,md}. Exits 1 when a
// correctness check fails (a warning lost or raised twice, a send failed, the service logged an error, the
// backtest did not see every fact, ...); timings never fail it.
//
// Environment: DATABASE_URL (else embedded PostgreSQL); BENCH_RATE (default 200/s); BENCH_ROUNDS (default 3)
// × BENCH_ROUND_S (default 10); BENCH_WARMUP_S (default 5); BENCH_BACKTEST_FIRMS (default 4000,10000: passes over
// 80,000 then 200,000 facts, the history grown in place; 50000 = the issue's 1,000,000 facts, which takes far
// longer than this run's 6-minute budget, see docs/benchmarks/crisis.md); BENCH_PARTS (default
// latency,backtest); BENCH_OUTPUT_DIR (default
// docs/benchmarks); BENCH_PROFILE=1 adds a profiled diagnostic phase before the latency rounds and profiles the
// backtest pass (summaries in the JSON and on stderr).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedBusProducer } from '@baton/messaging';
import { createLogger, openServiceDatabase } from '@baton/platform';
import {
  createBenchDatabase,
  finishEnvironment,
  goal,
  goalsText,
  killChildren,
  latencySummary,
  progress,
  readEnvironment,
  readNumber,
  REPO_ROOT,
  round,
  ServerChild,
  startProfile,
  startServer,
  stopProfile,
  vmstat,
  writeJson,
  type BenchDatabase,
  type BenchServer,
  type Goal,
  type ProfileSummary,
} from '@baton/testing/bench';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { loadCrisisConfig } from '../src/config';
import { READ_MODEL_MIGRATIONS, READ_MODEL_SCHEMA } from '../src/read-model.migrations';
import { SERVICE } from '../src/runtime';
import {
  backtestPass,
  ceilingPass,
  indexedReadPass,
  loadHistory,
  pagePlan,
  samplePages,
  type LoadResult,
  type PageSamples,
  type PassResult,
} from './backtest';
import { findPostmaster } from './cpu';
import { FACTS_PER_FIRM } from './history';
import { Ceiling, Dashboard, registerFirms, runService, type Given, type PhaseRun } from './latency';
import { fmt, metric, table, writeMarkdown, type Metric, type Report, type Section } from './report';

process.env.BENCH_T0 ??= String(Date.now());

const RATE = readNumber('BENCH_RATE', 200);
const ROUNDS = Math.round(readNumber('BENCH_ROUNDS', 3));
const ROUND_S = readNumber('BENCH_ROUND_S', 10);
const WARMUP_S = readNumber('BENCH_WARMUP_S', 5);
const BACKTEST_FIRMS = (process.env.BENCH_BACKTEST_FIRMS || '4000,10000').split(',').map((v) => {
  const n = Number(v.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_BACKTEST_FIRMS: ${v} is not a firm count`);
  return n;
});
if (BACKTEST_FIRMS.some((n, i) => i > 0 && n <= BACKTEST_FIRMS[i - 1]))
  throw new Error('BENCH_BACKTEST_FIRMS: sizes must ascend');
/** The size the issue asks for. */
const ISSUE_FACTS = 1_000_000;
const SAMPLE_ISSUE_SIZE = process.env.BENCH_SAMPLE_1M !== '0';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'latency,backtest').split(',').map((p) => p.trim()));
const PROFILE = process.env.BENCH_PROFILE === '1';
const OUTPUT_DIR = path.resolve(process.env.BENCH_OUTPUT_DIR ?? path.join(REPO_ROOT, 'docs/benchmarks'));
const P99_GOAL_MS = 1000;
/** After a phase's last report: how long a warning may still take before it counts as lost. */
const DRAIN_MS = 10_000;
/** After a service phase that lost warnings: how long to wait for the service to catch up before going on. */
const SETTLE_MAX_MS = 20_000;
const STEAL_WARNING = 0.15;

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (v: number) => `${Math.round(v * 100)}%`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function versionOf(pkg: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

// --- latency ---------------------------------------------------------------------------------------------------

interface LatencyResult {
  readonly given: Given;
  readonly runs: PhaseRun[];
  readonly problems: string[];
  readonly warnLines: number;
  readonly warningsRecorded: number;
  readonly expected: number;
  readonly dashboard: { raised: number; duplicates: number; late: number; other: number };
  readonly profile?: ProfileSummary;
  readonly statements?: PgStatement[];
}

interface PgStatement {
  readonly query: string;
  readonly calls: number;
  readonly per_report: number;
  readonly total_ms: number;
  readonly mean_ms: number;
  readonly share: number;
}

/** The statements PostgreSQL spent most time executing since the reset (pg_stat_statements), per report. */
async function topStatements(admin: Client, reports: number): Promise<PgStatement[]> {
  const { rows } = await admin.query<{ query: string; calls: string; total: number; all: number }>(
    `SELECT query, calls::text, total_exec_time AS total, sum(total_exec_time) OVER () AS all
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`,
  );
  return rows.map((r) => ({
    query: r.query.replace(/\s+/g, ' ').slice(0, 160),
    calls: Number(r.calls),
    per_report: round(Number(r.calls) / Math.max(reports, 1), 2),
    total_ms: round(r.total, 1),
    mean_ms: round(r.total / Math.max(Number(r.calls), 1), 3),
    share: round(r.total / Math.max(r.all, 1e-9), 3),
  }));
}

async function latencyPart(
  db: BenchDatabase,
  admin: Client,
  onService: (s: ServerChild | undefined) => void,
): Promise<LatencyResult> {
  const perRound = Math.round(RATE * ROUND_S);
  const warmup = Math.round(RATE * WARMUP_S);
  const needed = (PROFILE ? 2 : 1) * warmup + ROUNDS * perRound;
  progress('starting crisis monitoring (child process) ...');
  const service = await ServerChild.start('crisis-monitoring', path.join(__dirname, 'service.child.ts'), {
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  onService(service);
  progress(`crisis monitoring listening on ${service.url} (pid ${service.pid})`);
  const producer = new EmbeddedBusProducer({
    connectionString: db.url,
    applicationName: 'bench-firm-registry-bus',
  });
  const dashboard = new Dashboard();
  const ceiling = new Ceiling();
  try {
    const { firmIds, given } = await registerFirms(producer, admin, needed);
    await dashboard.open(service.url);
    await ceiling.open(db.url);
    await sleep(1000);

    const options = { rate: RATE, drainMs: DRAIN_MS, settleMaxMs: SETTLE_MAX_MS };
    const runs: PhaseRun[] = [];
    let next = 0;
    let expected = 0;
    const service_ = async (count: number, round_: PhaseRun['round']) => {
      const run = await runService(
        options,
        service,
        producer,
        dashboard,
        firmIds.slice(next, next + count),
        round_,
        expected,
      );
      next += count;
      expected += run.scheduled - run.errors;
      return run;
    };
    const line = (r: PhaseRun) =>
      progress(
        `${r.round} ${r.target}: ${r.achieved_per_s}/s, p50 ${fmt(r.latency.p50, 'ms')} p99 ${fmt(r.latency.p99, 'ms')} max ${fmt(r.latency.max, 'ms')} ms; lost ${r.lost}, errors ${r.errors}${r.settle_s > 0.05 ? `, settled ${r.settle_s} s later` : ''}; steal ${pct(r.steal_share)}, other processes ${pct(r.other_share)}`,
      );
    let profile: ProfileSummary | undefined;
    let statements: PgStatement[] | undefined;
    if (PROFILE) {
      // Diagnostic only: a warm-up-sized phase under the CPU profiler and pg_stat_statements, reported apart
      // from the rounds.
      await admin.query(
        'CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()',
      );
      await service.profileStart();
      const run = await service_(warmup, 'profile');
      profile = await service.profileStop();
      statements = await topStatements(admin, run.scheduled);
      line(run);
      process.stderr.write(`${JSON.stringify({ profile, statements }, null, 1)}\n`);
    }
    progress(`warm-up: ${WARMUP_S} s of each`);
    runs.push(await service_(warmup, 'warmup'));
    line(runs.at(-1)!);
    runs.push(await ceiling.run(options, Math.round(warmup / 2), service, 'warmup'));
    line(runs.at(-1)!);
    for (let r = 1; r <= ROUNDS; r++) {
      const order = r % 2 ? (['service', 'ceiling'] as const) : (['ceiling', 'service'] as const);
      for (const target of order) {
        runs.push(
          target === 'service'
            ? await service_(perRound, r)
            : await ceiling.run(options, perRound, service, r),
        );
        line(runs.at(-1)!);
      }
    }

    // Every report raised exactly one warning: the warning board (a read model) gets there in the end.
    const t = performance.now();
    let warningsRecorded = 0;
    for (;;) {
      const { rows } = await admin.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM crisis_monitoring.warnings',
      );
      warningsRecorded = Number(rows[0].n);
      if (warningsRecorded >= expected || performance.now() - t > 30_000) break;
      await sleep(200);
    }
    const problems: string[] = [];
    const allService = runs.filter((r) => r.target === 'service');
    const lost = allService.reduce((a, r) => a + r.lost, 0);
    if (lost)
      problems.push(
        `${lost} warnings did not reach the dashboard within ${DRAIN_MS} ms of their phase's last report (${dashboard.late} of them arrived later)`,
      );
    const errors = allService.reduce((a, r) => a + r.errors, 0);
    if (errors) problems.push(`${errors} sends to the bus failed`);
    if (dashboard.duplicates)
      problems.push(`${dashboard.duplicates} warnings were raised twice for the same firm`);
    if (dashboard.ended) problems.push(`the SSE stream ended during the run (${dashboard.ended})`);
    if (warningsRecorded !== expected)
      problems.push(
        `the warning board holds ${warningsRecorded} warnings, ${expected} reports were sent (30 s after the last round)`,
      );
    const ceil = runs.filter((r) => r.target === 'ceiling');
    const ceilingFailures = ceil.reduce((a, r) => a + r.lost + r.errors, 0);
    if (ceilingFailures) problems.push(`ceiling: ${ceilingFailures} rows not notified or not inserted`);
    if (service.errorLines) problems.push(`the service logged ${service.errorLines} error line(s)`);
    const warnLines = service.warnLines;
    return {
      given,
      runs,
      problems,
      warnLines,
      warningsRecorded,
      expected,
      dashboard: {
        raised: dashboard.raised,
        duplicates: dashboard.duplicates,
        late: dashboard.late,
        other: dashboard.other,
      },
      profile,
      statements,
    };
  } finally {
    await dashboard.close();
    await ceiling.close();
    await producer.close().catch(() => undefined);
    await service.stop().catch(() => undefined);
    onService(undefined);
  }
}

// --- backtest --------------------------------------------------------------------------------------------------

interface BacktestStep {
  readonly load: LoadResult;
  readonly ceiling: PassResult;
  readonly backtest: PassResult;
}

interface BacktestResult {
  /** One step per size, ascending: load more firms, then the ceiling and the backtest over the whole table. */
  readonly steps: BacktestStep[];
  /** The page statement timed at a few cursor positions over the largest measured history. */
  readonly sampledMeasured: PageSamples;
  /** The same over the issue's 1,000,000 facts (the history grown in place), when not measured by a pass. */
  readonly sampledIssue?: PageSamples & { readonly load: LoadResult };
  readonly plan: string[];
  readonly planFacts: number;
  readonly indexed: PassResult;
  readonly problems: string[];
  readonly profile?: ProfileSummary;
}

async function backtestPart(server: BenchServer): Promise<BacktestResult> {
  const db = await createBenchDatabase(server.adminUrl);
  progress(`backtest database ${db.name} created`);
  let dataSource: DataSource | undefined;
  try {
    const config = loadCrisisConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    dataSource = await openServiceDatabase(config, {
      service: SERVICE,
      schema: READ_MODEL_SCHEMA,
      migrations: READ_MODEL_MIGRATIONS,
      logger: createLogger(SERVICE, 'warn'),
    });
    const steps: BacktestStep[] = [];
    const problems: string[] = [];
    let profile: ProfileSummary | undefined;
    let loaded = 0;
    for (const [i, firms] of BACKTEST_FIRMS.entries()) {
      const last = i === BACKTEST_FIRMS.length - 1;
      progress(
        `history: firms ${n0(loaded)} … ${n0(firms - 1)} (${n0((firms - loaded) * FACTS_PER_FIRM)} facts) into crisis_monitoring.firm_facts ...`,
      );
      const load = await loadHistory(dataSource, loaded, firms);
      loaded = firms;
      progress(`ceiling over ${n0(load.facts)} facts: reading them with the backtest's paging query ...`);
      const ceiling = await ceilingPass(dataSource, load.facts);
      progress(
        `ceiling: ${n0(ceiling.facts)} facts in ${ceiling.seconds} s (${n0(ceiling.facts_per_s)}/s; page query p50 ${ceiling.page_ms.p50} ms)`,
      );
      progress(`backtest over ${n0(load.facts)} facts: runBacktest of rule set v1 ...`);
      if (PROFILE && last) await startProfile();
      const backtest = await backtestPass(dataSource, load.facts);
      if (PROFILE && last) {
        profile = await stopProfile();
        process.stderr.write(`${JSON.stringify(profile, null, 1)}\n`);
      }
      const r = backtest.report!;
      progress(
        `backtest: ${n0(backtest.facts)} facts in ${backtest.seconds} s (${n0(backtest.facts_per_s)}/s); ${n0(r.raised)} warnings raised, ${n0(r.levelChanges)} level changes`,
      );
      steps.push({ load, ceiling, backtest });
      const size = `${n0(load.facts)} facts`;
      if (load.facts !== firms * FACTS_PER_FIRM)
        problems.push(`history: ${load.facts} facts in the table, ${firms * FACTS_PER_FIRM} expected`);
      if (backtest.facts !== load.facts)
        problems.push(`${size}: the backtest went through ${backtest.facts} facts`);
      if (r.firms !== firms) problems.push(`${size}: the backtest saw ${r.firms} of ${firms} firms`);
      if (!r.raised) problems.push(`${size}: the backtest raised no warning`);
      if (ceiling.facts !== load.facts) problems.push(`${size}: the ceiling read ${ceiling.facts} facts`);
    }
    progress('sampling the page statement at 5 cursor positions over the measured history ...');
    const sampledMeasured = await samplePages(dataSource);
    progress(
      `  ${sampledMeasured.samples.map((x) => `${x.share}: ${x.ms} ms`).join(', ')} → ~${sampledMeasured.estimated_total_s} s of page queries a pass`,
    );
    let sampledIssue: BacktestResult['sampledIssue'];
    const issueFirms = ISSUE_FACTS / FACTS_PER_FIRM;
    if (SAMPLE_ISSUE_SIZE && loaded < issueFirms) {
      progress(
        `history grown to the issue's ${n0(ISSUE_FACTS)} facts: firms ${n0(loaded)} … ${n0(issueFirms - 1)} ...`,
      );
      const load = await loadHistory(dataSource, loaded, issueFirms);
      loaded = issueFirms;
      if (load.facts !== ISSUE_FACTS)
        problems.push(`history: ${load.facts} facts in the table, ${ISSUE_FACTS} expected`);
      progress('sampling the page statement at 5 cursor positions over 1,000,000 facts ...');
      sampledIssue = { ...(await samplePages(dataSource)), load };
      progress(
        `  ${sampledIssue.samples.map((x) => `${x.share}: ${x.ms} ms`).join(', ')} → ~${sampledIssue.estimated_total_s} s of page queries a pass`,
      );
    }
    const plan = await pagePlan(dataSource);
    progress('diagnostic: the same read ordered by the column, over an index on (at, fact_seq) ...');
    const indexed = await indexedReadPass(dataSource, loaded * FACTS_PER_FIRM);
    progress(`diagnostic: ${n0(indexed.facts)} facts in ${indexed.seconds} s (${n0(indexed.facts_per_s)}/s)`);
    if (indexed.facts !== loaded * FACTS_PER_FIRM)
      problems.push(`the indexed read saw ${indexed.facts} facts`);
    return {
      steps,
      sampledMeasured,
      sampledIssue,
      plan,
      planFacts: loaded * FACTS_PER_FIRM,
      indexed,
      problems,
      profile,
    };
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await db.drop().catch((e) => progress(`could not drop ${db.name}: ${(e as Error).message}`));
    progress(`backtest database ${db.name} dropped`);
  }
}

/**
 * runBacktest over the issue's 1,000,000 facts, estimated (not measured by a pass): the page statement's cost
 * sampled over that history, plus evaluation at the cost per fact measured by the largest pass (a firm's
 * history is at most 20 facts whatever the number of firms, so evaluation is linear in facts); and the same
 * with the query fixed (the indexed read, measured over 1,000,000 facts).
 */
function estimateIssueSize(result: BacktestResult) {
  if (!result.sampledIssue) return null;
  const big = result.steps[result.steps.length - 1];
  const evalPerFact = Math.max(0, big.backtest.seconds - big.backtest.page_ms.total_s) / big.backtest.facts;
  const evaluation = evalPerFact * ISSUE_FACTS;
  const pages = result.sampledIssue.estimated_total_s;
  return {
    facts: ISSUE_FACTS,
    evaluation_us_per_fact: round(evalPerFact * 1e6, 1),
    sampling_check: {
      facts: result.sampledMeasured.facts,
      estimated_page_queries_s: result.sampledMeasured.estimated_total_s,
      measured_page_queries_s: {
        ceiling: big.ceiling.page_ms.total_s,
        backtest: big.backtest.page_ms.total_s,
      },
    },
    backtest: {
      page_queries_s: round(pages, 0),
      evaluation_s: round(evaluation, 0),
      seconds: round(pages + evaluation, 0),
      facts_per_s: Math.round(ISSUE_FACTS / (pages + evaluation)),
    },
    ceiling: { seconds: round(pages, 0), facts_per_s: Math.round(ISSUE_FACTS / pages) },
    fixed_query: {
      read_s: result.indexed.seconds,
      seconds: round(result.indexed.seconds + evaluation, 0),
      facts_per_s: Math.round(ISSUE_FACTS / (result.indexed.seconds + evaluation)),
    },
  };
}

// --- report ------------------------------------------------------------------------------------------------------

function pooled(runs: PhaseRun[]) {
  const samples = runs.flatMap((r) => r.samples);
  const sent = runs.reduce((a, r) => a + r.sent_s, 0);
  const wall = runs.reduce((a, r) => a + r.cpu.wall_s, 0);
  const cpu = (name: string) => runs.reduce((a, r) => a + (r.cpu.cpu_s[name] ?? 0), 0);
  const n = samples.length;
  const perReport = (s: number) => (s * 1000) / Math.max(n, 1);
  return {
    n,
    rate: n / Math.max(sent, 1e-9),
    latency: latencySummary(samples.map((s) => s.latency)),
    ack: latencySummary(samples.map((s) => s.ack)),
    lost: runs.reduce((a, r) => a + r.lost, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    lateMax: Math.max(...runs.map((r) => r.late_ms_max)),
    steal: runs.reduce((a, r) => a + r.steal_share * r.cpu.wall_s, 0) / Math.max(wall, 1e-9),
    other: runs.reduce((a, r) => a + r.other_share * r.cpu.wall_s, 0) / Math.max(wall, 1e-9),
    cpu_ms_per_report: {
      service: perReport(cpu('service')),
      postgres: perReport(cpu('postgres')),
      bench: perReport(cpu('bench')),
      softirq: perReport(cpu('kernel_softirq')),
    },
  };
}

function roundLine(r: PhaseRun): string {
  const per = (s: number | undefined) =>
    s === undefined ? '—' : fmt((s * 1000) / Math.max(r.scheduled, 1), 'ms');
  return `| ${r.target} | ${r.round} | ${n0(r.scheduled)} | ${r.achieved_per_s} | ${fmt(r.latency.p50, 'ms')} | ${fmt(r.latency.p90, 'ms')} | ${fmt(r.latency.p99, 'ms')} | ${fmt(r.latency.max, 'ms')} | ${fmt(r.ack.p99, 'ms')} | ${r.lost} | ${r.errors} | ${per(r.cpu.cpu_s.service)} | ${per(r.cpu.cpu_s.postgres)} | ${per(r.cpu.cpu_s.bench)} | ${r.server ? r.server.elu : '—'} | ${pct(r.cpu.machine_busy)} | ${pct(r.other_share)} | ${pct(r.steal_share)} |`;
}

// --- main --------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  progress(
    `crisis bench: ${[...PARTS].join(' + ')}; ${RATE} reports/s open-loop, ${ROUNDS} rounds × ${ROUND_S} s after ${WARMUP_S} s warm-up, service and raw-pg ceiling interleaved; backtest over ${BACKTEST_FIRMS.map((f) => n0(f * FACTS_PER_FIRM)).join(' then ')} facts`,
  );
  const vm = await vmstat(2);
  progress(
    `vmstat before the run: ${vm.map((v) => `us ${v.us} sy ${v.sy} id ${v.id} st ${v.st} r ${v.r}`).join(' | ') || 'unavailable'}`,
  );
  let server: BenchServer | undefined;
  let db: BenchDatabase | undefined;
  let admin: Client | undefined;
  let service: ServerChild | undefined;
  const cleanup = async () => {
    await service?.stop().catch(() => undefined);
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
    server = await startServer(
      progress,
      PROFILE
        ? {
            flags: [
              '-c',
              'shared_preload_libraries=pg_stat_statements',
              '-c',
              'pg_stat_statements.track=all',
            ],
          }
        : {},
    );
    db = await createBenchDatabase(server.adminUrl);
    progress(`database ${db.name} created`);
    admin = new Client({ connectionString: db.url });
    admin.on('error', (error) => progress(`admin connection: ${error.message}`));
    await admin.connect();
    const postmaster = await findPostmaster(admin).catch(() => undefined);
    progress(
      postmaster
        ? `PostgreSQL postmaster pid ${postmaster}: CPU of its processes only`
        : 'PostgreSQL not on this machine (or not found): every postgres process counted',
    );
    const perRound = Math.round(RATE * ROUND_S);
    const warmup = Math.round(RATE * WARMUP_S);
    const environment = await readEnvironment({
      script: 'bench:crisis',
      server,
      db,
      admin,
      settings: [
        'fsync',
        'synchronous_commit',
        'wal_sync_method',
        'full_page_writes',
        'shared_buffers',
        'work_mem',
        'max_connections',
      ],
      commandEnv: [
        RATE !== 200 ? `BENCH_RATE=${RATE}` : '',
        ROUNDS !== 3 ? `BENCH_ROUNDS=${ROUNDS}` : '',
        ROUND_S !== 10 ? `BENCH_ROUND_S=${ROUND_S}` : '',
        WARMUP_S !== 5 ? `BENCH_WARMUP_S=${WARMUP_S}` : '',
        process.env.BENCH_BACKTEST_FIRMS ? `BENCH_BACKTEST_FIRMS=${BACKTEST_FIRMS.join(',')}` : '',
        process.env.BENCH_PARTS ? `BENCH_PARTS=${[...PARTS].join(',')}` : '',
        PROFILE ? 'BENCH_PROFILE=1' : '',
      ],
      services: {
        nestjs: versionOf('@nestjs/core'),
        fastify: versionOf('fastify'),
        typeorm: versionOf('typeorm'),
        pg: versionOf('pg'),
      },
      run: {
        parts: [...PARTS],
        rate_per_s: RATE,
        rounds: ROUNDS,
        round_s: ROUND_S,
        warmup_s: WARMUP_S,
        drain_ms: DRAIN_MS,
        firms_registered: PARTS.has('latency') ? (PROFILE ? 2 : 1) * warmup + ROUNDS * perRound : 0,
        backtest_firms: BACKTEST_FIRMS,
        backtest_facts: BACKTEST_FIRMS.map((f) => f * FACTS_PER_FIRM),
        vmstat_before: vm,
      },
    });

    const latency = PARTS.has('latency')
      ? await latencyPart(db, admin, (s) => {
          service = s;
        })
      : undefined;
    const backtest = PARTS.has('backtest') ? await backtestPart(server) : undefined;

    // --- metrics, goals, notes ---
    const metrics: Metric[] = [];
    const goals: Goal[] = [];
    const notes: string[] = [];
    const sections: Section[] = [];
    const problems = [...(latency?.problems ?? []), ...(backtest?.problems ?? [])];
    const m = (
      name: string,
      unit: Metric['unit'],
      description: string,
      o: number,
      c: number | null,
      sample: number,
    ) => metric(name, unit, description, { ours: o, ceiling: c, peer: null }, { sample });

    let ours: ReturnType<typeof pooled> | undefined;
    let ceil: ReturnType<typeof pooled> | undefined;
    if (latency) {
      const measured = latency.runs.filter((r) => typeof r.round === 'number');
      ours = pooled(measured.filter((r) => r.target === 'service'));
      ceil = pooled(measured.filter((r) => r.target === 'ceiling'));
      const cpuOurs = ours.cpu_ms_per_report;
      const cpuCeil = ceil.cpu_ms_per_report;
      metrics.push(
        m(
          'warning_delivered_p50',
          'ms',
          'indicators-reported.v1 sent on the bus → its crisis-monitoring.warning-raised.v1 received on the ministry SSE stream (ceiling: INSERT sent → NOTIFY received by a LISTEN connection)',
          ours.latency.p50,
          ceil.latency.p50,
          ours.n,
        ),
        m(
          'warning_delivered_p90',
          'ms',
          'as above, 90th percentile',
          ours.latency.p90,
          ceil.latency.p90,
          ours.n,
        ),
        m(
          'warning_delivered_p99',
          'ms',
          'as above, 99th percentile (goal < 1,000 ms)',
          ours.latency.p99,
          ceil.latency.p99,
          ours.n,
        ),
        m(
          'warning_delivered_max',
          'ms',
          'as above, slowest (lost warnings count with the time waited)',
          ours.latency.max,
          ceil.latency.max,
          ours.n,
        ),
        m(
          'publish_ack_p50',
          'ms',
          'producer send → committed on the embedded bus (ceiling: INSERT + pg_notify acknowledged)',
          ours.ack.p50,
          ceil.ack.p50,
          ours.n,
        ),
        m('publish_ack_p99', 'ms', 'as above, 99th percentile', ours.ack.p99, ceil.ack.p99, ours.n),
        m(
          'achieved_rate',
          'reports/s',
          `reports sent ÷ sending time (target ${RATE}/s, open loop)`,
          ours.rate,
          ceil.rate,
          ours.n,
        ),
        m(
          'cpu_per_report',
          'ms',
          "CPU time per report, all processes of the path: the service, the bench's PostgreSQL server (its postmaster and backends) and the bench process (producer and SSE client; the ceiling: its pool and listener)",
          cpuOurs.service + cpuOurs.postgres + cpuOurs.bench,
          cpuCeil.service + cpuCeil.postgres + cpuCeil.bench,
          ours.n,
        ),
        m(
          'ingest_backlog_rate',
          'facts/s',
          `given: ${n0(latency.given.facts)} registration and prior-year facts published at once, recorded and evaluated by the service (no warning raised) — first send → last fact recorded`,
          latency.given.ingest_facts_per_s,
          null,
          latency.given.facts,
        ),
      );
      goals.push(
        goal(
          `indicator reported → warning on the dashboard's SSE stream p99 < ${P99_GOAL_MS} ms at a steady ${RATE} reports/s`,
          'warning_delivered_p99',
          ours.latency.p99,
          '<',
          P99_GOAL_MS,
          (met) =>
            `p99 ${fmt(ours!.latency.p99, 'ms')} ms over ${n0(ours!.n)} reports at ${round(ours!.rate, 1)}/s (p50 ${fmt(ours!.latency.p50, 'ms')} ms, max ${fmt(ours!.latency.max, 'ms')} ms, lost ${ours!.lost}; raw-pg ceiling p99 ${fmt(ceil!.latency.p99, 'ms')} ms)${met ? '' : ` — ${fmt(ours!.latency.p99 - P99_GOAL_MS, 'ms')} ms over`}${latency.problems.length ? '; CHECKS FAILED' : ''}`,
        ),
      );
      const stolen = measured
        .filter((r) => r.steal_share > STEAL_WARNING)
        .map((r) => `${r.target} round ${r.round} ${pct(r.steal_share)}`);
      const svc = latency.runs.filter((r) => r.server);
      sections.push({
        heading: 'Latency per round',
        lines: [
          "Each row one phase; latency percentiles in ms (nearest rank), lost warnings counted with the time waited. CPU per report in ms: the service process, the bench's PostgreSQL server (its postmaster and backends; other PostgreSQL servers on the machine count as other processes), the bench process (producer and SSE client; in ceiling rows its pg pool and listener). ELU = the service's event-loop utilisation. Machine busy, other processes (everything outside this bench: other work on the shared machine) and steal as shares of all cores.",
          '',
          '| target | round | reports | sent/s | p50 | p90 | p99 | max | ack p99 | lost | errors | service CPU | PostgreSQL CPU | bench CPU | service ELU | machine busy | other processes | steal |',
          '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
          ...latency.runs.map(roundLine),
          '',
          `SQL statements the service sent per report: ${svc.map((r) => `${r.round} ${round(r.server!.queries.total / Math.max(r.scheduled, 1), 1)}`).join(', ')}. Most frequent in round 1: ${
            svc
              .find((r) => r.round === 1)
              ?.server!.queries.top.slice(0, 6)
              .map((q) => `\`${q.sql.replace(/\|/g, '\\|')}\` ×${round(q.count / Math.max(perRound, 1), 1)}`)
              .join('; ') ?? '—'
          } (per report).`,
          '',
          `The busiest other processes over the measured phases (CPU s): ${Object.entries(
            measured.reduce<Record<string, number>>((acc, r) => {
              for (const [k, v] of Object.entries(r.cpu.other_top)) acc[k] = round((acc[k] ?? 0) + v, 2);
              return acc;
            }, {}),
          )
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}.`,
        ],
      });
      notes.push(
        `Processes: PostgreSQL; crisis monitoring in a child process of its own — startCrisisMonitoring (main.ts) with DATABASE_URL to a fresh database, PORT 0, LOG_LEVEL=warn and otherwise CrisisConfig's defaults (embedded bus, PostgreSQL event store), run with \`node -r libs/platform/runtime/register.js\` as \`npm run start:crisis-monitoring\` does; its SQL statements counted (a Map increment per query). The bench process publishes on the bus (EmbeddedBusProducer, as the firm registry's producer does), holds the dashboard's SSE connection and runs the ceiling.`,
        `Given (not measured): ${n0(latency.given.firms)} firms, each registered (firm-registry.firm-registered.v1, one of 16 routable regions, 제주 excluded) and with ${'2025'} sales of 1,000,000,000 원 reported (indicators-reported.v1), published ${n0(latency.given.facts)} events in sends of 500 and waited for until crisis_monitoring.firm_facts held them all (${latency.given.ingest_s} s: ${n0(latency.given.ingest_facts_per_s)} facts/s recorded and evaluated from a backlog).`,
        `Load: one indicators-reported.v1 per firm (period 2026, sales 400,000,000 원: a 60% drop, so each report raises exactly one warning, sales-drop-yoy at alert), open loop at ${RATE}/s — report i is sent at t0 + i/${RATE} s whether or not earlier sends were acknowledged (the generator was at most ${fmt(Math.max(ours.lateMax, ceil.lateMax), 'ms')} ms late), each in its own send (one bus transaction). ${WARMUP_S} s warm-up (discarded), then ${ROUNDS} rounds of ${ROUND_S} s, service and ceiling alternating (who goes first alternates by round). Percentiles are nearest-rank over all measured reports pooled (${n0(ours.n)} for the service).`,
        `Delivery: one SSE connection GET /warnings/live as the ministry (x-baton-role: ministry, sees every warning), opened before the rounds; a report's latency runs from just before its producer send to the arrival of the chunk carrying the crisis-monitoring.warning-raised.v1 event for its firm. A warning that did not arrive within ${DRAIN_MS / 1000} s of the phase's last report is lost and counts with the time waited (a lower bound); after a phase that lost warnings the bench waited up to ${SETTLE_MAX_MS / 1000} s for the service to catch up before the next phase (column settle_s in the JSON). At the end the warning board held ${n0(latency.warningsRecorded)} warnings for ${n0(latency.expected)} reports; the dashboard received ${n0(latency.dashboard.raised)} warning-raised events (${latency.dashboard.duplicates} duplicates, ${latency.dashboard.late} late) and ${latency.dashboard.other} other events.`,
        `Ceiling: the floor of "written → pushed to a listener" on this PostgreSQL, same run, same rate, from the bench process: one autocommit statement through a pg Pool of 4 — INSERT the report's JSON as a row of bench_ceiling.reports and pg_notify its id in the same statement — received by a dedicated LISTEN connection. No bus, no inbox, no evaluation, no event store, no HTTP.`,
        `Shared machine: "steal" is CPU time the hypervisor gave to other guests; "other processes" is CPU used by processes outside this bench (others' tests and builds on the same VM). ${stolen.length ? `Phases that lost more than ${pct(STEAL_WARNING)} of the machine to steal: ${stolen.join(', ')}.` : `No measured phase lost more than ${pct(STEAL_WARNING)} to steal (${pct(ours.steal)} in the service phases, ${pct(ceil.steal)} in the ceiling's).`} Other processes took ${pct(ours.other)} of the machine during the service phases and ${pct(ceil.other)} during the ceiling's.`,
      );
    }
    const estimated = backtest ? estimateIssueSize(backtest) : null;
    if (backtest) {
      const big = backtest.steps[backtest.steps.length - 1];
      const facts = big.load.facts;
      const report = big.backtest.report!;
      const sizeName = (n: number) => (n >= 1e6 ? `${n / 1e6}m` : `${Math.round(n / 1000)}k`);
      for (const step of backtest.steps) {
        const suffix = step === big ? '' : `_${sizeName(step.load.facts)}`;
        metrics.push(
          m(
            `backtest_throughput${suffix}`,
            'facts/s',
            `runBacktest of rule set v1 over ${n0(step.load.facts)} recorded facts ÷ its wall time (ceiling: the same rows read with the same paging query, jsonb parsed, not evaluated)`,
            step.backtest.facts_per_s,
            step.ceiling.facts_per_s,
            step.load.facts,
          ),
        );
      }
      metrics.push(
        m(
          'backtest_duration',
          's',
          `as above over ${n0(facts)} facts, wall time`,
          big.backtest.seconds,
          big.ceiling.seconds,
          facts,
        ),
        ...(estimated
          ? [
              m(
                'backtest_throughput_1m_estimated',
                'facts/s',
                `ESTIMATED, not a pass: runBacktest over ${n0(ISSUE_FACTS)} facts — the page statement sampled at 5 cursor positions over that history, plus evaluation at the cost per fact measured over ${n0(facts)} (ceiling: the sampled page queries alone)`,
                estimated.backtest.facts_per_s,
                estimated.ceiling.facts_per_s,
                ISSUE_FACTS,
              ),
            ]
          : []),
        m(
          'backtest_page_query_p50',
          'ms',
          `one page (5,000 facts) of the paging query over ${n0(facts)} facts, sent → rows parsed, median over the pass`,
          big.backtest.page_ms.p50,
          big.ceiling.page_ms.p50,
          big.backtest.pages,
        ),
        m(
          'backtest_heap_after',
          'MB',
          "V8 heap used by the bench process right after the pass (the backtest holds every firm's history)",
          big.backtest.heap_used_mb,
          big.ceiling.heap_used_mb,
          facts,
        ),
      );
      const evalS = (p: PassResult) => Math.max(0, p.seconds - p.page_ms.total_s);
      const byType: Record<string, number> = {};
      for (const step of backtest.steps)
        for (const [k, v] of Object.entries(step.load.by_type)) byType[k] = (byType[k] ?? 0) + v;
      const passLine = (label: string, p: PassResult) =>
        `| ${label} | ${n0(p.facts)} | ${p.seconds} | ${n0(p.facts_per_s)} | ${p.pages} | ${p.page_ms.p50} | ${p.page_ms.max} | ${p.page_ms.total_s} | ${round(evalS(p), 2)} | ${p.cpu.cpu_s.bench} | ${p.cpu.cpu_s.postgres} | ${p.cpu.cpu_s.other_processes} | ${p.heap_used_mb} |`;
      sections.push({
        heading: 'Backtest',
        lines: [
          `History: ${n0(facts)} facts of ${n0(big.load.firms)} firms (${Object.entries(byType)
            .map(([k, v]) => `${k} ${n0(v)}`)
            .join(
              ', ',
            )}), business time 2021–2026, written in ${backtest.steps.map((st) => `${st.load.seconds} s`).join(' + ')} (${backtest.steps.map((st) => `${n0(st.load.rows_per_s)}`).join(', ')} rows/s); the table with its indexes ${big.load.table_mb} MB. Passes over ${backtest.steps.map((st) => n0(st.load.facts)).join(' then ')} facts (the history grown in place between them).`,
          '',
          '| pass | facts | wall s | facts/s | pages | page query p50 ms | page query max ms | page queries s | rest (evaluation) s | bench CPU s | PostgreSQL CPU s | other processes s | heap after MB |',
          '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
          ...backtest.steps.flatMap((st) => [
            passLine('ceiling: read only', st.ceiling),
            passLine('runBacktest', st.backtest),
          ]),
          passLine(
            `diagnostic (${n0(backtest.indexed.facts)} facts): read ordered by the column, index on (at, fact_seq)`,
            backtest.indexed,
          ),
          '',
          `runBacktest over ${n0(facts)} facts: ${n0(report.raised)} warnings raised and ${n0(report.levelChanges)} level changes (${Object.entries(
            report.bySignal,
          )
            .map(([sig, c]) => `${sig} ${n0(c.raised)}/${n0(c.levelChanges)}`)
            .join(
              ', ',
            )}), ${n0(report.openAtEnd)} open at the end; of its ${big.backtest.seconds} s, ${big.backtest.page_ms.total_s} s waiting for page queries and about ${round(evalS(big.backtest), 1)} s evaluating (${round((evalS(big.backtest) * 1e6) / facts, 1)} µs a fact).`,
          '',
          `Page statement timed at cursor positions (share of the history before the cursor: ms) over ${n0(backtest.sampledMeasured.facts)} facts: ${backtest.sampledMeasured.samples.map((x) => `${x.share}: ${x.ms}`).join(', ')} — integrated, ~${backtest.sampledMeasured.estimated_total_s} s for the ${backtest.sampledMeasured.pages} pages of a pass (the passes measured ${big.ceiling.page_ms.total_s} s and ${big.backtest.page_ms.total_s} s).${
            backtest.sampledIssue
              ? ` Over the issue's ${n0(ISSUE_FACTS)} facts (the history grown in place to ${n0(ISSUE_FACTS / FACTS_PER_FIRM)} firms, ${backtest.sampledIssue.load.table_mb} MB): ${backtest.sampledIssue.samples.map((x) => `${x.share}: ${x.ms}`).join(', ')} — ~${backtest.sampledIssue.estimated_total_s} s for its ${backtest.sampledIssue.pages} pages.`
              : ''
          }`,
          '',
          estimated
            ? `Estimated for ${n0(ISSUE_FACTS)} facts (no pass run at that size): runBacktest ≈ ${n0(estimated.backtest.page_queries_s)} s of page queries (sampled above) + ${n0(estimated.backtest.evaluation_s)} s of evaluation (${estimated.evaluation_us_per_fact} µs a fact, as measured over ${n0(big.backtest.facts)}) ≈ ${n0(estimated.backtest.seconds)} s, ~${n0(estimated.backtest.facts_per_s)} facts/s; the ceiling ≈ ${n0(estimated.ceiling.seconds)} s (~${n0(estimated.ceiling.facts_per_s)} facts/s). With the page query fixed (the indexed read below, measured over ${n0(ISSUE_FACTS)} facts: ${estimated.fixed_query.read_s} s) runBacktest would take ≈ ${n0(estimated.fixed_query.seconds)} s (~${n0(estimated.fixed_query.facts_per_s)} facts/s), evaluation then being nearly all of it.`
            : '',
          '',
          `Plan of one page mid-history over ${n0(backtest.planFacts)} facts (EXPLAIN ANALYZE, before the diagnostic index):`,
          '',
          '```text',
          ...backtest.plan,
          '```',
        ],
      });
      notes.push(
        `Backtest history: ${n0(big.load.firms)} firms × ${FACTS_PER_FIRM} facts (history.ts): registration in 2021, quarterly reports of 2022–2025 (sales, employees, debt ratio, overdue days) and the annual accounts of 2022–2024 (with interest coverage and the Altman Z″ inputs), or a closure instead of the last report for 1 firm in 100; values from a seeded PRNG (the same history each run), about 15% of firms sliding into distress. Facts have the shape the firm-registry reactions record, written straight into crisis_monitoring.firm_facts (multi-row INSERT … unnest, 5,000 rows a statement) of a fresh database migrated by the service's own start-up code (openServiceDatabase with its read-model migrations), then ANALYZE.`,
        `Backtest passes, in the bench process on that database (crisis monitoring not running), at each size: first the ceiling — the paging query of run-backtest.ts (keyset on (at, fact_seq), 5,000 rows a page, through the same TypeORM data source, the pg driver parsing each row's jsonb), facts only counted; then runBacktest(dataSource, RULE_SET_V1) as POST /backtests calls it (no from/to). Page queries are timed by wrapping the data source's query(). At the end a diagnostic, not a metric: the same read with ORDER BY the table's column over an index on (at, fact_seq) created for it (what a fixed query would cost).`,
        `Size: the issue asks for ${n0(ISSUE_FACTS)} facts. Full passes ran over ${backtest.steps.map((st) => n0(st.load.facts)).join(' and ')} (BENCH_BACKTEST_FIRMS=${BACKTEST_FIRMS.join(',')}) so that the whole bench stays within about 6 minutes: every page query scans the table and sorts what is after its cursor, so a pass's query time grows with the square of the history.${backtest.sampledIssue ? ` For ${n0(ISSUE_FACTS)} facts the history was then grown in place and the page statement timed at 5 cursor positions; the ${n0(ISSUE_FACTS)}-fact figures are estimates from those samples and the measured evaluation cost per fact (BENCH_SAMPLE_1M=0 skips this).` : ''} BENCH_PARTS=backtest BENCH_BACKTEST_FIRMS=10000,50000 runs full passes over ${n0(ISSUE_FACTS)} facts.`,
      );
    }
    notes.push('Durability: nothing relaxed for the benchmark (environment.server).');
    const checks = { ok: problems.length === 0, problems, service_warn_lines: latency?.warnLines ?? 0 };
    notes.push(
      checks.ok
        ? `Checks: ${latency ? 'every send was committed, every warning reached the dashboard exactly once within the drain window, the warning board holds one warning per report, the ceiling was notified of every row, the service logged no error' : ''}${latency && backtest ? '; ' : ''}${backtest ? 'the backtest and the ceiling went through every fact of every firm and the backtest raised warnings' : ''}.`
        : `CHECKS FAILED: ${problems.join(' | ')}`,
    );
    finishEnvironment(environment, t0);
    const report: Report = {
      environment,
      metrics,
      goals,
      notes,
      runs: {
        latency: latency && {
          given: latency.given,
          phases: latency.runs.map(({ samples: _samples, ...r }) => r),
          pooled: { service: ours, ceiling: ceil },
          dashboard: latency.dashboard,
          warnings_recorded: latency.warningsRecorded,
          reports_sent: latency.expected,
          ...(latency.profile && { profile: latency.profile, pg_statements: latency.statements }),
        },
        backtest: backtest && {
          steps: backtest.steps,
          indexed_read: backtest.indexed,
          page_samples: {
            measured_size: backtest.sampledMeasured,
            issue_size: backtest.sampledIssue ?? null,
          },
          estimated_at_issue_size: estimated,
          page_plan: backtest.plan,
          ...(backtest.profile && { profile: backtest.profile }),
        },
        checks,
        sections,
      },
    };

    const out = process.stdout;
    out.write(`\nCrisis monitoring benchmark — ${environment.command}\n`);
    out.write(
      `PostgreSQL ${environment.server.version} (${environment.database_mode}), fsync=${environment.server.fsync}, synchronous_commit=${environment.server.synchronous_commit}; Node ${environment.node}, ${environment.cpus} cores\n\n`,
    );
    out.write(`${table(metrics)}\n\n`);
    out.write(`Goals:\n${goalsText(goals)}`);
    if (!checks.ok) out.write(`\nCHECKS FAILED: ${problems.join(' | ')}\n`);
    writeJson(path.join(OUTPUT_DIR, 'crisis.json'), report);
    await writeMarkdown(path.join(OUTPUT_DIR, 'crisis.md'), report, sections);
    out.write(
      `\nWrote ${path.join(OUTPUT_DIR, 'crisis.json')} and crisis.md (total ${environment.total_runtime_s} s)\n`,
    );
    if (!checks.ok) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  killChildren();
  process.exitCode = 1;
});
