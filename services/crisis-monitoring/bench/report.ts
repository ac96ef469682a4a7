// Output: the table on stdout, docs/benchmarks/crisis.json and docs/benchmarks/crisis.md, in the shape every
// bench writes (@baton/testing/bench): metrics with ours/ceiling/peer and their ratios, goals, an environment
// block, method notes and the raw runs. What is here is this bench's units, columns and page.
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'reports/s' | 'facts/s' | 'ms' | 's' | 'MB';

export type Metric = BenchMetric<Unit> & {
  /** Reports (or facts) measured behind the number. */
  readonly sample?: number;
};

export type Report = BenchReport<Metric>;

export interface Section {
  readonly heading: string;
  readonly lines: readonly string[];
}

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample?: number }>({
  rateUnit: ['reports/s', 'facts/s'],
  header: [
    'metric',
    'unit',
    'ours',
    'ceiling (raw pg: INSERT → NOTIFY; same paging query, no evaluation)',
    'peer',
    'ours/ceiling',
    'ours/peer',
  ],
  fixedDigits: (value) => (value >= 100 ? 0 : value >= 10 ? 1 : 2),
});

const n0 = (v: unknown) => Number(v).toLocaleString('en-US');

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(
  file: string,
  report: Report,
  sections: readonly Section[],
): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  const vm = env.vmstat_before as { us: number; sy: number; id: number; st: number; r: number }[];
  await writeBenchMarkdown(file, report, {
    title: 'Crisis monitoring benchmark',
    script: 'bench:crisis',
    source: 'services/crisis-monitoring/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s. Latency: ${n0(env.firms_registered)} firms registered beforehand; indicator reports open-loop at ${env.rate_per_s}/s, ${env.rounds} rounds × ${env.round_s} s after a ${env.warmup_s} s warm-up, service and ceiling interleaved. Backtest: passes over ${(env.backtest_facts as number[]).map(n0).join(' then ')} recorded facts (${(env.backtest_firms as number[]).map(n0).join(' then ')} firms × 20).`,
    environment: [
      `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`, \`work_mem=${server.work_mem}\`, \`max_connections=${server.max_connections}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
      vm?.length
        ? `- Shared machine, before the run (\`vmstat 1\`, ${vm.length} s): ${vm.map((v) => `r ${v.r} us ${v.us} sy ${v.sy} id ${v.id} st ${v.st}`).join('; ')} — ${vm.reduce((a, v) => a + v.id, 0) / vm.length < 80 ? 'other work was already using the CPUs' : 'the machine was idle'}; the per-round table shows how much of the machine other processes took during each phase.`
        : '- vmstat was not available before the run.',
      `- NestJS ${env.nestjs} on Fastify ${env.fastify}, TypeORM ${env.typeorm}, pg ${env.pg}. Crisis monitoring runs as \`npm run start:crisis-monitoring\` does (\`node -r libs/platform/runtime/register.js\`, PostgreSQL event store, embedded bus, defaults of CrisisConfig, \`LOG_LEVEL=warn\`).`,
      `- One machine: PostgreSQL, the service process and the bench process (producer, SSE client, ceiling, backtest) share ${env.cpus} cores.`,
    ],
    results: [
      'Ratios are ours ÷ ceiling: for ms and s lower is better; for reports/s and facts/s higher is better (1.00× = at the ceiling).',
      '',
      markdownTable(report.metrics),
    ],
    sections,
  });
}
