// Output: the table on stdout, docs/benchmarks/relay.json and docs/benchmarks/relay.md, in the shape every
// bench writes (@baton/testing/bench): metrics with ours/ceiling/peer and their ratios, goals, an environment
// block, method notes and the raw runs. What is here is this bench's units, columns and page.
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'handoffs/s' | 'ms' | 'count';

export type Metric = BenchMetric<Unit> & {
  /** Hand-offs measured behind the number. */
  readonly sample?: number;
};

export type Report = BenchReport<Metric>;

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample?: number }>({
  rateUnit: 'handoffs/s',
  header: ['metric', 'unit', 'ours', 'ceiling (raw pg INSERT + SELECT)', 'peer', 'ours/ceiling', 'ours/peer'],
  fixedDigits: (value) => (value >= 100 ? 0 : value >= 10 ? 1 : 2),
});

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(file: string, report: Report, breakdown: string[]): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  await writeBenchMarkdown(file, report, {
    title: 'Relay hand-off benchmark',
    script: 'bench:relay',
    source: 'services/relay/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s; ${Number(env.cases_opened).toLocaleString('en-US')} cases opened beforehand; proposals open-loop at ${env.rate_per_s}/s, ${env.rounds} rounds × ${env.round_s} s after a ${env.warmup_s} s warm-up, service and ceiling interleaved; inbox polled by ${env.pollers} pollers every ${env.poll_interval_ms} ms each.`,
    environment: [
      `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`, \`max_connections=${server.max_connections}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
      `- NestJS ${env.nestjs} on Fastify ${env.fastify}, TypeORM ${env.typeorm}, pg ${env.pg}. The relay runs as \`npm run start:relay\` does (\`node -r libs/platform/runtime/register.js\`, PostgreSQL event store, embedded bus, defaults of RelayConfig, \`LOG_LEVEL=warn\`).`,
      `- One machine: PostgreSQL, the relay process and the bench process (load, inbox pollers, the ceiling's pg pool) share ${env.cpus} cores.`,
    ],
    results: [
      'Ratios are ours ÷ ceiling; for ms lower is better, for handoffs/s 1.00× = the same rate.',
      '',
      markdownTable(report.metrics),
    ],
    sections: [{ heading: 'Per round', lines: breakdown }],
  });
}
