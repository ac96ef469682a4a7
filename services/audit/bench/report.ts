// Output: the table on stdout, docs/benchmarks/audit.json and docs/benchmarks/audit.md, in the shape every
// bench writes (@baton/testing/bench).
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'entries/s' | 'ms' | 'count';

export type Metric = BenchMetric<Unit> & {
  /** Requests or entries measured behind the number. */
  readonly sample?: number;
};

export type Report = BenchReport<Metric>;

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample?: number }>({
  rateUnit: 'entries/s',
  header: ['metric', 'unit', 'ours', 'ceiling', 'peer', 'ours/ceiling', 'ours/peer'],
  fixedDigits: (value) => (value >= 100 ? 0 : value >= 10 ? 1 : 2),
});

export async function writeMarkdown(file: string, report: Report): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  await writeBenchMarkdown(file, report, {
    title: 'Audit ledger benchmark',
    script: 'bench:audit',
    source: 'services/audit/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s; ${Number(env.entries_total).toLocaleString('en-US')} ledger entries (${env.firms} firms, the two measured firms with ${env.small_firm_entries} and ${env.large_firm_entries} entries); ${env.replay_requests_small} + ${env.replay_requests_large} as-of requests, one at a time.`,
    environment: [
      `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`shared_buffers=${server.shared_buffers}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
      '- The audit service runs as `npm run start:audit` does (`node -r libs/platform/runtime/register.js`, embedded bus, `LOG_LEVEL=warn`), in its own process; PostgreSQL, the service and the bench process share the machine.',
    ],
    results: [
      'Ratios are ours ÷ ceiling; for ms lower is better, for entries/s 1.00× = the same rate.',
      '',
      markdownTable(report.metrics),
    ],
  });
}
