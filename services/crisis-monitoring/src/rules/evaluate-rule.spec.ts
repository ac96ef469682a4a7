import { evaluateRule, findingOf } from './evaluate-rule';
import type { CrisisIndicators, FirmHistory } from './firm-history';
import type { ClosureReason, RuleOf } from './rule-set';
import { RULE_SET_V1 } from './rule-set.v1';
import type { Signal } from './signals';
import type { WarningLevel } from './warning-level';

const ruleOf = <S extends Signal>(signal: S, change: Partial<RuleOf<S>> = {}): RuleOf<S> => ({
  ...(RULE_SET_V1.rules.find((r) => r.signal === signal) as RuleOf<S>),
  ...change,
});

const firm = (
  reports: Record<string, CrisisIndicators>,
  closure: { reason: ClosureReason; closedAt: string } | null = null,
): FirmHistory => ({
  firmId: 'firm-a',
  region: '27',
  industryId: 'daegu-robotics',
  registeredAt: '2020-01-01T00:00:00Z',
  reports: Object.fromEntries(
    Object.entries(reports).map(([period, indicators]) => [
      period,
      { period, indicators, reportedAt: '2026-03-31T00:00:00Z' },
    ]),
  ),
  closure,
});

const levelOfRule = (
  rule: Parameters<typeof evaluateRule>[0],
  history: FirmHistory,
  previous: WarningLevel | null = null,
) => evaluateRule(rule, history, previous)?.level;

describe('sales-drop-yoy (annual; 20 / 30 / 50 %)', () => {
  const rule = ruleOf('sales-drop-yoy');

  it.each<[number, number, WarningLevel | null]>([
    [1200, 0, null],
    [1000, 0, null],
    [801, 19.9, null],
    [800, 20, 'caution'],
    [701, 29.9, 'caution'],
    [700, 30, 'pre-alert'],
    [501, 49.9, 'pre-alert'],
    [500, 50, 'alert'],
    [0, 100, 'alert'],
  ])('2025: 1000 → 2026: %d is a drop of %d % → %s', (sales, drop, level) => {
    const evaluation = evaluateRule(rule, firm({ '2025': { sales: 1000 }, '2026': { sales } }));
    expect(evaluation).toEqual({
      ruleId: 'sales-drop-yoy-annual',
      signal: 'sales-drop-yoy',
      level,
      measured: { value: drop, unit: 'percent' },
      inputs: { periods: ['2025', '2026'], values: { '2025.sales': 1000, '2026.sales': sales } },
    });
  });

  it('compares quarters with the same quarter a year earlier when the rule says so', () => {
    const quarterly = ruleOf('sales-drop-yoy', { parameters: { periodKind: 'quarter' } });
    const history = firm({
      '2025-Q1': { sales: 400 },
      '2025-Q4': { sales: 100 },
      '2026-Q1': { sales: 200 },
      '2025': { sales: 1000 },
      '2026': { sales: 1000 },
    });
    expect(evaluateRule(quarterly, history)).toMatchObject({
      level: 'alert',
      measured: { value: 50 },
      inputs: { periods: ['2025-Q1', '2026-Q1'] },
    });
    expect(evaluateRule(rule, history)).toMatchObject({ level: null, measured: { value: 0 } });
  });

  it.each<[string, Record<string, CrisisIndicators>]>([
    ['no report a year earlier', { '2026': { sales: 100 } }],
    ['a year earlier without sales', { '2025': { employees: 5 }, '2026': { sales: 100 } }],
    ['zero sales a year earlier', { '2025': { sales: 0 }, '2026': { sales: 100 } }],
    ['only quarters for an annual rule', { '2025-Q1': { sales: 100 }, '2026-Q1': { sales: 10 } }],
    [
      'a latest year whose year-earlier is missing (no fallback to older pairs)',
      { '2023': { sales: 100 }, '2024': { sales: 10 }, '2026': { sales: 10 } },
    ],
  ])('cannot be measured with %s', (_what, reports) => {
    expect(evaluateRule(rule, firm(reports))).toBeNull();
  });

  it('keeps a level within the 5-point clear margin and drops it past the margin', () => {
    const at = (sales: number) => firm({ '2025': { sales: 1000 }, '2026': { sales } });
    expect(levelOfRule(rule, at(850), 'caution')).toBe('caution'); // 15 % = 20 − 5
    expect(levelOfRule(rule, at(851), 'caution')).toBeNull(); // 14.9 %
    expect(levelOfRule(rule, at(750), 'pre-alert')).toBe('pre-alert'); // 25 % = 30 − 5
    expect(levelOfRule(rule, at(760), 'pre-alert')).toBe('caution'); // 24 %
    expect(levelOfRule(rule, at(750), null)).toBe('caution');
  });
});

describe('employee-fall (10 / 20 / 30 % or 10 / 30 / 50 persons, vs the previous report)', () => {
  const rule = ruleOf('employee-fall');

  it.each<[number, number, WarningLevel | null, number, 'percent' | 'persons']>([
    [100, 105, null, 0, 'percent'],
    [100, 91, null, 9, 'percent'],
    [100, 90, 'caution', 10, 'percent'],
    [100, 81, 'caution', 19, 'percent'],
    [100, 80, 'pre-alert', 20, 'percent'],
    [100, 70, 'alert', 30, 'percent'],
    [10, 9, 'caution', 10, 'percent'],
    [1000, 991, null, 0.9, 'percent'],
    [1000, 990, 'caution', 10, 'persons'],
    [1000, 971, 'caution', 29, 'persons'],
    [1000, 970, 'pre-alert', 30, 'persons'],
    [1000, 950, 'alert', 50, 'persons'],
    [200, 180, 'caution', 10, 'percent'], // 10 % and 10 persons: a tie reports the percentage
    [200, 170, 'pre-alert', 30, 'persons'], // 15 % is caution, 30 persons pre-alert
    [200, 160, 'pre-alert', 20, 'percent'],
  ])('%d → %d employees → %s (measured %d %s)', (before, after, level, value, unit) => {
    expect(
      evaluateRule(rule, firm({ '2025': { employees: before }, '2026-Q1': { employees: after } })),
    ).toEqual({
      ruleId: 'employee-fall',
      signal: 'employee-fall',
      level,
      measured: { value, unit },
      inputs: {
        periods: ['2025', '2026-Q1'],
        values: { '2025.employees': before, '2026-Q1.employees': after },
      },
    });
  });

  it('cannot be measured from a single report', () => {
    expect(evaluateRule(rule, firm({ '2026': { employees: 3 } }))).toBeNull();
  });

  it('applies the person margin to the person ladder', () => {
    const at = (after: number) => firm({ '2025': { employees: 1000 }, '2026': { employees: after } });
    expect(levelOfRule(rule, at(992), 'caution')).toBe('caution'); // 8 persons = 10 − 2
    expect(levelOfRule(rule, at(993), 'caution')).toBeNull(); // 7 persons, 0.7 %
  });
});

describe('debt-ratio (200 / 300 / 400 %; negative equity → alert)', () => {
  const rule = ruleOf('debt-ratio');

  it.each<[number, WarningLevel | null]>([
    [0, null],
    [199.9, null],
    [200, 'caution'],
    [299.99, 'caution'],
    [300, 'pre-alert'],
    [399.99, 'pre-alert'],
    [400, 'alert'],
    [1500, 'alert'],
    [-0.1, 'alert'],
    [-250, 'alert'],
  ])('debt ratio %d % → %s', (ratio, level) => {
    expect(evaluateRule(rule, firm({ '2026-Q1': { debtRatio: ratio } }))).toEqual({
      ruleId: 'debt-ratio',
      signal: 'debt-ratio',
      level,
      measured: { value: ratio, unit: 'percent' },
      inputs: { periods: ['2026-Q1'], values: { '2026-Q1.debtRatio': ratio } },
    });
  });

  it('uses the negative-equity level of the rule (완전자본잠식)', () => {
    const strict = ruleOf('debt-ratio', { parameters: { negativeEquityLevel: 'insolvent' } });
    expect(levelOfRule(strict, firm({ '2026': { debtRatio: -10 } }))).toBe('insolvent');
  });

  it('reads the latest period only', () => {
    expect(levelOfRule(rule, firm({ '2025': { debtRatio: 450 }, '2026-Q1': { debtRatio: 150 } }))).toBeNull();
    expect(evaluateRule(rule, firm({ '2026': { sales: 5 } }))).toBeNull();
  });

  it('eases only 20 points below a threshold', () => {
    expect(levelOfRule(rule, firm({ '2026': { debtRatio: 380 } }), 'alert')).toBe('alert');
    expect(levelOfRule(rule, firm({ '2026': { debtRatio: 379 } }), 'alert')).toBe('pre-alert');
  });
});

describe('overdue-days-rising (30 / 60 / 90 days; must rise by ≥ 1 day to raise)', () => {
  const rule = ruleOf('overdue-days-rising');

  it.each<[number, number, WarningLevel | null]>([
    [0, 29, null],
    [0, 30, 'caution'],
    [10, 59, 'caution'],
    [10, 60, 'pre-alert'],
    [61, 89, 'pre-alert'],
    [61, 90, 'alert'],
    [45, 45, null],
    [100, 95, null],
  ])('previous report %d days → latest %d days → %s', (before, after, level) => {
    expect(
      evaluateRule(rule, firm({ '2025-Q4': { overdueDays: before }, '2026-Q1': { overdueDays: after } })),
    ).toEqual({
      ruleId: 'overdue-days-rising',
      signal: 'overdue-days-rising',
      level,
      measured: { value: after, unit: 'days' },
      inputs: {
        periods: ['2025-Q4', '2026-Q1'],
        values: { '2025-Q4.overdueDays': before, '2026-Q1.overdueDays': after },
      },
    });
  });

  it('needs the configured rise (minRiseDays)', () => {
    const rule10 = ruleOf('overdue-days-rising', { parameters: { minRiseDays: 10 } });
    const at = (after: number) => firm({ '2025-Q4': { overdueDays: 25 }, '2026-Q1': { overdueDays: after } });
    expect(levelOfRule(rule10, at(34))).toBeNull();
    expect(levelOfRule(rule10, at(35))).toBe('caution');
  });

  it('cannot tell a rise from a first report, unless a warning is already open', () => {
    const first = firm({ '2026-Q1': { overdueDays: 120 } });
    expect(evaluateRule(rule, first)).toBeNull();
    expect(evaluateRule(rule, first, 'caution')).toMatchObject({
      level: 'alert',
      inputs: { periods: ['2026-Q1'] },
    });
  });

  it('once open, follows the days whether they still rise or not (margin 10)', () => {
    const at = (after: number) => firm({ '2025-Q4': { overdueDays: 40 }, '2026-Q1': { overdueDays: after } });
    expect(levelOfRule(rule, at(40), 'caution')).toBe('caution');
    expect(levelOfRule(rule, at(20), 'caution')).toBe('caution');
    expect(levelOfRule(rule, at(19), 'caution')).toBeNull();
    expect(levelOfRule(rule, at(35), 'pre-alert')).toBe('caution');
  });
});

describe('interest-coverage (years below 1: one → caution 일시적, three → alert 한계기업)', () => {
  const rule = ruleOf('interest-coverage');

  it.each<[string, Record<string, CrisisIndicators>, number, WarningLevel | null, string[]]>([
    ['one year below 1', { '2026': { interestCoverage: 0.9 } }, 1, 'caution', ['2026']],
    ['exactly 1 is not below 1', { '2026': { interestCoverage: 1 } }, 0, null, ['2026']],
    ['just below 1', { '2026': { interestCoverage: 0.999 } }, 1, 'caution', ['2026']],
    ['a loss (negative coverage) counts', { '2026': { interestCoverage: -2 } }, 1, 'caution', ['2026']],
    [
      'a good year ends the run',
      {
        '2024': { interestCoverage: 0.5 },
        '2025': { interestCoverage: 1.2 },
        '2026': { interestCoverage: 0.9 },
      },
      1,
      'caution',
      ['2025', '2026'],
    ],
    [
      'two years running',
      { '2025': { interestCoverage: 0.8 }, '2026': { interestCoverage: 0.9 } },
      2,
      'caution',
      ['2025', '2026'],
    ],
    [
      'three years running: a marginal firm',
      {
        '2024': { interestCoverage: 0.5 },
        '2025': { interestCoverage: 0.8 },
        '2026': { interestCoverage: 0.9 },
      },
      3,
      'alert',
      ['2024', '2025', '2026'],
    ],
    [
      'a missing year ends the run (absent is not below)',
      { '2024': { interestCoverage: 0.5 }, '2026': { interestCoverage: 0.9 } },
      1,
      'caution',
      ['2026'],
    ],
    [
      'a recovered latest year',
      {
        '2024': { interestCoverage: 0.5 },
        '2025': { interestCoverage: 0.8 },
        '2026': { interestCoverage: 1.5 },
      },
      0,
      null,
      ['2026'],
    ],
  ])('%s', (_what, reports, years, level, periods) => {
    const evaluation = evaluateRule(rule, firm(reports));
    expect(evaluation).toMatchObject({
      level,
      measured: { value: years, unit: 'years' },
      inputs: { periods },
    });
    expect(Object.keys(evaluation!.inputs.values)).toEqual(periods.map((p) => `${p}.interestCoverage`));
  });

  it('reads annual reports only', () => {
    expect(evaluateRule(rule, firm({ '2026-Q1': { interestCoverage: 0.2 } }))).toBeNull();
    expect(
      levelOfRule(rule, firm({ '2026': { interestCoverage: 2 }, '2026-Q1': { interestCoverage: 0.2 } })),
    ).toBeNull();
  });
});

describe('altman-z-double-prime (grey ≤ 2.60 → caution, distress < 1.10 → alert)', () => {
  const rule = ruleOf('altman-z-double-prime');
  // All ratios zero: Z″ equals the rule's constant, which puts it exactly on a zone boundary.
  const flat: CrisisIndicators = {
    totalAssets: 100,
    totalLiabilities: 100,
    workingCapital: 0,
    retainedEarnings: 0,
    ebit: 0,
    equity: 0,
  };

  it.each<[number, WarningLevel | null]>([
    [2.61, null],
    [2.6, 'caution'],
    [1.5, 'caution'],
    [1.1, 'caution'],
    [1.09, 'alert'],
    [-1, 'alert'],
  ])('Z″ = %d → %s', (z, level) => {
    const shifted = ruleOf('altman-z-double-prime', { parameters: { constant: z } });
    expect(evaluateRule(shifted, firm({ '2025': flat }))).toMatchObject({
      level,
      measured: { value: z, unit: 'z-score' },
    });
  });

  it('scores a safe, a grey and a distressed firm from their statements, with the six inputs', () => {
    const safe = {
      totalAssets: 1000,
      totalLiabilities: 600,
      workingCapital: 200,
      retainedEarnings: 300,
      ebit: 100,
      equity: 400,
    };
    const evaluation = evaluateRule(rule, firm({ '2025': safe }))!;
    expect(evaluation.level).toBeNull();
    expect(evaluation.measured.value).toBeCloseTo(
      6.56 * 0.2 + 3.26 * 0.3 + 6.72 * 0.1 + 1.05 * (400 / 600),
      12,
    );
    expect(evaluation.inputs).toEqual({
      periods: ['2025'],
      values: {
        '2025.totalAssets': 1000,
        '2025.totalLiabilities': 600,
        '2025.workingCapital': 200,
        '2025.retainedEarnings': 300,
        '2025.ebit': 100,
        '2025.equity': 400,
      },
    });
    const grey = { ...safe, workingCapital: 100, retainedEarnings: 100, ebit: 50, equity: 400 };
    expect(levelOfRule(rule, firm({ '2025': grey }))).toBe('caution'); // 0.656 + 0.326 + 0.336 + 0.7 = 2.018
    const distressed = {
      ...safe,
      workingCapital: -100,
      retainedEarnings: -200,
      ebit: -50,
      equity: 100,
      totalLiabilities: 900,
    };
    expect(levelOfRule(rule, firm({ '2025': distressed }))).toBe('alert');
  });

  it('reads the latest annual report that has all six inputs', () => {
    const history = firm({
      '2024': { ...flat, equity: 300 }, // X4 = 3: Z″ = 3.15, safe
      '2025': { ...flat, equity: 100 }, // X4 = 1: Z″ = 1.05, distress
      '2026': { totalAssets: 100 }, // incomplete
      '2026-Q1': { ...flat, equity: 300 }, // a quarter
    });
    expect(evaluateRule(rule, history)).toMatchObject({ level: 'alert', inputs: { periods: ['2025'] } });
  });

  it.each<[string, CrisisIndicators]>([
    ['an input missing', { ...flat, ebit: undefined }],
    ['no total assets', { ...flat, totalAssets: 0 }],
    ['no liabilities (X4 has no meaning)', { ...flat, totalLiabilities: 0 }],
  ])('cannot be measured with %s', (_what, indicators) => {
    expect(evaluateRule(rule, firm({ '2025': indicators }))).toBeNull();
  });
});

describe('firm-closed (폐업, 파산 → insolvent; 합병 does not count)', () => {
  const rule = ruleOf('firm-closed');
  const closedAt = '2026-05-01T00:00:00+09:00';

  it.each<[ClosureReason, WarningLevel | null, number]>([
    ['bankrupt', 'insolvent', 1],
    ['business-closed', 'insolvent', 1],
    ['merged', null, 0],
  ])('closed as %s → %s', (reason, level, flag) => {
    expect(evaluateRule(rule, firm({}, { reason, closedAt }))).toEqual({
      ruleId: 'firm-closed',
      signal: 'firm-closed',
      level,
      measured: { value: flag, unit: 'flag' },
      inputs: { periods: [], values: { reason, closedAt } },
    });
  });

  it('measures 0 for an open firm', () => {
    expect(evaluateRule(rule, firm({}))).toMatchObject({
      level: null,
      measured: { value: 0 },
      inputs: { values: {} },
    });
  });
});

describe('findingOf', () => {
  it('returns nothing below every threshold or when unmeasurable, else the finding', () => {
    const rule = ruleOf('debt-ratio');
    expect(findingOf(rule, firm({ '2026': { debtRatio: 100 } }))).toBeNull();
    expect(findingOf(rule, firm({}))).toBeNull();
    expect(findingOf(rule, firm({ '2026': { debtRatio: 310 } }))).toEqual({
      ruleId: 'debt-ratio',
      signal: 'debt-ratio',
      level: 'pre-alert',
      measured: { value: 310, unit: 'percent' },
      inputs: { periods: ['2026'], values: { '2026.debtRatio': 310 } },
    });
  });
});
