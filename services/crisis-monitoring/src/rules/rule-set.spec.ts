import { parseRuleSet, validateRuleSet, type RuleSetError } from './rule-set';
import { RULE_SET_V1 } from './rule-set.v1';
import { SIGNALS } from './signals';

// Rules of RULE_SET_V1 by index: 0 sales-drop-yoy, 1 employee-fall, 2 debt-ratio, 3 overdue-days-rising,
// 4 interest-coverage, 5 altman-z-double-prime, 6 firm-closed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Draft = any;
const draft = (): Draft => structuredClone(RULE_SET_V1);
const mutated = (change: (d: Draft) => void): Draft => {
  const d = draft();
  change(d);
  return d;
};
const only = (path: string, rule: RuleSetError['rule']) => [{ path, rule, message: expect.any(String) }];

describe('RULE_SET_V1', () => {
  it('is valid and watches every signal once', () => {
    expect(validateRuleSet(RULE_SET_V1)).toEqual([]);
    expect(parseRuleSet(RULE_SET_V1)).toEqual({ ok: true, ruleSet: RULE_SET_V1 });
    expect(RULE_SET_V1.rules.map((r) => r.signal).sort()).toEqual([...SIGNALS].sort());
  });

  it('keeps the published Altman Z″ zones: grey at ≤ 2.60, distress below 1.10', () => {
    const altman = RULE_SET_V1.rules.find((r) => r.signal === 'altman-z-double-prime')!;
    expect(altman.thresholds).toEqual([
      { level: 'caution', value: 2.6 },
      { level: 'alert', value: 1.1, strict: true },
    ]);
  });

  it('makes three years of interest coverage below 1 (한계기업) the higher level than one year', () => {
    const rule = RULE_SET_V1.rules.find((r) => r.signal === 'interest-coverage')!;
    expect(rule.parameters).toEqual({ below: 1 });
    expect(rule.thresholds).toEqual([
      { level: 'caution', value: 1 },
      { level: 'alert', value: 3 },
    ]);
  });
});

describe('validateRuleSet: one field-level error per broken rule', () => {
  it.each<[string, (d: Draft) => void, string, RuleSetError['rule']]>([
    // signals
    ['an unknown signal', (d) => (d.rules[0].signal = 'profit-drop'), 'rules[0].signal', 'unknown-signal'],
    ['a missing signal', (d) => delete d.rules[0].signal, 'rules[0].signal', 'required'],
    // impossible thresholds
    [
      'a percentage above 100',
      (d) => (d.rules[0].thresholds[2].value = 120),
      'rules[0].thresholds[2].value',
      'percentage-out-of-range',
    ],
    [
      'a percentage below 0',
      (d) => (d.rules[0].thresholds[0].value = -1),
      'rules[0].thresholds[0].value',
      'percentage-out-of-range',
    ],
    [
      'negative days',
      (d) => (d.rules[3].thresholds[0].value = -5),
      'rules[3].thresholds[0].value',
      'negative-days',
    ],
    [
      'fractional days',
      (d) => (d.rules[3].thresholds[0].value = 30.5),
      'rules[3].thresholds[0].value',
      'not-an-integer',
    ],
    ['NaN', (d) => (d.rules[2].thresholds[0].value = NaN), 'rules[2].thresholds[0].value', 'not-a-number'],
    [
      'Infinity',
      (d) => (d.rules[2].thresholds[2].value = Infinity),
      'rules[2].thresholds[2].value',
      'not-a-number',
    ],
    [
      'a number as text',
      (d) => (d.rules[2].thresholds[0].value = '200'),
      'rules[2].thresholds[0].value',
      'not-a-number',
    ],
    [
      'a missing threshold value',
      (d) => delete d.rules[2].thresholds[0].value,
      'rules[2].thresholds[0].value',
      'required',
    ],
    [
      'a negative debt ratio threshold',
      (d) => (d.rules[2].thresholds[0].value = -10),
      'rules[2].thresholds[0].value',
      'negative-value',
    ],
    [
      'zero years of low interest coverage',
      (d) => (d.rules[4].thresholds[0].value = 0),
      'rules[4].thresholds[0].value',
      'out-of-range',
    ],
    [
      'fractional years',
      (d) => (d.rules[4].thresholds[1].value = 2.5),
      'rules[4].thresholds[1].value',
      'not-an-integer',
    ],
    [
      'a closure flag other than 1',
      (d) => (d.rules[6].thresholds[0].value = 2),
      'rules[6].thresholds[0].value',
      'out-of-range',
    ],
    [
      'strict given as text',
      (d) => (d.rules[5].thresholds[1].strict = 'yes'),
      'rules[5].thresholds[1].strict',
      'invalid-value',
    ],
    [
      'an unknown threshold field',
      (d) => (d.rules[5].thresholds[0].margin = 1),
      'rules[5].thresholds[0].margin',
      'unknown-field',
    ],
    // monotonic thresholds, no overlapping levels
    [
      'thresholds not rising for a higher-is-worse signal',
      (d) =>
        (d.rules[0].thresholds = [
          { level: 'caution', value: 20 },
          { level: 'pre-alert', value: 50 },
          { level: 'alert', value: 30 },
        ]),
      'rules[0].thresholds[2].value',
      'thresholds-not-monotonic',
    ],
    [
      'two levels at one value',
      (d) => (d.rules[0].thresholds[1].value = 20),
      'rules[0].thresholds[1].value',
      'thresholds-not-monotonic',
    ],
    [
      'thresholds not falling for a lower-is-worse signal (Altman)',
      (d) =>
        (d.rules[5].thresholds = [
          { level: 'caution', value: 1.1 },
          { level: 'alert', value: 2.6 },
        ]),
      'rules[5].thresholds[1].value',
      'thresholds-not-monotonic',
    ],
    [
      'a level given twice',
      (d) => (d.rules[0].thresholds[1].level = 'caution'),
      'rules[0].thresholds[1].level',
      'levels-overlapping',
    ],
    [
      'levels out of order',
      (d) =>
        (d.rules[0].thresholds = [
          { level: 'alert', value: 20 },
          { level: 'caution', value: 30 },
        ]),
      'rules[0].thresholds[1].level',
      'levels-not-ascending',
    ],
    [
      'an unknown level',
      (d) => (d.rules[0].thresholds[0].level = 'severe'),
      'rules[0].thresholds[0].level',
      'unknown-level',
    ],
    ['no thresholds', (d) => (d.rules[0].thresholds = []), 'rules[0].thresholds', 'thresholds-empty'],
    ['missing thresholds', (d) => delete d.rules[0].thresholds, 'rules[0].thresholds', 'required'],
    [
      'thresholds that are not a list',
      (d) => (d.rules[0].thresholds = { caution: 20 }),
      'rules[0].thresholds',
      'invalid-value',
    ],
    [
      'a threshold that is not an object',
      (d) => (d.rules[0].thresholds[0] = 20),
      'rules[0].thresholds[0]',
      'not-an-object',
    ],
    // ids and duplicates
    ['a duplicate rule id', (d) => (d.rules[1].id = d.rules[0].id), 'rules[1].id', 'duplicate-rule-id'],
    [
      'a second rule on one signal',
      (d) =>
        d.rules.push({
          ...structuredClone(d.rules[0]),
          id: 'sales-drop-yoy-quarterly',
          parameters: { periodKind: 'quarter' },
        }),
      'rules[7].signal',
      'duplicate-signal',
    ],
    ['an id that is not a slug', (d) => (d.rules[0].id = 'Sales Drop'), 'rules[0].id', 'invalid-id'],
    ['a missing id', (d) => delete d.rules[0].id, 'rules[0].id', 'required'],
    ['a label that is not text', (d) => (d.rules[0].nameKo = 7), 'rules[0].nameKo', 'invalid-value'],
    ['an unknown rule field', (d) => (d.rules[0].weight = 2), 'rules[0].weight', 'unknown-field'],
    // parameters
    [
      'a missing parameter',
      (d) => delete d.rules[0].parameters.periodKind,
      'rules[0].parameters.periodKind',
      'missing-parameter',
    ],
    [
      'no parameters at all',
      (d) => delete d.rules[4].parameters,
      'rules[4].parameters.below',
      'missing-parameter',
    ],
    [
      'an unknown parameter',
      (d) => (d.rules[0].parameters.basis = 'x'),
      'rules[0].parameters.basis',
      'unknown-parameter',
    ],
    [
      'an unknown period kind',
      (d) => (d.rules[0].parameters.periodKind = 'month'),
      'rules[0].parameters.periodKind',
      'invalid-value',
    ],
    [
      'a person ladder not rising',
      (d) => (d.rules[1].parameters.personThresholds[1].value = 5),
      'rules[1].parameters.personThresholds[1].value',
      'thresholds-not-monotonic',
    ],
    [
      'a person threshold of 0',
      (d) => (d.rules[1].parameters.personThresholds[0].value = 0),
      'rules[1].parameters.personThresholds[0].value',
      'out-of-range',
    ],
    [
      'a negative person margin',
      (d) => (d.rules[1].parameters.personClearMargin = -1),
      'rules[1].parameters.personClearMargin',
      'negative-value',
    ],
    [
      'an unknown negative-equity level',
      (d) => (d.rules[2].parameters.negativeEquityLevel = 'panic'),
      'rules[2].parameters.negativeEquityLevel',
      'invalid-value',
    ],
    [
      'a rise of 0 days',
      (d) => (d.rules[3].parameters.minRiseDays = 0),
      'rules[3].parameters.minRiseDays',
      'out-of-range',
    ],
    [
      'a coverage bound of 0',
      (d) => (d.rules[4].parameters.below = 0),
      'rules[4].parameters.below',
      'out-of-range',
    ],
    [
      'a coverage bound of NaN',
      (d) => (d.rules[4].parameters.below = NaN),
      'rules[4].parameters.below',
      'not-a-number',
    ],
    [
      'an Altman constant of NaN',
      (d) => (d.rules[5].parameters.constant = NaN),
      'rules[5].parameters.constant',
      'not-a-number',
    ],
    [
      'no closure reason',
      (d) => (d.rules[6].parameters.reasons = []),
      'rules[6].parameters.reasons',
      'invalid-value',
    ],
    [
      'an unknown closure reason',
      (d) => (d.rules[6].parameters.reasons = ['fire']),
      'rules[6].parameters.reasons[0]',
      'invalid-value',
    ],
    [
      'a closure reason twice',
      (d) => (d.rules[6].parameters.reasons = ['bankrupt', 'bankrupt']),
      'rules[6].parameters.reasons',
      'invalid-value',
    ],
    // clear margins
    ['a negative margin', (d) => (d.rules[2].clearMargin = -20), 'rules[2].clearMargin', 'negative-value'],
    [
      'a percentage margin above 100',
      (d) => (d.rules[0].clearMargin = 150),
      'rules[0].clearMargin',
      'percentage-out-of-range',
    ],
    ['negative margin days', (d) => (d.rules[3].clearMargin = -1), 'rules[3].clearMargin', 'negative-days'],
    ['a missing margin', (d) => delete d.rules[3].clearMargin, 'rules[3].clearMargin', 'required'],
    [
      'a margin on the closure flag',
      (d) => (d.rules[6].clearMargin = 1),
      'rules[6].clearMargin',
      'out-of-range',
    ],
    // the rule set itself
    ['version 0', (d) => (d.version = 0), 'version', 'invalid-version'],
    ['a fractional version', (d) => (d.version = 1.5), 'version', 'invalid-version'],
    ['a missing version', (d) => delete d.version, 'version', 'required'],
    ['no rules', (d) => (d.rules = []), 'rules', 'rules-empty'],
    ['rules that are not a list', (d) => (d.rules = {}), 'rules', 'required'],
    ['a rule that is not an object', (d) => (d.rules[0] = 'sales'), 'rules[0]', 'not-an-object'],
    [
      'an SLA missing for a level',
      (d) => delete d.acknowledgeWithinHours.alert,
      'acknowledgeWithinHours.alert',
      'required',
    ],
    [
      'an SLA of 0 hours',
      (d) => (d.acknowledgeWithinHours.insolvent = 0),
      'acknowledgeWithinHours.insolvent',
      'out-of-range',
    ],
    [
      'an SLA for an unknown level',
      (d) => (d.acknowledgeWithinHours.severe = 4),
      'acknowledgeWithinHours.severe',
      'unknown-level',
    ],
    ['missing SLAs', (d) => delete d.acknowledgeWithinHours, 'acknowledgeWithinHours', 'required'],
    ['a regional rule of one firm', (d) => (d.regional.minFirms = 1), 'regional.minFirms', 'out-of-range'],
    [
      'a regional window of 0 days',
      (d) => (d.regional.windowDays = 0),
      'regional.windowDays',
      'out-of-range',
    ],
    ['a missing regional rule', (d) => delete d.regional, 'regional', 'required'],
    ['an unknown field', (d) => (d.author = 'x'), 'author', 'unknown-field'],
  ])('reports %s', (_what, change, path, rule) => {
    expect(validateRuleSet(mutated(change))).toEqual(only(path, rule));
  });

  it('refuses what is not an object', () => {
    for (const input of [null, 42, 'rules', []])
      expect(validateRuleSet(input)).toEqual(only('', 'not-an-object'));
  });

  it('reports every error at once, not just the first', () => {
    const errors = validateRuleSet(
      mutated((d) => {
        d.version = 0;
        d.rules[0].thresholds[2].value = 120;
        d.rules[1].id = d.rules[0].id;
        d.rules[3].thresholds[0].value = -5;
        d.rules[4].signal = 'mood';
      }),
    );
    expect(errors.map((e) => [e.path, e.rule])).toEqual([
      ['version', 'invalid-version'],
      ['rules[0].thresholds[2].value', 'percentage-out-of-range'],
      ['rules[1].id', 'duplicate-rule-id'],
      ['rules[3].thresholds[0].value', 'negative-days'],
      ['rules[4].signal', 'unknown-signal'],
    ]);
  });

  it('explains each error in a message naming the field', () => {
    const [error] = validateRuleSet(mutated((d) => (d.rules[0].thresholds[2].value = 120)));
    expect(error.message).toBe('rules[0].thresholds[2].value must be 0–100, got 120');
  });

  it('accepts a strict threshold next to an inclusive one and the 0–100 bounds themselves', () => {
    expect(
      validateRuleSet(
        mutated((d) => {
          d.rules[0].thresholds = [
            { level: 'caution', value: 0 },
            { level: 'alert', value: 100, strict: false },
          ];
          d.rules[0].clearMargin = 0;
        }),
      ),
    ).toEqual([]);
  });

  it('parseRuleSet returns the errors as a value instead of throwing', () => {
    const parsed = parseRuleSet(mutated((d) => (d.rules[0].signal = 'x')));
    expect(parsed).toEqual({ ok: false, errors: only('rules[0].signal', 'unknown-signal') });
  });
});
