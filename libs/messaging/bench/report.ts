// Output: the table on stdout, docs/benchmarks/messaging.json and docs/benchmarks/messaging.md, in the
// shape of the event store bench (libs/eventstore/bench/report.ts): metrics with ours/ceiling/peer and
// their ratios, an environment block, goals, notes and the raw runs.
import fs from 'node:fs';
import path from 'node:path';

export type Unit = 'messages/s' | 'ms';

export interface Metric {
  readonly name: string;
  readonly unit: Unit;
  readonly ours: number;
  readonly ceiling: number | null;
  readonly peer: number | null;
  /** ours ÷ ceiling (messages/s: higher is better, 1.0 = at the ceiling; ms: lower is better). */
  readonly ratio_to_ceiling: number | null;
  /** ours ÷ peer, same reading as ratio_to_ceiling. */
  readonly ratio_to_peer: number | null;
  readonly description: string;
  /** Messages measured (per contender) behind the number. */
  readonly sample_messages?: number;
  readonly note?: string;
}

export interface Goal {
  readonly goal: string;
  readonly metric: string;
  readonly measured: number;
  readonly target: number;
  readonly comparison: '>=' | '<';
  readonly met: boolean;
  readonly statement: string;
}

export interface Report {
  readonly environment: Record<string, unknown>;
  readonly metrics: Metric[];
  readonly goals: Goal[];
  readonly notes: string[];
  readonly runs: Record<string, unknown>;
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function metric(
  name: string,
  unit: Unit,
  description: string,
  values: { ours: number; ceiling: number | null; peer: number | null },
  extra: { sample_messages?: number; note?: string } = {},
): Metric {
  const digits = unit === 'messages/s' ? 0 : 2;
  const ratio = (other: number | null) =>
    other === null || other === 0 || !Number.isFinite(other) ? null : round(values.ours / other, 3);
  return {
    name,
    unit,
    ours: round(values.ours, digits),
    ceiling: values.ceiling === null ? null : round(values.ceiling, digits),
    peer: values.peer === null ? null : round(values.peer, digits),
    ratio_to_ceiling: ratio(values.ceiling),
    ratio_to_peer: ratio(values.peer),
    description,
    ...extra,
  };
}

export function goal(
  goalText: string,
  metricName: string,
  measured: number,
  comparison: '>=' | '<',
  target: number,
  describe: (met: boolean) => string,
): Goal {
  const met = comparison === '>=' ? measured >= target : measured < target;
  return {
    goal: goalText,
    metric: metricName,
    measured: round(measured, 3),
    target,
    comparison,
    met,
    statement: `${met ? 'MET' : 'NOT MET'}: ${describe(met)}`,
  };
}

export function fmt(value: number | null, unit?: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (unit === 'messages/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'ms') return value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
  return `${value.toFixed(2)}×`;
}

const HEADER = ['metric', 'unit', 'ours', 'ceiling (raw kafkajs)', 'peer', 'ours/ceiling', 'ours/peer'];

function cells(m: Metric): string[] {
  return [
    m.name,
    m.unit,
    fmt(m.ours, m.unit),
    fmt(m.ceiling, m.unit),
    fmt(m.peer, m.unit),
    fmt(m.ratio_to_ceiling),
    fmt(m.ratio_to_peer),
  ];
}

export function table(metrics: readonly Metric[]): string {
  const rows = metrics.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) =>
    c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(metrics: readonly Metric[]): string {
  const rows = metrics.map((m) => {
    const c = cells(m);
    c[0] = `\`${c[0]}\``;
    return `| ${c.join(' | ')} |`;
  });
  return [`| ${HEADER.join(' | ')} |`, '| --- | --- | ---: | ---: | ---: | ---: | ---: |', ...rows].join(
    '\n',
  );
}

export function writeJson(file: string, report: Report): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

/** Regenerates the page; a hand-written analysis between the markers survives the regeneration. */
export async function writeMarkdown(
  file: string,
  report: Report,
  sections: { breakdown: string[] },
): Promise<void> {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = previous.indexOf(ANALYSIS_START);
  const b = previous.indexOf(ANALYSIS_END);
  const analysis =
    a >= 0 && b > a
      ? previous.slice(a, b + ANALYSIS_END.length)
      : `${ANALYSIS_START}\n_No analysis written yet._\n${ANALYSIS_END}`;
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  const kafka = env.kafka as Record<string, unknown>;
  const message = env.message as Record<string, unknown>;
  const lines = [
    '# Messaging benchmark',
    '',
    '<!-- Generated by `npm run bench:messaging` (libs/messaging/bench). Only the analysis section is hand-written. -->',
    '',
    `Reproduce: \`${env.command}\``,
    '',
    `Run: ${env.date} — total ${env.total_runtime_s} s, scale ${env.scale}, ${env.rounds} throughput round(s) per contender.`,
    '',
    '## Environment',
    '',
    `- Kafka ${kafka.version} (${kafka.mode}, ${kafka.brokers}), single broker (KRaft combined mode, deploy/kafka/kafka.sh settings); kafkajs ${env.kafkajs}; topics with ${kafka.partitions} partitions, a fresh topic and consumer group per session.`,
    `- PostgreSQL ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`.`,
    `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}; load average at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')}.`,
    `- Message: \`${message.type}\` (the real contract), ${message.value_bytes} B value + ${message.headers_bytes} B of headers (CloudEvents binary mode: \`ce_*\` attributes and extensions, plus the bench's two) + ${message.key_bytes} B key; keyed by ${message.firm_keys} firm ids.`,
    `- Every process on 127.0.0.1 on this one machine: broker, PostgreSQL, and per session one producer and one consumer process (Node), so they share ${env.cpus} cores.`,
    '',
    '## Results',
    '',
    'Ratios are ours ÷ ceiling. For messages/s higher is better (1.00× = at the ceiling); for ms lower is better.',
    '',
    markdownTable(report.metrics),
    '',
    '## Goals',
    '',
    ...report.goals.map(
      (g) => `- **${g.met ? 'Met' : 'Not met'}** — ${g.goal}: ${g.statement.replace(/^(NOT )?MET: /, '')}`,
    ),
    '',
    '## Where the time goes',
    '',
    ...sections.breakdown,
    '',
    '## Method',
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
    '## Analysis',
    '',
    analysis,
    '',
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await prettierFormatted(file, lines.join('\n')));
}

/** The page as `npm run lint`'s prettier check wants it (aligned tables); unformatted if prettier fails. */
async function prettierFormatted(file: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: file });
  } catch {
    return text;
  }
}
