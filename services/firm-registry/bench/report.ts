// Output: the table on stdout, docs/benchmarks/firm-registry.json and docs/benchmarks/firm-registry.md, in
// the shape every bench writes (@baton/testing/bench): metrics with ours/ceiling/peer and their ratios,
// goals, an environment block, method notes and the raw runs. What is here is this bench's units, columns
// and page.
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'commands/s' | 'rows/s' | 'ms' | 's';

export type Metric = BenchMetric<Unit> & {
  /** Responses (or rows) measured behind the number. */
  readonly sample?: number;
};

export type Report = BenchReport<Metric>;

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample?: number }>({
  rateUnit: 'commands/s',
  header: ['metric', 'unit', 'ours', 'ceiling (bare Fastify + DTO)', 'peer', 'ours/ceiling', 'ours/peer'],
  fixedDigits: (value) => (value >= 100 ? 0 : value >= 10 ? 1 : 2),
});

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(file: string, report: Report, breakdown: string[]): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  await writeBenchMarkdown(file, report, {
    title: 'Firm registry benchmark',
    script: 'bench:firm-registry',
    source: 'services/firm-registry/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s; import of ${Number(env.import_rows).toLocaleString('en-US')} firms; list/search at ${(env.list_connections as number[]).join(', ')} connection(s), ${env.list_round_s} s per round; register-firm at ${(env.connections as number[]).join(', ')} connections, ${env.rounds} rounds × ${env.round_s} s after a ${env.warmup_s} s warm-up, service and ceiling interleaved.`,
    environment: [
      `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`, \`max_connections=${server.max_connections}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
      `- NestJS ${env.nestjs} on Fastify ${env.fastify}, class-validator ${env.class_validator}, TypeORM ${env.typeorm}, autocannon ${env.autocannon}. The service runs as \`npm run start:firm-registry\` does (\`node -r libs/platform/runtime/register.js\`, PostgreSQL event store, embedded bus, defaults of FirmRegistryConfig, \`LOG_LEVEL=warn\`).`,
      `- One machine: PostgreSQL, the server process (service or ceiling) and the bench process generating the load (autocannon) share ${env.cpus} cores — the CPU tables below say who used them.`,
    ],
    results: [
      'Ratios are ours ÷ ceiling. For commands/s higher is better (1.00× = at the ceiling); for ms lower is better.',
      '',
      markdownTable(report.metrics),
    ],
    sections: [{ heading: 'Where the time goes', lines: breakdown }],
  });
}
