import type { Logger } from '@baton/platform';
import type { DataSource } from 'typeorm';
import type { FirmFact } from '../rules/firm-history';
import type { RuleSet } from '../rules/rule-set';
import { Backtest, type WarningTimelineEntry } from '../warnings/backtest';

const PAGE = 5000;
/** At most this many timeline entries in an answer; the counts cover them all. */
export const TIMELINE_CAP = 1000;

export interface BacktestReport {
  readonly ruleSetVersion: number;
  readonly facts: number;
  readonly firms: number;
  readonly raised: number;
  readonly levelChanges: number;
  readonly bySignal: Record<string, { raised: number; levelChanges: number }>;
  readonly openAtEnd: number;
  readonly timeline: readonly WarningTimelineEntry[];
  readonly timelineTruncated: boolean;
  readonly durationMs: number;
}

/**
 * Streams the recorded facts (`firm_facts`, in business-time order, then arrival) through an incremental
 * backtest, a page at a time (keyset on (at, fact_seq)), logging progress on long runs. Facts of a firm not
 * registered in the history (learned before it) are skipped, as the live path cannot evaluate them either.
 */
export async function runBacktest(
  dataSource: DataSource,
  ruleSet: RuleSet,
  options: { from?: string; to?: string; logger?: Logger; onProgress?: (facts: number) => void } = {},
): Promise<BacktestReport> {
  const t0 = performance.now();
  const run = new Backtest(ruleSet, false);
  const timeline: WarningTimelineEntry[] = [];
  const bySignal: Record<string, { raised: number; levelChanges: number }> = {};
  let raised = 0;
  let levelChanges = 0;
  let after: [string, string] | undefined;
  let lastLog = t0;
  for (;;) {
    const params: unknown[] = [options.from ?? '-infinity', options.to ?? 'infinity', PAGE];
    if (after) params.push(after[0], after[1]);
    // Ordered by the table's column (indexed with fact_seq), not by the text form selected for the cursor.
    const rows: { fact: FirmFact; cursor_at: string; seq: string }[] = await dataSource.query(
      `SELECT fact, to_char(f.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at, fact_seq::text AS seq
       FROM firm_facts f WHERE f.at >= $1::timestamptz AND f.at <= $2::timestamptz
       ${after ? 'AND (f.at, f.fact_seq) > ($4::timestamptz, $5::bigint)' : ''}
       ORDER BY f.at, f.fact_seq LIMIT $3`,
      params,
    );
    for (const row of rows) {
      let produced: WarningTimelineEntry[];
      try {
        produced = run.add(row.fact);
      } catch (error) {
        if ((error as { code?: string }).code === 'firm-not-registered') continue;
        throw error;
      }
      for (const entry of produced) {
        const counts = (bySignal[entry.signal] ??= { raised: 0, levelChanges: 0 });
        if (entry.kind === 'raised') {
          raised++;
          counts.raised++;
        } else {
          levelChanges++;
          counts.levelChanges++;
        }
        if (timeline.length < TIMELINE_CAP) timeline.push(entry);
      }
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = [last.cursor_at, last.seq];
    options.onProgress?.(run.facts);
    if (performance.now() - lastLog > 2000) {
      lastLog = performance.now();
      options.logger?.info({ facts: run.facts, raised, levelChanges }, 'backtest in progress');
    }
  }
  const result = run.result();
  return {
    ruleSetVersion: ruleSet.version,
    facts: run.facts,
    firms: run.firms,
    raised,
    levelChanges,
    bySignal,
    openAtEnd: result.openAtEnd.length,
    timeline,
    timelineTruncated: raised + levelChanges > timeline.length,
    durationMs: Math.round(performance.now() - t0),
  };
}
