// The backtest part: a recorded history of firm facts written straight into crisis_monitoring.firm_facts of a
// database the service's own start-up code migrated (openServiceDatabase with its read-model migrations), then
// runBacktest (backtests/run-backtest.ts, the code behind POST /backtests) over it in this process, against the
// ceiling of reading the same rows: the same paging query through the same data source, each page's jsonb
// parsed by the driver, nothing evaluated.
import { performance } from 'node:perf_hooks';
import { cpuSnapshot, progress, round, type CpuUse } from '@baton/testing/bench';
import type { DataSource } from 'typeorm';
import { runBacktest, type BacktestReport } from '../src/backtests/run-backtest';
import type { FirmFact } from '../src/rules/firm-history';
import { RULE_SET_V1 } from '../src/rules/rule-set.v1';
import { cpuSince } from './cpu';
import { FACTS_PER_FIRM, firmHistory, type FactRow } from './history';

/** Rows per INSERT statement. */
const BATCH_ROWS = 5000;
/** The page size of run-backtest.ts (its PAGE): the ceiling pages the same way. */
const PAGE = 5000;

export interface LoadResult {
  /** Firms in the table after this load. */
  readonly firms: number;
  /** Facts in the table after this load. */
  readonly facts: number;
  /** Facts this load wrote. */
  readonly written: number;
  readonly seconds: number;
  readonly rows_per_s: number;
  readonly by_type: Record<string, number>;
  readonly table_mb: number;
}

/**
 * Writes the 20 facts (history.ts) of firms `from` … `firms` − 1 with multi-row INSERTs (unnest of arrays, 5,000
 * rows a statement, two statements in flight so generating the next batch overlaps writing this one), then
 * ANALYZE. Loading 0 → 10,000 then 10,000 → 50,000 gives the same table as 0 → 50,000 at once.
 */
export async function loadHistory(dataSource: DataSource, from: number, firms: number): Promise<LoadResult> {
  const t0 = performance.now();
  const byType: Record<string, number> = {};
  let written = 0;
  let lastLog = t0;
  const firmsPerBatch = Math.max(1, Math.floor(BATCH_ROWS / FACTS_PER_FIRM));
  const inFlight = new Set<Promise<void>>();
  for (let first = from; first < firms; first += firmsPerBatch) {
    const rows: FactRow[] = [];
    for (let k = first; k < Math.min(firms, first + firmsPerBatch); k++) rows.push(...firmHistory(k));
    for (const r of rows) byType[r.fact.type] = (byType[r.fact.type] ?? 0) + 1;
    const insert = dataSource
      .query(
        `INSERT INTO firm_facts (event_id, firm_id, fact, at)
         SELECT e, f, x::jsonb, a FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS t(e, f, x, a)`,
        [
          rows.map((r) => r.eventId),
          rows.map((r) => r.firmId),
          rows.map((r) => JSON.stringify(r.fact)),
          rows.map((r) => r.fact.at),
        ],
      )
      .then(() => {
        written += rows.length;
        inFlight.delete(insert);
      });
    inFlight.add(insert);
    if (inFlight.size >= 2) await Promise.race(inFlight);
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      const s = (lastLog - t0) / 1000;
      progress(
        `  history: ${written.toLocaleString('en-US')} facts written (${Math.round(written / s).toLocaleString('en-US')}/s)`,
      );
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  progress(
    `  history: ${written.toLocaleString('en-US')} facts written in ${seconds.toFixed(1)} s; ANALYZE ...`,
  );
  await dataSource.query('ANALYZE firm_facts');
  const [size] = await dataSource.query(
    `SELECT pg_total_relation_size('firm_facts')::float8 / 1048576 AS mb, (SELECT count(*) FROM firm_facts)::int AS n`,
  );
  return {
    firms,
    facts: size.n,
    written,
    seconds: round(seconds, 2),
    rows_per_s: Math.round(written / seconds),
    by_type: byType,
    table_mb: round(Number(size.mb), 1),
  };
}

export interface PassResult {
  readonly target: 'backtest' | 'ceiling';
  readonly facts: number;
  readonly seconds: number;
  readonly facts_per_s: number;
  readonly pages: number;
  /** Page query times (sent → rows parsed), ms. */
  readonly page_ms: { readonly p50: number; readonly max: number; readonly total_s: number };
  readonly cpu: CpuUse;
  /** This process after the pass (the backtest keeps every firm's history until it ends). */
  readonly heap_used_mb: number;
  readonly rss_mb: number;
  readonly report?: Omit<BacktestReport, 'timeline'> & { timeline_entries: number };
}

/** Times every page query of a pass: wraps dataSource.query while `fn` runs. */
async function timingQueries<T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number[] }> {
  const ms: number[] = [];
  const original = dataSource.query.bind(dataSource);
  const timed = (async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    const rows = await original(sql, params);
    ms.push(performance.now() - t);
    return rows;
  }) as DataSource['query'];
  Object.defineProperty(dataSource, 'query', { value: timed, configurable: true, writable: true });
  try {
    return { value: await fn(), ms };
  } finally {
    delete (dataSource as { query?: unknown }).query;
  }
}

function pass(
  target: PassResult['target'],
  facts: number,
  t0: number,
  ms: number[],
  cpu: CpuUse,
  report?: BacktestReport,
): PassResult {
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...ms].sort((a, b) => a - b);
  const memory = process.memoryUsage();
  return {
    target,
    facts,
    seconds: round(seconds, 2),
    facts_per_s: Math.round(facts / seconds),
    pages: ms.length,
    page_ms: {
      p50: round(sorted[Math.floor(sorted.length / 2)] ?? NaN, 1),
      max: round(sorted.at(-1) ?? NaN, 1),
      total_s: round(ms.reduce((a, b) => a + b, 0) / 1000, 2),
    },
    cpu,
    heap_used_mb: Math.round(memory.heapUsed / 2 ** 20),
    rss_mb: Math.round(memory.rss / 2 ** 20),
    ...(report && {
      report: (({ timeline, ...rest }) => ({ ...rest, timeline_entries: timeline.length }))(report),
    }),
  };
}

const onProgress = (label: string, total: number) => {
  let last = performance.now();
  const t0 = last;
  return (facts: number) => {
    if (performance.now() - last < 5000) return;
    last = performance.now();
    const s = (last - t0) / 1000;
    progress(
      `  ${label}: ${facts.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} facts (${Math.round(facts / s).toLocaleString('en-US')}/s)`,
    );
  };
};

/** runBacktest of rule set v1 over the whole history, as POST /backtests runs it (no from/to). */
export async function backtestPass(dataSource: DataSource, total: number): Promise<PassResult> {
  const before = cpuSnapshot();
  const t0 = performance.now();
  const { value: report, ms } = await timingQueries(dataSource, () =>
    runBacktest(dataSource, RULE_SET_V1, { onProgress: onProgress('backtest', total) }),
  );
  const cpu = cpuSince(before, { bench: process.pid });
  return pass('backtest', report.facts, t0, ms, cpu, report);
}

/** The page statement of run-backtest.ts (its ORDER BY at names the output column); `orderBy` to vary it. */
function pageSql(after: boolean, orderBy = 'at, fact_seq'): string {
  return `SELECT fact, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, fact_seq::text AS seq
       FROM firm_facts WHERE at >= $1::timestamptz AND at <= $2::timestamptz
       ${after ? 'AND (at, fact_seq) > ($4::timestamptz, $5::bigint)' : ''}
       ORDER BY ${orderBy} LIMIT $3`;
}

const pageParams = (after?: readonly [string, string]) => ['-infinity', 'infinity', PAGE, ...(after ?? [])];

/** Keyset paging over (at, fact_seq), facts counted. */
async function readAll(
  dataSource: DataSource,
  orderBy: string,
  progressed: (n: number) => void,
): Promise<number> {
  let n = 0;
  let after: [string, string] | undefined;
  for (;;) {
    const rows: { fact: FirmFact; at: string; seq: string }[] = await dataSource.query(
      pageSql(after !== undefined, orderBy),
      pageParams(after),
    );
    for (const row of rows) if (row.fact.firmId) n++;
    if (rows.length < PAGE) return n;
    const last = rows[rows.length - 1];
    after = [last.at, last.seq];
    progressed(n);
  }
}

/** Where the history stands after the first `share` of its facts in (at, fact_seq) order: keyset cursors. */
async function cursorsAt(
  dataSource: DataSource,
  shares: readonly number[],
): Promise<([string, string] | undefined)[]> {
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM firm_facts');
  const ranks = shares.map((share) => Math.floor(share * n));
  const rows: { rn: string; at: string; seq: string }[] = await dataSource.query(
    `SELECT rn::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, fact_seq::text AS seq
       FROM (SELECT at, fact_seq, row_number() OVER (ORDER BY at, fact_seq) AS rn FROM firm_facts) t
      WHERE rn = ANY($1::bigint[])`,
    [ranks.filter((r) => r > 0)],
  );
  const byRank = new Map(rows.map((r) => [Number(r.rn), [r.at, r.seq] as [string, string]]));
  return ranks.map((r) => (r > 0 ? byRank.get(r) : undefined));
}

export interface PageSamples {
  readonly facts: number;
  readonly pages: number;
  /** The page statement of run-backtest.ts timed (sent → rows parsed) with its cursor after this share of the facts. */
  readonly samples: { readonly share: number; readonly ms: number }[];
  /** pages × the mean page time over the history (trapezoid over the samples): the passes' page-query total. */
  readonly estimated_total_s: number;
}

/**
 * The cost of the backtest's page queries over the whole history without running a pass: the page statement
 * timed at a few cursor positions (0 = the first page, no cursor), integrated over the history. A page's cost
 * depends on the table's size (a scan of it all) and on the rows after the cursor (sorted), not on what ran
 * before it, so samples stand for their neighbourhood.
 */
export async function samplePages(
  dataSource: DataSource,
  shares: readonly number[] = [0, 0.25, 0.5, 0.75, 0.95],
): Promise<PageSamples> {
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM firm_facts');
  const cursors = await cursorsAt(dataSource, shares);
  const samples: { share: number; ms: number }[] = [];
  for (const [i, share] of shares.entries()) {
    const t = performance.now();
    await dataSource.query(pageSql(cursors[i] !== undefined), pageParams(cursors[i]));
    samples.push({ share, ms: round(performance.now() - t, 1) });
  }
  // Trapezoid over [0, 1]; the last sample stands for the end of the history.
  const points = [...samples, { share: 1, ms: samples[samples.length - 1].ms }];
  let area = 0;
  for (let i = 1; i < points.length; i++)
    area += ((points[i].ms + points[i - 1].ms) / 2) * (points[i].share - points[i - 1].share);
  const pages = Math.floor(n / PAGE) + 1;
  return { facts: n, pages, samples, estimated_total_s: round((pages * area) / 1000, 1) };
}

/**
 * The ceiling: the same keyset paging over (at, fact_seq) as run-backtest.ts — the same statement (whose
 * `ORDER BY at` names the output column, the to_char text), the same page size, the same data source (TypeORM
 * over pg: the driver parses each row's jsonb) — the facts only counted.
 */
export async function ceilingPass(dataSource: DataSource, total: number): Promise<PassResult> {
  const before = cpuSnapshot();
  const t0 = performance.now();
  const { value: facts, ms } = await timingQueries(dataSource, () =>
    readAll(dataSource, 'at, fact_seq', onProgress('ceiling', total)),
  );
  const cpu = cpuSince(before, { bench: process.pid });
  return pass('ceiling', facts, t0, ms, cpu);
}

/**
 * Diagnostic (after the measured passes; it changes the table): the same read ordered by the table's column
 * over an index on (at, fact_seq), so that each page is an index range scan instead of a sort of the rest of
 * the table — what reading the history would cost with the query fixed.
 */
export async function indexedReadPass(dataSource: DataSource, total: number): Promise<PassResult> {
  await dataSource.query('CREATE INDEX bench_firm_facts_at_seq ON firm_facts (at, fact_seq)');
  await dataSource.query('ANALYZE firm_facts');
  const before = cpuSnapshot();
  const t0 = performance.now();
  const { value: facts, ms } = await timingQueries(dataSource, () =>
    readAll(dataSource, 'firm_facts.at, firm_facts.fact_seq', onProgress('indexed read', total)),
  );
  const cpu = cpuSince(before, { bench: process.pid });
  return pass('ceiling', facts, t0, ms, cpu);
}

/** The plan of one page of the paging query, mid-history (EXPLAIN ANALYZE): where a page's time goes. */
export async function pagePlan(dataSource: DataSource): Promise<string[]> {
  const [mid] = await cursorsAt(dataSource, [0.5]);
  const rows: { 'QUERY PLAN': string }[] = await dataSource.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${pageSql(true)}`,
    pageParams(mid),
  );
  return rows.map((r) => r['QUERY PLAN']);
}
