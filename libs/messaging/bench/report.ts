// Output: the table on stdout, docs/benchmarks/messaging.json and docs/benchmarks/messaging.md, in the
// shape of the event store bench: metrics with ours/ceiling/peer and their ratios, an environment block,
// goals, notes and the raw runs. The shape and the writers are shared (@baton/testing/bench); what is here
// is this bench's units, columns and page.
import {
  reportStyle,
  writeMarkdown as writeBenchMarkdown,
  type Metric as BenchMetric,
  type Report as BenchReport,
} from '@baton/testing/bench';

export type Unit = 'messages/s' | 'ms';

export type Metric = BenchMetric<Unit> & {
  /** Messages measured (per contender) behind the number. */
  readonly sample_messages?: number;
};

export type Report = BenchReport<Metric>;

export const { metric, fmt, table, markdownTable } = reportStyle<Unit, { sample_messages?: number }>({
  rateUnit: 'messages/s',
  header: ['metric', 'unit', 'ours', 'ceiling (raw kafkajs)', 'peer', 'ours/ceiling', 'ours/peer'],
  fixedDigits: (value) => (value >= 100 ? 0 : value >= 10 ? 1 : 2),
});

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(
  file: string,
  report: Report,
  sections: { breakdown: string[] },
): Promise<void> {
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  const kafka = env.kafka as Record<string, unknown>;
  const message = env.message as Record<string, unknown>;
  await writeBenchMarkdown(file, report, {
    title: 'Messaging benchmark',
    script: 'bench:messaging',
    source: 'libs/messaging/bench',
    run: `Run: ${env.date} — total ${env.total_runtime_s} s, scale ${env.scale}, ${env.rounds} throughput round(s) per contender.`,
    environment: [
      `- Kafka ${kafka.version} (${kafka.mode}, ${kafka.brokers}), single broker (KRaft combined mode, deploy/kafka/kafka.sh settings); kafkajs ${env.kafkajs}; topics with ${kafka.partitions} partitions, a fresh topic and consumer group per session.`,
      `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`.`,
      `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
      `- Message: \`${message.type}\` (the real contract), ${message.value_bytes} B value + ${message.headers_bytes} B of headers (CloudEvents binary mode: \`ce_*\` attributes and extensions, plus the bench's two) + ${message.key_bytes} B key; keyed by ${message.firm_keys} firm ids.`,
      `- Every process on 127.0.0.1 on this one machine: broker, PostgreSQL, and per session one producer and one consumer process (Node), so they share ${env.cpus} cores.`,
    ],
    results: [
      'Ratios are ours ÷ ceiling. For messages/s higher is better (1.00× = at the ceiling); for ms lower is better.',
      '',
      markdownTable(report.metrics),
    ],
    sections: [{ heading: 'Where the time goes', lines: sections.breakdown }],
  });
}
