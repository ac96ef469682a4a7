// The report of a benchmark, in the one shape every bench writes: metrics with ours/ceiling/peer and their
// ratios, goals, an environment block, method notes and the raw runs. Printed as a table on stdout and
// written as <name>.json and <name>.md (docs/benchmarks by default); the markdown page keeps its
// hand-written analysis section across regenerations.
import fs from 'node:fs';
import path from 'node:path';
import { round } from './stats';

export interface Metric<U extends string = string> {
  readonly name: string;
  readonly unit: U;
  readonly ours: number;
  readonly ceiling: number | null;
  readonly peer: number | null;
  /** ours ÷ ceiling (rates: higher is better, 1.0 = at the ceiling; ms, MB: lower is better). */
  readonly ratio_to_ceiling: number | null;
  /** ours ÷ peer, same reading as ratio_to_ceiling. */
  readonly ratio_to_peer: number | null;
  readonly description: string;
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

export interface Report<M extends Metric = Metric> {
  readonly environment: Record<string, unknown>;
  readonly metrics: M[];
  readonly goals: Goal[];
  readonly notes: string[];
  readonly runs: Record<string, unknown>;
}

export interface MetricValues {
  readonly ours: number;
  readonly ceiling: number | null;
  readonly peer: number | null;
}

/** How a bench's metrics are rounded and printed. */
export interface ReportStyle<U extends string> {
  /**
   * The throughput unit (or units): higher is better, rounded to whole numbers and printed with thousands
   * separators; every other unit to 2 decimals.
   */
  readonly rateUnit: U | readonly U[];
  /** The seven column headers of the table (metric, unit, ours, ceiling, peer, ours/ceiling, ours/peer). */
  readonly header: readonly string[];
  /** Decimals printed for a value in a unit other than the rate unit. */
  readonly fixedDigits: (value: number) => number;
}

/**
 * The metric constructor and the formatters of one bench. `X` is the bench's extra metric fields (such as
 * the sample size), appended after the description in the order the caller gives them.
 */
export function reportStyle<U extends string, X extends object = object>(style: ReportStyle<U>) {
  const rateUnits: readonly U[] = Array.isArray(style.rateUnit) ? style.rateUnit : [style.rateUnit as U];
  const isRate = (unit: U | undefined) => unit !== undefined && rateUnits.includes(unit);
  const digits = (unit: U) => (isRate(unit) ? 0 : 2);

  function metric(
    name: string,
    unit: U,
    description: string,
    values: MetricValues,
    extra: X & { note?: string } = {} as X,
  ): Metric<U> & X {
    const ratio = (other: number | null) =>
      other === null || other === 0 || !Number.isFinite(other) ? null : round(values.ours / other, 3);
    return {
      name,
      unit,
      ours: round(values.ours, digits(unit)),
      ceiling: values.ceiling === null ? null : round(values.ceiling, digits(unit)),
      peer: values.peer === null ? null : round(values.peer, digits(unit)),
      ratio_to_ceiling: ratio(values.ceiling),
      ratio_to_peer: ratio(values.peer),
      description,
      ...extra,
    };
  }

  /** A value in `unit`, or a ratio (`1.23×`) without one; `—` for none. */
  function fmt(value: number | null, unit?: U): string {
    if (value === null || Number.isNaN(value)) return '—';
    if (isRate(unit)) return Math.round(value).toLocaleString('en-US');
    if (unit !== undefined) return value.toFixed(style.fixedDigits(value));
    return `${value.toFixed(2)}×`;
  }

  function cells(m: Metric<U>): string[] {
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

  /** The metrics as an aligned plain-text table (for stdout). */
  function table(metrics: readonly Metric<U>[]): string {
    const rows = metrics.map(cells);
    const widths = style.header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (c: readonly string[]) =>
      c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
    return [line(style.header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
  }

  /** The metrics as a markdown table. */
  function markdownTable(metrics: readonly Metric<U>[]): string {
    const rows = metrics.map((m) => {
      const c = cells(m);
      c[0] = `\`${c[0]}\``;
      return `| ${c.join(' | ')} |`;
    });
    return [
      `| ${style.header.join(' | ')} |`,
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
  }

  return { metric, fmt, table, markdownTable };
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

/** A goal's statement without its MET / NOT MET prefix. */
function reason(g: Goal): string {
  return g.statement.replace(/^(NOT )?MET: /, '');
}

/** The goals as stdout lines (`  [met] goal: why`), each ending in a newline. */
export function goalsText(goals: readonly Goal[]): string {
  return goals.map((g) => `  [${g.met ? 'met' : 'NOT MET'}] ${g.goal}: ${reason(g)}\n`).join('');
}

export function writeJson(file: string, report: Report): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** What a bench puts on its markdown page; the rest (goals, method, analysis) comes from the report. */
export interface MarkdownPage {
  readonly title: string;
  /** The npm script that generates the page, e.g. `bench:eventstore`. */
  readonly script: string;
  /** The bench's folder, e.g. `libs/eventstore/bench`. */
  readonly source: string;
  /** The `Run: …` line. */
  readonly run: string;
  /** The Environment section's lines. */
  readonly environment: readonly string[];
  /** The Results section's lines (the markdown table among them). */
  readonly results: readonly string[];
  /** Sections between Goals and Method. */
  readonly sections?: readonly { readonly heading: string; readonly lines: readonly string[] }[];
}

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

/**
 * Regenerates the page (formatted by the repository's Prettier settings, so `npm run lint` stays clean);
 * a hand-written analysis between the markers survives the regeneration.
 */
export async function writeMarkdown(file: string, report: Report, page: MarkdownPage): Promise<void> {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = previous.indexOf(ANALYSIS_START);
  const b = previous.indexOf(ANALYSIS_END);
  const analysis =
    a >= 0 && b > a
      ? previous.slice(a, b + ANALYSIS_END.length)
      : `${ANALYSIS_START}\n_No analysis written yet._\n${ANALYSIS_END}`;
  const lines = [
    `# ${page.title}`,
    '',
    `<!-- Generated by \`npm run ${page.script}\` (${page.source}). Only the analysis section is hand-written. -->`,
    '',
    `Reproduce: \`${report.environment.command}\``,
    '',
    page.run,
    '',
    '## Environment',
    '',
    ...page.environment,
    '',
    '## Results',
    '',
    ...page.results,
    '',
    '## Goals',
    '',
    ...report.goals.map((g) => `- **${g.met ? 'Met' : 'Not met'}** — ${g.goal}: ${reason(g)}`),
    '',
    ...(page.sections ?? []).flatMap((s) => [`## ${s.heading}`, '', ...s.lines, '']),
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
    return await prettier.format(text, { ...options, parser: 'markdown', filepath: file });
  } catch {
    return text;
  }
}
