// Output: the table on stdout, docs/benchmarks/eventstore.json and docs/benchmarks/eventstore.md. The
// shape and the writers are shared with the other benches (@baton/testing/bench); what is here is this
// bench's units, columns and page.
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'events/s' | 'ms' | 'MB';

export type Metric = BenchMetric<Unit> & {
  /** Events measured per run (per contender) behind the number. */
  readonly sample_events?: number;
};

export type Report = BenchReport<Metric>;

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample_events?: number }>({
  rateUnit: 'events/s',
  header: ['metric', 'unit', 'ours', 'ceiling', 'peer (Emmett)', 'ours/ceiling', 'ours/peer'],
  fixedDigits: (value) => (value >= 100 ? 0 : 2),
});

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(file: string, report: Report): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  await writeBenchMarkdown(file, report, {
    title: 'Event store benchmark',
    script: 'bench:eventstore',
    source: 'libs/eventstore/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s, scale ${env.scale}.`,
    environment: [
      `- PostgreSQL: ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_level=${server.wal_level}\`, \`full_page_writes=${server.full_page_writes}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}.`,
      `- Pool size ${env.pool_size} for every contender; page/batch size ${env.page_size}; ${env.rounds} rounds per append configuration, ${Number(env.rounds) + 2} for \`append_single_16_writers\` (contender order rotated each round, fresh tables per trial, \`CHECKPOINT\` before each trial).`,
      `- Load average (1/5/15 min) at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')} — on a shared machine, compare ratios within a run rather than absolute numbers across runs.`,
    ],
    results: [
      'Ratios are ours ÷ other. For events/s higher is better (1.00× = at the ceiling); for ms and MB lower is better.',
      '',
      markdownTable(report.metrics),
      '',
      ...report.metrics.filter((m) => m.note).map((m) => `- \`${m.name}\`: ${m.note}.`),
    ],
  });
}
