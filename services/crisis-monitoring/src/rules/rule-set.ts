import { SIGNAL_CATALOG, isSignal, type Direction, type Signal, type ValueDomain } from './signals';
import { WARNING_LEVELS, isWarningLevel, severityOf, type WarningLevel } from './warning-level';

/*
 * Early-warning rule sets as versioned data (조기경보 규칙). A rule set is published as a whole (RuleSetPublished)
 * and never edited: a change is a new version. Every value comes from outside, so parseRuleSet validates it.
 */

/**
 * One step of a ladder: the level is reached when the measured value is at or past `value` (≥ for
 * higher-is-worse, ≤ for lower-is-worse), or strictly past it when `strict` (>, <).
 */
export interface Threshold {
  readonly level: WarningLevel;
  readonly value: number;
  readonly strict?: boolean;
}
/** Thresholds from the least to the most severe level. */
export type Ladder = readonly Threshold[];

/** Firm closure reasons of firm-registry.firm-closed.v1: 폐업, 파산, 합병. */
export const CLOSURE_REASONS = ['business-closed', 'bankrupt', 'merged'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const PERIOD_KINDS = ['year', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface SignalParameters {
  /** Compare annual (2026 vs 2025) or quarterly (2026-Q1 vs 2025-Q1) sales. */
  'sales-drop-yoy': { readonly periodKind: PeriodKind };
  /** A fall in persons is a second ladder: the level is the higher of the two. */
  'employee-fall': { readonly personThresholds: Ladder; readonly personClearMargin: number };
  /** Level when the debt ratio is negative (equity below zero, 완전자본잠식), whatever the ladder says. */
  'debt-ratio': { readonly negativeEquityLevel: WarningLevel };
  /** Days overdue must have risen by at least this much since the previous report to raise a warning. */
  'overdue-days-rising': { readonly minRiseDays: number };
  /** A year counts when the interest coverage ratio (이자보상배율) is below this. */
  'interest-coverage': { readonly below: number };
  /** Added to Z″ (0 for Altman 2000; 3.25 for the emerging-market score of Altman 2002). */
  'altman-z-double-prime': { readonly constant: number };
  /** Closure reasons that count (합병 is not distress by itself). */
  'firm-closed': { readonly reasons: readonly ClosureReason[] };
}

/**
 * A rule: a signal, its parameters, the ladder mapping its measured value to a level and the clear margin
 * (hysteresis, same unit): a firm at a level drops back only once the value is past the threshold by the margin.
 */
export type Rule = {
  readonly [S in Signal]: {
    readonly id: string;
    readonly signal: S;
    readonly nameKo?: string;
    readonly parameters: SignalParameters[S];
    readonly thresholds: Ladder;
    readonly clearMargin: number;
  };
}[Signal];
export type RuleOf<S extends Signal> = Extract<Rule, { signal: S }>;

/** The regional rule: N distinct firms of one region and industry with open warnings within D days. */
export interface RegionalRule {
  readonly minFirms: number;
  readonly windowDays: number;
}

export interface RuleSet {
  /** 1, 2, 3 …: strictly increasing across publications. */
  readonly version: number;
  readonly rules: readonly Rule[];
  /** Acknowledgement SLA per level, in hours: past it an unacknowledged warning escalates. */
  readonly acknowledgeWithinHours: { readonly [L in WarningLevel]: number };
  readonly regional: RegionalRule;
}

export type RuleSetErrorRule =
  | 'required'
  | 'not-an-object'
  | 'invalid-version'
  | 'invalid-id'
  | 'invalid-value'
  | 'rules-empty'
  | 'duplicate-rule-id'
  | 'duplicate-signal'
  | 'unknown-signal'
  | 'unknown-level'
  | 'missing-parameter'
  | 'unknown-parameter'
  | 'unknown-field'
  | 'thresholds-empty'
  | 'levels-overlapping'
  | 'levels-not-ascending'
  | 'thresholds-not-monotonic'
  | 'not-a-number'
  | 'not-an-integer'
  | ValueDomain['rule'];

/** A field-level validation error: where (`rules[2].thresholds[1].value`) and which rule it breaks. */
export interface RuleSetError {
  readonly path: string;
  readonly rule: RuleSetErrorRule;
  readonly message: string;
}

export type ParsedRuleSet =
  | { readonly ok: true; readonly ruleSet: RuleSet }
  | { readonly ok: false; readonly errors: readonly RuleSetError[] };

// ---- validation -----------------------------------------------------------------------------------------

type Errors = RuleSetError[];
type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function unknownFields(value: Obj, known: readonly string[], path: string, errors: Errors): void {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      errors.push({
        path: path ? `${path}.${key}` : key,
        rule: 'unknown-field',
        message: `${path || 'a rule set'} has no field ${key}`,
      });
}

function checkPositive(value: unknown, path: string, errors: Errors): void {
  if (checkNumber(value, path, { min: 0, rule: 'out-of-range' }, errors) && value === 0)
    errors.push({ path, rule: 'out-of-range', message: `${path} must be more than 0` });
}

function checkNumber(value: unknown, path: string, domain: ValueDomain, errors: Errors): value is number {
  if (value === undefined) {
    errors.push({ path, rule: 'required', message: `${path} is required` });
    return false;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push({ path, rule: 'not-a-number', message: `${path} must be a finite number` });
    return false;
  }
  if (domain.integer && !Number.isInteger(value)) {
    errors.push({ path, rule: 'not-an-integer', message: `${path} must be a whole number` });
    return false;
  }
  if ((domain.min !== undefined && value < domain.min) || (domain.max !== undefined && value > domain.max)) {
    const range =
      domain.max === undefined
        ? `≥ ${domain.min}`
        : domain.min === undefined
          ? `≤ ${domain.max}`
          : `${domain.min}–${domain.max}`;
    errors.push({ path, rule: domain.rule, message: `${path} must be ${range}, got ${value}` });
    return false;
  }
  return true;
}

/** True when `next` lies strictly further in the worse direction than `previous`. */
const worse = (direction: Direction, previous: number, next: number): boolean =>
  direction === 'higher-is-worse' ? next > previous : next < previous;

function checkLadder(
  value: unknown,
  path: string,
  direction: Direction,
  domain: ValueDomain,
  errors: Errors,
): void {
  if (value === undefined) {
    errors.push({ path, rule: 'required', message: `${path} is required` });
    return;
  }
  if (!Array.isArray(value)) {
    errors.push({ path, rule: 'invalid-value', message: `${path} must be a list of thresholds` });
    return;
  }
  if (value.length === 0) {
    errors.push({ path, rule: 'thresholds-empty', message: `${path} needs at least one threshold` });
    return;
  }
  let last: { level: WarningLevel; value: number } | null = null;
  value.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) {
      errors.push({ path: at, rule: 'not-an-object', message: `${at} must be a threshold` });
      return;
    }
    let ok = true;
    if (!isWarningLevel(item.level)) {
      errors.push({
        path: `${at}.level`,
        rule: item.level === undefined ? 'required' : 'unknown-level',
        message: `${at}.level must be one of ${WARNING_LEVELS.map((l) => l.level).join(', ')}`,
      });
      ok = false;
    }
    if (!checkNumber(item.value, `${at}.value`, domain, errors)) ok = false;
    if (item.strict !== undefined && typeof item.strict !== 'boolean') {
      errors.push({
        path: `${at}.strict`,
        rule: 'invalid-value',
        message: `${at}.strict must be true or false`,
      });
      ok = false;
    }
    unknownFields(item, ['level', 'value', 'strict'], at, errors);
    if (!ok) return;
    const current = { level: item.level as WarningLevel, value: item.value as number };
    if (last) {
      if (current.level === last.level)
        errors.push({
          path: `${at}.level`,
          rule: 'levels-overlapping',
          message: `${at}.level ${current.level} is given twice`,
        });
      else if (severityOf(current.level) < severityOf(last.level))
        errors.push({
          path: `${at}.level`,
          rule: 'levels-not-ascending',
          message: `${at}.level ${current.level} comes after the more severe ${last.level}`,
        });
      if (!worse(direction, last.value, current.value))
        errors.push({
          path: `${at}.value`,
          rule: 'thresholds-not-monotonic',
          message:
            `${at}.value ${current.value} must be ${direction === 'higher-is-worse' ? 'above' : 'below'} ` +
            `the previous threshold ${last.value}`,
        });
    }
    last = current;
  });
}

type ParameterCheck = (value: unknown, path: string, errors: Errors) => void;

const oneOf =
  (values: readonly string[]): ParameterCheck =>
  (value, path, errors) => {
    if (!values.includes(value as string))
      errors.push({ path, rule: 'invalid-value', message: `${path} must be one of ${values.join(', ')}` });
  };
const numberIn =
  (domain: ValueDomain): ParameterCheck =>
  (value, path, errors) => {
    checkNumber(value, path, domain, errors);
  };

const PARAMETER_CHECKS: {
  readonly [S in Signal]: { readonly [P in keyof SignalParameters[S]]-?: ParameterCheck };
} = {
  'sales-drop-yoy': { periodKind: oneOf(PERIOD_KINDS) },
  'employee-fall': {
    personThresholds: (value, path, errors) =>
      checkLadder(value, path, 'higher-is-worse', { min: 1, integer: true, rule: 'out-of-range' }, errors),
    personClearMargin: numberIn({ min: 0, integer: true, rule: 'negative-value' }),
  },
  'debt-ratio': {
    negativeEquityLevel: oneOf(WARNING_LEVELS.map((l) => l.level)),
  },
  'overdue-days-rising': { minRiseDays: numberIn({ min: 1, integer: true, rule: 'out-of-range' }) },
  'interest-coverage': { below: checkPositive },
  'altman-z-double-prime': { constant: numberIn({ rule: 'out-of-range' }) },
  'firm-closed': {
    reasons: (value, path, errors) => {
      if (!Array.isArray(value) || value.length === 0) {
        errors.push({
          path,
          rule: 'invalid-value',
          message: `${path} must list at least one closure reason`,
        });
        return;
      }
      value.forEach((reason, i) => oneOf(CLOSURE_REASONS)(reason, `${path}[${i}]`, errors));
      if (new Set(value).size !== value.length)
        errors.push({ path, rule: 'invalid-value', message: `${path} lists a reason twice` });
    },
  },
};

function checkRule(rule: unknown, path: string, errors: Errors): void {
  if (!isObject(rule)) {
    errors.push({ path, rule: 'not-an-object', message: `${path} must be a rule` });
    return;
  }
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id))
    errors.push({
      path: `${path}.id`,
      rule: rule.id === undefined ? 'required' : 'invalid-id',
      message: `${path}.id must be lowercase words joined by hyphens`,
    });
  if (rule.nameKo !== undefined && typeof rule.nameKo !== 'string')
    errors.push({ path: `${path}.nameKo`, rule: 'invalid-value', message: `${path}.nameKo must be text` });
  if (!isSignal(rule.signal)) {
    errors.push({
      path: `${path}.signal`,
      rule: rule.signal === undefined ? 'required' : 'unknown-signal',
      message: `${path}.signal ${JSON.stringify(rule.signal)} is not a known signal`,
    });
    return;
  }
  const info = SIGNAL_CATALOG[rule.signal];
  const checks: Record<string, ParameterCheck> = PARAMETER_CHECKS[rule.signal];
  const parameters = isObject(rule.parameters) ? rule.parameters : {};
  if (rule.parameters !== undefined && !isObject(rule.parameters))
    errors.push({
      path: `${path}.parameters`,
      rule: 'not-an-object',
      message: `${path}.parameters must be an object`,
    });
  for (const [name, check] of Object.entries(checks)) {
    const at = `${path}.parameters.${name}`;
    if (parameters[name] === undefined)
      errors.push({
        path: at,
        rule: 'missing-parameter',
        message: `${rule.signal} needs the parameter ${name}`,
      });
    else check(parameters[name], at, errors);
  }
  for (const name of Object.keys(parameters))
    if (!(name in checks))
      errors.push({
        path: `${path}.parameters.${name}`,
        rule: 'unknown-parameter',
        message: `${rule.signal} has no parameter ${name}`,
      });
  checkLadder(rule.thresholds, `${path}.thresholds`, info.direction, info.thresholds, errors);
  checkNumber(rule.clearMargin, `${path}.clearMargin`, info.margin, errors);
  unknownFields(rule, ['id', 'signal', 'nameKo', 'parameters', 'thresholds', 'clearMargin'], path, errors);
}

/** Every field-level error of a would-be rule set; empty when it is valid. */
export function validateRuleSet(input: unknown): RuleSetError[] {
  const errors: Errors = [];
  if (!isObject(input)) return [{ path: '', rule: 'not-an-object', message: 'A rule set must be an object' }];
  unknownFields(input, ['version', 'rules', 'acknowledgeWithinHours', 'regional'], '', errors);
  if (input.version === undefined)
    errors.push({ path: 'version', rule: 'required', message: 'version is required' });
  else if (typeof input.version !== 'number' || !Number.isInteger(input.version) || input.version < 1)
    errors.push({ path: 'version', rule: 'invalid-version', message: 'version must be a whole number ≥ 1' });

  if (!Array.isArray(input.rules))
    errors.push({ path: 'rules', rule: 'required', message: 'rules must be a list' });
  else if (input.rules.length === 0)
    errors.push({ path: 'rules', rule: 'rules-empty', message: 'A rule set needs at least one rule' });
  else {
    const ids = new Map<string, number>();
    const signals = new Map<string, number>();
    input.rules.forEach((rule: unknown, i) => {
      checkRule(rule, `rules[${i}]`, errors);
      if (!isObject(rule)) return;
      if (typeof rule.id === 'string') {
        const first = ids.get(rule.id);
        if (first !== undefined)
          errors.push({
            path: `rules[${i}].id`,
            rule: 'duplicate-rule-id',
            message: `rule id ${rule.id} is already used by rules[${first}]`,
          });
        else ids.set(rule.id, i);
      }
      // One rule per signal: a firm has at most one open warning per signal, so two rules could not both own it.
      if (isSignal(rule.signal)) {
        const first = signals.get(rule.signal);
        if (first !== undefined)
          errors.push({
            path: `rules[${i}].signal`,
            rule: 'duplicate-signal',
            message: `signal ${rule.signal} is already watched by rules[${first}]`,
          });
        else signals.set(rule.signal, i);
      }
    });
  }

  const hours = input.acknowledgeWithinHours;
  if (!isObject(hours))
    errors.push({
      path: 'acknowledgeWithinHours',
      rule: hours === undefined ? 'required' : 'not-an-object',
      message: 'acknowledgeWithinHours must give hours per level',
    });
  else {
    for (const { level } of WARNING_LEVELS) {
      checkPositive(hours[level], `acknowledgeWithinHours.${level}`, errors);
    }
    for (const key of Object.keys(hours))
      if (!isWarningLevel(key))
        errors.push({
          path: `acknowledgeWithinHours.${key}`,
          rule: 'unknown-level',
          message: `${key} is not a level`,
        });
  }

  const regional = input.regional;
  if (!isObject(regional))
    errors.push({
      path: 'regional',
      rule: regional === undefined ? 'required' : 'not-an-object',
      message: 'regional must give minFirms and windowDays',
    });
  else {
    checkNumber(
      regional.minFirms,
      'regional.minFirms',
      { min: 2, integer: true, rule: 'out-of-range' },
      errors,
    );
    checkNumber(
      regional.windowDays,
      'regional.windowDays',
      { min: 1, integer: true, rule: 'out-of-range' },
      errors,
    );
    unknownFields(regional, ['minFirms', 'windowDays'], 'regional', errors);
  }
  return errors;
}

/** The rule set, or every field-level error found. */
export function parseRuleSet(input: unknown): ParsedRuleSet {
  const errors = validateRuleSet(input);
  return errors.length ? { ok: false, errors } : { ok: true, ruleSet: input as RuleSet };
}
