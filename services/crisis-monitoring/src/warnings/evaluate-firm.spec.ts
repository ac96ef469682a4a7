import { historyOf, type CrisisIndicators, type FirmFact, type FirmHistory } from '../rules/firm-history';
import { RULE_SET_V1 } from '../rules/rule-set.v1';
import { evaluateFirm, type OpenWarningView, type WarningDecision } from './evaluate-firm';

const FIRM = 'firm-hanbit';
const registered: FirmFact = {
  type: 'firm-registered',
  firmId: FIRM,
  region: '27',
  industryId: 'daegu-robotics',
  at: '2024-01-10T00:00:00Z',
};
const firmWith = (reports: Record<string, CrisisIndicators>, closed = false): FirmHistory =>
  historyOf([
    registered,
    ...Object.entries(reports).map(([period, indicators]): FirmFact => ({
      type: 'indicators-reported',
      firmId: FIRM,
      period,
      indicators,
      at: '2026-04-01T00:00:00Z',
    })),
    ...(closed
      ? [{ type: 'firm-closed', firmId: FIRM, reason: 'bankrupt', at: '2026-05-01T00:00:00Z' } as FirmFact]
      : []),
  ])!;

const open = (
  signal: OpenWarningView['signal'],
  level: OpenWarningView['level'],
  warningId = `w-${signal}`,
) => ({
  warningId,
  signal,
  level,
});

// Sales down 40 %, debt ratio 320 %: pre-alert on both.
const STRESSED = firmWith({
  '2025': { sales: 1000, debtRatio: 150 },
  '2026': { sales: 600, debtRatio: 320 },
});

describe('evaluateFirm', () => {
  it('raises a warning per signal that reached a level and has none open, in rule-set order', () => {
    expect(evaluateFirm(RULE_SET_V1, STRESSED, [])).toEqual<WarningDecision[]>([
      {
        kind: 'raise',
        firmId: FIRM,
        region: '27',
        industryId: 'daegu-robotics',
        signal: 'sales-drop-yoy',
        ruleId: 'sales-drop-yoy-annual',
        ruleSetVersion: 1,
        level: 'pre-alert',
        measured: { value: 40, unit: 'percent' },
        inputs: { periods: ['2025', '2026'], values: { '2025.sales': 1000, '2026.sales': 600 } },
      },
      {
        kind: 'raise',
        firmId: FIRM,
        region: '27',
        industryId: 'daegu-robotics',
        signal: 'debt-ratio',
        ruleId: 'debt-ratio',
        ruleSetVersion: 1,
        level: 'pre-alert',
        measured: { value: 320, unit: 'percent' },
        inputs: { periods: ['2026'], values: { '2026.debtRatio': 320 } },
      },
    ]);
  });

  it('decides nothing for a warning already open at the level reached (no second open warning)', () => {
    expect(
      evaluateFirm(RULE_SET_V1, STRESSED, [
        open('sales-drop-yoy', 'pre-alert'),
        open('debt-ratio', 'pre-alert'),
      ]),
    ).toEqual([]);
  });

  it('moves the level of an open warning: escalated, eased (with hysteresis) or cleared', () => {
    const decisions = evaluateFirm(RULE_SET_V1, STRESSED, [
      open('sales-drop-yoy', 'caution'),
      open('debt-ratio', 'alert'),
      open('employee-fall', 'caution'),
    ]);
    expect(
      decisions.map((d) => [
        d.signal,
        d.kind,
        d.kind === 'change-level' && [d.warningId, d.from, d.to, d.direction],
      ]),
    ).toEqual([
      ['sales-drop-yoy', 'change-level', ['w-sales-drop-yoy', 'caution', 'pre-alert', 'escalated']],
      ['debt-ratio', 'change-level', ['w-debt-ratio', 'alert', 'pre-alert', 'eased']],
    ]);
    // employee-fall cannot be measured (no employees reported): its warning is left as it is.
  });

  it('holds a level inside the clear margin and clears it past the margin', () => {
    const hovering = firmWith({ '2025': { debtRatio: 100 }, '2026': { debtRatio: 185 } });
    expect(evaluateFirm(RULE_SET_V1, hovering, [open('debt-ratio', 'caution')])).toEqual([]);
    const recovered = firmWith({ '2026': { debtRatio: 179 } });
    expect(evaluateFirm(RULE_SET_V1, recovered, [open('debt-ratio', 'caution')])).toMatchObject([
      { kind: 'change-level', signal: 'debt-ratio', from: 'caution', to: null, direction: 'eased' },
    ]);
  });

  it('escalates a cleared warning again when the signal comes back', () => {
    expect(evaluateFirm(RULE_SET_V1, STRESSED, [open('debt-ratio', null)])).toMatchObject([
      { kind: 'raise', signal: 'sales-drop-yoy' },
      { kind: 'change-level', signal: 'debt-ratio', from: null, to: 'pre-alert', direction: 'escalated' },
    ]);
  });

  it('raises the closure of a bankrupt firm as insolvent (부실화)', () => {
    expect(evaluateFirm(RULE_SET_V1, firmWith({}, true), [])).toMatchObject([
      { kind: 'raise', signal: 'firm-closed', level: 'insolvent', measured: { value: 1, unit: 'flag' } },
    ]);
  });

  it('ignores open warnings of signals the rule set no longer watches', () => {
    const salesOnly = {
      ...RULE_SET_V1,
      version: 2,
      rules: RULE_SET_V1.rules.filter((r) => r.signal === 'sales-drop-yoy'),
    };
    expect(evaluateFirm(salesOnly, STRESSED, [open('debt-ratio', 'caution')])).toMatchObject([
      { kind: 'raise', signal: 'sales-drop-yoy', ruleSetVersion: 2 },
    ]);
  });

  it('decides nothing more once its decisions are applied (idempotent)', () => {
    const applied = evaluateFirm(RULE_SET_V1, STRESSED, []).map((d) =>
      open(d.signal, d.kind === 'raise' ? d.level : d.to),
    );
    expect(applied).toHaveLength(2);
    expect(evaluateFirm(RULE_SET_V1, STRESSED, applied)).toEqual([]);
  });

  it('refuses two open warnings on one signal', () => {
    expect(() =>
      evaluateFirm(RULE_SET_V1, STRESSED, [
        open('debt-ratio', 'caution', 'w1'),
        open('debt-ratio', 'alert', 'w2'),
      ]),
    ).toThrow(/two open warnings on debt-ratio/);
  });
});
