import { assertNever } from '@baton/eventsourcing';
import { altmanZDoublePrime, type AltmanInputs } from './altman';
import {
  latestAndPrevious,
  parsePeriod,
  reportsWith,
  yearEarlier,
  type CrisisIndicators,
  type FirmHistory,
  type PeriodReport,
} from './firm-history';
import type { Rule, RuleOf } from './rule-set';
import { SIGNAL_CATALOG, type Signal, type Unit } from './signals';
import { levelOf, levelWithHysteresis } from './thresholds';
import { higherLevel, severityOf, type WarningLevel } from './warning-level';

export interface Measured {
  readonly value: number;
  readonly unit: Unit;
}

/** The exact inputs of a measurement: the periods read and each value, keyed `<period>.<indicator>`. */
export interface FindingInputs {
  readonly periods: readonly string[];
  readonly values: Readonly<Record<string, number | string>>;
}

/** A rule applied to a firm's history: the measured value and the level it maps to (null: below every threshold). */
export interface RuleEvaluation {
  readonly ruleId: string;
  readonly signal: Signal;
  readonly level: WarningLevel | null;
  readonly measured: Measured;
  readonly inputs: FindingInputs;
}
/** An evaluation that reached a level. */
export type RuleFinding = RuleEvaluation & { readonly level: WarningLevel };

const valuesOf = (reports: readonly PeriodReport[], ...indicators: (keyof CrisisIndicators)[]) =>
  Object.fromEntries(
    reports.flatMap((r) =>
      indicators
        .filter((i) => typeof r.indicators[i] === 'number')
        .map((i) => [`${r.period}.${i}`, r.indicators[i] as number]),
    ),
  );

const inputsOf = (
  reports: readonly PeriodReport[],
  ...indicators: (keyof CrisisIndicators)[]
): FindingInputs => ({
  periods: reports.map((r) => r.period),
  values: valuesOf(reports, ...indicators),
});

/** (a − b) · 100 / a, multiplied before dividing so that whole numbers give exact percentages. */
const percentFall = (before: number, after: number): number =>
  before > 0 ? Math.max(0, ((before - after) * 100) / before) : 0;

type Evaluate<S extends Signal> = (
  rule: RuleOf<S>,
  history: FirmHistory,
  previous: WarningLevel | null,
) => RuleEvaluation | null;

const result = (
  rule: Rule,
  level: WarningLevel | null,
  value: number,
  inputs: FindingInputs,
  unit: Unit = SIGNAL_CATALOG[rule.signal].unit,
): RuleEvaluation => ({ ruleId: rule.id, signal: rule.signal, level, measured: { value, unit }, inputs });

const withHysteresis = (rule: Rule, previous: WarningLevel | null, value: number) =>
  levelWithHysteresis(
    rule.thresholds,
    SIGNAL_CATALOG[rule.signal].direction,
    rule.clearMargin,
    previous,
    value,
  );

/** Fall of sales in % against the same period a year earlier (a rise counts as 0). */
const salesDropYoy: Evaluate<'sales-drop-yoy'> = (rule, history, previous) => {
  const latest = reportsWith(history, 'sales', rule.parameters.periodKind).at(-1);
  if (!latest) return null;
  const earlier = history.reports[yearEarlier(latest.period)];
  const before = earlier?.indicators.sales;
  if (before === undefined || before <= 0) return null;
  const drop = percentFall(before, latest.indicators.sales!);
  return result(rule, withHysteresis(rule, previous, drop), drop, inputsOf([earlier, latest], 'sales'));
};

/** Fall of employees against the previous report, in % and in persons: the higher of the two levels counts. */
const employeeFall: Evaluate<'employee-fall'> = (rule, history, previous) => {
  const pair = latestAndPrevious(history, 'employees');
  if (!pair?.previous) return null;
  const before = pair.previous.indicators.employees!;
  const after = pair.latest.indicators.employees!;
  const persons = Math.max(0, before - after);
  const percent = percentFall(before, after);
  const byPercent = withHysteresis(rule, previous, percent);
  const { personThresholds, personClearMargin } = rule.parameters;
  const byPersons = levelWithHysteresis(
    personThresholds,
    'higher-is-worse',
    personClearMargin,
    previous,
    persons,
  );
  const inputs = inputsOf([pair.previous, pair.latest], 'employees');
  return severityOf(byPersons) > severityOf(byPercent)
    ? result(rule, byPersons, persons, inputs, 'persons')
    : result(rule, byPercent, percent, inputs);
};

/** Debt ratio (부채비율, %) of the latest report; a negative ratio (equity below zero) gives negativeEquityLevel. */
const debtRatio: Evaluate<'debt-ratio'> = (rule, history, previous) => {
  const latest = latestAndPrevious(history, 'debtRatio')?.latest;
  if (!latest) return null;
  const ratio = latest.indicators.debtRatio!;
  const level = withHysteresis(rule, previous, ratio);
  return result(
    rule,
    ratio < 0 ? higherLevel(rule.parameters.negativeEquityLevel, level) : level,
    ratio,
    inputsOf([latest], 'debtRatio'),
  );
};

/**
 * Days overdue (연체일수) of the latest report. A new warning needs a rise of at least minRiseDays over the previous
 * report; once a warning has a level, the level follows the days (with hysteresis) whether they still rise or not.
 */
const overdueDaysRising: Evaluate<'overdue-days-rising'> = (rule, history, previous) => {
  const pair = latestAndPrevious(history, 'overdueDays');
  if (!pair) return null;
  const days = pair.latest.indicators.overdueDays!;
  const reports = pair.previous ? [pair.previous, pair.latest] : [pair.latest];
  const inputs = inputsOf(reports, 'overdueDays');
  if (previous !== null) return result(rule, withHysteresis(rule, previous, days), days, inputs);
  if (!pair.previous) return null;
  const rose = days - pair.previous.indicators.overdueDays! >= rule.parameters.minRiseDays;
  return result(rule, rose ? levelOf(rule.thresholds, 'higher-is-worse', days) : null, days, inputs);
};

/**
 * Consecutive years, ending with the latest annual report, whose interest coverage ratio (이자보상배율) was below
 * `below`. A year without the ratio ends the run (absent is not below). Three years below 1 is the usual definition
 * of a marginal firm (한계기업) in the Bank of Korea's financial stability reports (not in REFDATA: unverified).
 */
const interestCoverage: Evaluate<'interest-coverage'> = (rule, history, previous) => {
  const latest = reportsWith(history, 'interestCoverage', 'year').at(-1);
  if (!latest) return null;
  const run: PeriodReport[] = [];
  let year = parsePeriod(latest.period)!.year;
  let report: PeriodReport | undefined = latest;
  while (report && typeof report.indicators.interestCoverage === 'number') {
    run.unshift(report);
    if (report.indicators.interestCoverage >= rule.parameters.below) break;
    year -= 1;
    report = history.reports[`${year}`];
  }
  const years = run.filter((r) => r.indicators.interestCoverage! < rule.parameters.below).length;
  return result(rule, withHysteresis(rule, previous, years), years, inputsOf(run, 'interestCoverage'));
};

const ALTMAN_FIELDS = [
  'totalAssets',
  'totalLiabilities',
  'workingCapital',
  'retainedEarnings',
  'ebit',
  'equity',
] as const;

/** Altman Z″ (plus the rule's constant) of the latest annual report that has all six inputs. */
const altman: Evaluate<'altman-z-double-prime'> = (rule, history, previous) => {
  const latest = reportsWith(history, 'totalAssets', 'year')
    .filter((r) => ALTMAN_FIELDS.every((f) => typeof r.indicators[f] === 'number'))
    .at(-1);
  if (!latest) return null;
  const score = altmanZDoublePrime(latest.indicators as AltmanInputs, rule.parameters.constant);
  if (!score) return null;
  return result(rule, withHysteresis(rule, previous, score.z), score.z, inputsOf([latest], ...ALTMAN_FIELDS));
};

/** 1 when the firm closed for one of the rule's reasons, else 0. */
const firmClosed: Evaluate<'firm-closed'> = (rule, history, previous) => {
  const closure = history.closure;
  const counts = closure !== null && rule.parameters.reasons.includes(closure.reason);
  const inputs: FindingInputs = {
    periods: [],
    values: closure ? { reason: closure.reason, closedAt: closure.closedAt } : {},
  };
  const flag = counts ? 1 : 0;
  return result(rule, withHysteresis(rule, previous, flag), flag, inputs);
};

/**
 * A rule applied to a firm's history, given the level of the firm's open warning on the signal (null: none, or
 * cleared). Null when the rule cannot be measured (missing reports): absent data is not evidence either way.
 */
export function evaluateRule(
  rule: Rule,
  history: FirmHistory,
  previous: WarningLevel | null = null,
): RuleEvaluation | null {
  switch (rule.signal) {
    case 'sales-drop-yoy':
      return salesDropYoy(rule, history, previous);
    case 'employee-fall':
      return employeeFall(rule, history, previous);
    case 'debt-ratio':
      return debtRatio(rule, history, previous);
    case 'overdue-days-rising':
      return overdueDaysRising(rule, history, previous);
    case 'interest-coverage':
      return interestCoverage(rule, history, previous);
    case 'altman-z-double-prime':
      return altman(rule, history, previous);
    case 'firm-closed':
      return firmClosed(rule, history, previous);
    default:
      return assertNever(rule, 'rule');
  }
}

/** The rule's finding about a firm: nothing, or the level reached with the measured value and its inputs. */
export function findingOf(
  rule: Rule,
  history: FirmHistory,
  previous: WarningLevel | null = null,
): RuleFinding | null {
  const evaluation = evaluateRule(rule, history, previous);
  return evaluation && evaluation.level !== null ? (evaluation as RuleFinding) : null;
}
