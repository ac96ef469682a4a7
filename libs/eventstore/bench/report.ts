// Output: the table on stdout, docs/benchmarks/eventstore.json and docs/benchmarks/eventstore.md.
import fs from 'node:fs';
import path from 'node:path';

export type Unit = 'events/s' | 'ms' | 'MB';

export interface Metric {
  readonly name: string;
  readonly unit: Unit;
  readonly ours: number;
  readonly ceiling: number | null;
  readonly peer: number | null;
  /** ours ÷ ceiling (events/s: higher is better, 1.0 = at the ceiling; ms and MB: lower is better). */
  readonly ratio_to_ceiling: number | null;
  /** ours ÷ peer, same reading as ratio_to_ceiling. */
  readonly ratio_to_peer: number | null;
  readonly description: string;
  /** Events measured per run (per contender) behind the number. */
  readonly sample_events?: number;
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

export function metric(
  name: string,
  unit: Unit,
  description: string,
  values: { ours: number; ceiling: number | null; peer: number | null },
  extra: { sample_events?: number; note?: string } = {},
): Metric {
  const ratio = (other: number | null) =>
    other === null || other === 0 ? null : round(values.ours / other, 3);
  return {
    name,
    unit,
    ours: round(values.ours, unit === 'events/s' ? 0 : 2),
    ceiling: values.ceiling === null ? null : round(values.ceiling, unit === 'events/s' ? 0 : 2),
    peer: values.peer === null ? null : round(values.peer, unit === 'events/s' ? 0 : 2),
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

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function fmt(value: number | null, unit?: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (unit === 'events/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'ms' || unit === 'MB') return value.toFixed(value >= 100 ? 0 : 2);
  return `${value.toFixed(2)}×`;
}

export function table(metrics: readonly Metric[]): string {
  const header = ['metric', 'unit', 'ours', 'ceiling', 'peer (Emmett)', 'ours/ceiling', 'ours/peer'];
  const rows = metrics.map((m) => [
    m.name,
    m.unit,
    fmt(m.ours, m.unit),
    fmt(m.ceiling, m.unit),
    fmt(m.peer, m.unit),
    fmt(m.ratio_to_ceiling),
    fmt(m.ratio_to_peer),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(metrics: readonly Metric[]): string {
  const header = '| metric | unit | ours | ceiling | peer (Emmett) | ours/ceiling | ours/peer |';
  const sep = '| --- | --- | ---: | ---: | ---: | ---: | ---: |';
  const rows = metrics.map(
    (m) =>
      `| \`${m.name}\` | ${m.unit} | ${fmt(m.ours, m.unit)} | ${fmt(m.ceiling, m.unit)} | ${fmt(m.peer, m.unit)} | ${fmt(m.ratio_to_ceiling)} | ${fmt(m.ratio_to_peer)} |`,
  );
  return [header, sep, ...rows].join('\n');
}

export function writeJson(file: string, report: Report): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

/**
 * Regenerates the page (formatted by the repository's Prettier settings, so `npm run lint` stays clean);
 * a hand-written analysis between the markers survives the regeneration.
 */
export async function writeMarkdown(file: string, report: Report): Promise<void> {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = previous.indexOf(ANALYSIS_START);
  const b = previous.indexOf(ANALYSIS_END);
  const analysis =
    a >= 0 && b > a
      ? previous.slice(a, b + ANALYSIS_END.length)
      : `${ANALYSIS_START}\n_No analysis written yet._\n${ANALYSIS_END}`;
  const env = report.environment;
  const server = env.server as Record<string, unknown>;
  const lines = [
    '# Event store benchmark',
    '',
    '<!-- Generated by `npm run bench:eventstore` (libs/eventstore/bench). Only the analysis section is hand-written. -->',
    '',
    `Reproduce: \`${env.command}\``,
    '',
    `Run: ${env.date} — total ${env.total_runtime_s} s, scale ${env.scale}.`,
    '',
    '## Environment',
    '',
    `- PostgreSQL: ${server.version} (${env.database_mode}); \`fsync=${server.fsync}\`, \`synchronous_commit=${server.synchronous_commit}\`, \`wal_level=${server.wal_level}\`, \`full_page_writes=${server.full_page_writes}\`, \`wal_sync_method=${server.wal_sync_method}\`, \`shared_buffers=${server.shared_buffers}\`.`,
    `- Node.js ${env.node}, ${env.cpus} × ${env.cpu_model}, ${env.memory_gib} GiB RAM, ${env.platform}.`,
    `- Pool size ${env.pool_size} for every contender; page/batch size ${env.page_size}; ${env.rounds} rounds per append configuration, ${Number(env.rounds) + 2} for \`append_single_16_writers\` (contender order rotated each round, fresh tables per trial, \`CHECKPOINT\` before each trial).`,
    `- Load average (1/5/15 min) at start ${(env.load_average_at_start as number[]).join(' / ')}, at end ${(env.load_average_at_end as number[]).join(' / ')} — on a shared machine, compare ratios within a run rather than absolute numbers across runs.`,
    '',
    '## Results',
    '',
    'Ratios are ours ÷ other. For events/s higher is better (1.00× = at the ceiling); for ms and MB lower is better.',
    '',
    markdownTable(report.metrics),
    '',
    ...report.metrics.filter((m) => m.note).map((m) => `- \`${m.name}\`: ${m.note}.`),
    '',
    '## Goals',
    '',
    ...report.goals.map(
      (g) => `- **${g.met ? 'Met' : 'Not met'}** — ${g.goal}: ${g.statement.replace(/^(NOT )?MET: /, '')}`,
    ),
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
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  const text = await prettier.format(lines.join('\n'), { ...options, parser: 'markdown', filepath: file });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
