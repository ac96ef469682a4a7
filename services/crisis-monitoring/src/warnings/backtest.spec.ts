import { fold } from '@baton/eventsourcing';
import { agencyIdOfSlug, routingFor } from '../routing/warning-routing';
import { recordFact, type CrisisIndicators, type FirmFact, type FirmHistory } from '../rules/firm-history';
import type { RuleSet } from '../rules/rule-set';
import { RULE_SET_V1 } from '../rules/rule-set.v1';
import { SIGNALS } from '../rules/signals';
import { backtest, timelineOf } from './backtest';
import { evaluateFirm } from './evaluate-firm';
import { commandFor, openWarningsOf } from './warning-commands';
import { warningDecider, warningIdFor } from './warning.decider';
import { warningStreamId, type WarningEvent, type WarningRaised } from './warning.events';

const JEJU_FALLBACK = 'agency-jeju-province'; // configured: 제주 has no center and no regional SME office

const registered = (firmId: string, region: string, industryId: string, at: string): FirmFact => ({
  type: 'firm-registered',
  firmId,
  region: region as Extract<FirmFact, { type: 'firm-registered' }>['region'],
  industryId,
  at,
});
const reported = (firmId: string, period: string, indicators: CrisisIndicators, at: string): FirmFact => ({
  type: 'indicators-reported',
  firmId,
  period,
  indicators,
  at,
});

const SAFE = {
  totalAssets: 1000,
  totalLiabilities: 600,
  workingCapital: 200,
  retainedEarnings: 300,
  ebit: 100,
  equity: 400,
};
const GREY = { ...SAFE, workingCapital: 100, retainedEarnings: 100, ebit: 50 };
const DISTRESSED = {
  ...SAFE,
  totalLiabilities: 900,
  workingCapital: -100,
  retainedEarnings: -200,
  ebit: -50,
  equity: 100,
};
const A2025 = { sales: 650, employees: 85, debtRatio: 210, overdueDays: 20, interestCoverage: 0.7, ...GREY };

// 한빛로봇 (대구), 남도식품 (광주, before and after 광주 got its center in 2023), 탐라화장품 (제주).
const FACTS: readonly FirmFact[] = [
  registered('namdo', '29', 'gwangju-food', '2021-06-01T09:00:00+09:00'),
  reported('namdo', '2021', { sales: 500, debtRatio: -20 }, '2022-03-31T10:00:00+09:00'),
  registered('hanbit', '27', 'daegu-robotics', '2023-01-05T09:00:00+09:00'),
  reported('namdo', '2022', { sales: 200, debtRatio: 90 }, '2023-03-31T10:00:00+09:00'),
  registered('tamna', '50', 'jeju-cosmetics', '2024-02-01T09:00:00+09:00'),
  reported(
    'hanbit',
    '2024',
    { sales: 1000, employees: 100, debtRatio: 150, overdueDays: 0, interestCoverage: 0.8, ...SAFE },
    '2025-03-31T10:00:00+09:00',
  ),
  reported('tamna', '2025-Q4', { overdueDays: 0 }, '2026-01-20T10:00:00+09:00'),
  reported('hanbit', '2025', A2025, '2026-03-31T10:00:00+09:00'),
  reported('tamna', '2026-Q1', { overdueDays: 95 }, '2026-04-20T10:00:00+09:00'),
  reported('hanbit', '2026-Q1', { employees: 70, overdueDays: 45 }, '2026-04-30T10:00:00+09:00'),
  // A restatement (정정 공시) of 2025: sales were 800, not 650.
  reported('hanbit', '2025', { ...A2025, sales: 800 }, '2026-05-15T10:00:00+09:00'),
  reported(
    'hanbit',
    '2026',
    { sales: 500, employees: 70, debtRatio: 170, overdueDays: 95, interestCoverage: 0.5, ...DISTRESSED },
    '2027-03-31T10:00:00+09:00',
  ),
  { type: 'firm-closed', firmId: 'hanbit', reason: 'bankrupt', at: '2027-06-01T10:00:00+09:00' },
];

/** The live service, step by step: each fact → evaluateFirm → a command per decision → the warning decider. */
function liveRun(ruleSet: RuleSet, facts: readonly FirmFact[]) {
  const streams = new Map<string, WarningEvent[]>();
  const histories = new Map<string, FirmHistory>();
  const written: WarningEvent[] = [];
  const stateOf = (id: string) => fold(warningDecider, streams.get(id) ?? []);
  for (const fact of facts) {
    const history = recordFact(histories.get(fact.firmId) ?? null, fact);
    histories.set(fact.firmId, history);
    const open = openWarningsOf(SIGNALS.map((signal) => stateOf(warningStreamId(fact.firmId, signal))));
    for (const decision of evaluateFirm(ruleSet, history, open)) {
      const id = warningStreamId(decision.firmId, decision.signal);
      const stream = stateOf(id);
      const command = commandFor(decision, {
        ruleSet,
        now: fact.at,
        stream,
        route: (region, at) => routingFor(region, at, { fallbackAgencyId: JEJU_FALLBACK }),
      });
      const events = warningDecider.decide(command, stream);
      streams.set(id, [...(streams.get(id) ?? []), ...events]);
      written.push(...events);
    }
  }
  return written;
}

const row = (e: { at: string; firmId: string; signal: string; kind: string; from: unknown; to: unknown }) =>
  [e.at.slice(0, 10), e.firmId, e.signal, e.kind, e.from, e.to] as const;

describe('backtest', () => {
  it('tells which warnings the rule set would have raised or moved, and when', () => {
    expect(backtest(RULE_SET_V1, FACTS).timeline.map(row)).toEqual([
      ['2022-03-31', 'namdo', 'debt-ratio', 'raised', null, 'alert'], // negative equity (완전자본잠식)
      ['2023-03-31', 'namdo', 'sales-drop-yoy', 'raised', null, 'alert'], // −60 %
      ['2023-03-31', 'namdo', 'debt-ratio', 'level-changed', 'alert', null], // 90 %: cleared, stays open
      ['2025-03-31', 'hanbit', 'interest-coverage', 'raised', null, 'caution'], // one year below 1
      ['2026-03-31', 'hanbit', 'sales-drop-yoy', 'raised', null, 'pre-alert'], // −35 %
      ['2026-03-31', 'hanbit', 'employee-fall', 'raised', null, 'caution'], // −15 %
      ['2026-03-31', 'hanbit', 'debt-ratio', 'raised', null, 'caution'], // 210 %
      ['2026-03-31', 'hanbit', 'altman-z-double-prime', 'raised', null, 'caution'], // Z″ 2.02: grey
      ['2026-04-20', 'tamna', 'overdue-days-rising', 'raised', null, 'alert'], // 0 → 95 days
      ['2026-04-30', 'hanbit', 'overdue-days-rising', 'raised', null, 'caution'], // 20 → 45 days
      ['2026-05-15', 'hanbit', 'sales-drop-yoy', 'level-changed', 'pre-alert', 'caution'], // restated: −20 %
      ['2027-03-31', 'hanbit', 'sales-drop-yoy', 'level-changed', 'caution', 'pre-alert'], // 800 → 500: −37.5 %
      ['2027-03-31', 'hanbit', 'employee-fall', 'level-changed', 'caution', null], // 70 → 70
      ['2027-03-31', 'hanbit', 'debt-ratio', 'level-changed', 'caution', null], // 170 % < 200 − 20
      ['2027-03-31', 'hanbit', 'overdue-days-rising', 'level-changed', 'caution', 'alert'], // 95 days
      ['2027-03-31', 'hanbit', 'interest-coverage', 'level-changed', 'caution', 'alert'], // 3 years: 한계기업
      ['2027-03-31', 'hanbit', 'altman-z-double-prime', 'level-changed', 'caution', 'alert'], // distress
      ['2027-06-01', 'hanbit', 'firm-closed', 'raised', null, 'insolvent'], // 파산
    ]);
  });

  it('equals a live step-by-step fold over the same history, entry for entry', () => {
    const live = timelineOf(liveRun(RULE_SET_V1, FACTS));
    const { timeline } = backtest(RULE_SET_V1, FACTS);
    expect(live).toHaveLength(18);
    expect(live).toEqual(timeline);
  });

  it('equals the live fold for another rule set too (version 2: debt ratio from 250 %, quarterly sales)', () => {
    const v2: RuleSet = {
      ...RULE_SET_V1,
      version: 2,
      rules: RULE_SET_V1.rules.map((r) =>
        r.signal === 'debt-ratio'
          ? { ...r, thresholds: r.thresholds.map((t) => ({ ...t, value: t.value + 50 })) }
          : r.signal === 'sales-drop-yoy'
            ? { ...r, id: 'sales-drop-yoy-quarterly', parameters: { periodKind: 'quarter' as const } }
            : r,
      ),
    };
    const { timeline } = backtest(v2, FACTS);
    expect(timelineOf(liveRun(v2, FACTS))).toEqual(timeline);
    // hanbit's 210 % no longer warns, and no quarter has a year-earlier quarter to compare sales with.
    expect(timeline.filter((e) => e.signal === 'sales-drop-yoy')).toEqual([]);
    expect(timeline.filter((e) => e.firmId === 'hanbit' && e.signal === 'debt-ratio')).toEqual([]);
    expect(timeline.every((e) => e.ruleSetVersion === 2)).toBe(true);
  });

  it('routes the live warnings by coverage at the time: 광주 office in 2022, 광주 center from 2023, 제주 by configuration', () => {
    const raisedEvents = liveRun(RULE_SET_V1, FACTS).filter(
      (e): e is WarningRaised => e.type === 'WarningRaised',
    );
    const routeOf = (firmId: string, signal: string) =>
      raisedEvents.find((e) => e.data.firmId === firmId && e.data.signal === signal)!.data;
    expect(routeOf('namdo', 'debt-ratio')).toMatchObject({
      routedTo: agencyIdOfSlug('gwangju-jeonnam-regional-sme-office'),
      routingReason: 'regional-office-fallback',
    });
    expect(routeOf('namdo', 'sales-drop-yoy')).toMatchObject({
      routedTo: agencyIdOfSlug('gwangju-crisis-support-center'),
      routingReason: 'center',
    });
    expect(routeOf('hanbit', 'firm-closed')).toMatchObject({
      routedTo: agencyIdOfSlug('daegu-crisis-support-center'),
      routingReason: 'center',
      ackDueAt: '2027-06-01T09:00:00.000Z', // 8 hours for insolvent
    });
    expect(routeOf('tamna', 'overdue-days-rising')).toMatchObject({
      routedTo: JEJU_FALLBACK,
      routingReason: 'configured-fallback',
    });
  });

  it('carries the exact inputs and the warning ids the live streams use', () => {
    const { timeline } = backtest(RULE_SET_V1, FACTS);
    const restated = timeline[10];
    expect(restated).toEqual({
      at: '2026-05-15T10:00:00+09:00',
      kind: 'level-changed',
      warningId: warningIdFor('hanbit', 'sales-drop-yoy', 1),
      firmId: 'hanbit',
      signal: 'sales-drop-yoy',
      from: 'pre-alert',
      to: 'caution',
      ruleId: 'sales-drop-yoy-annual',
      ruleSetVersion: 1,
      measured: { value: 20, unit: 'percent' },
      inputs: { periods: ['2024', '2025'], values: { '2024.sales': 1000, '2025.sales': 800 } },
    });
  });

  it('leaves warnings open at the end (it resolves and dismisses nothing), cleared ones included', () => {
    const { openAtEnd } = backtest(RULE_SET_V1, FACTS);
    expect(openAtEnd.map((w) => [w.firmId, w.signal, w.level])).toEqual([
      ['namdo', 'debt-ratio', null],
      ['namdo', 'sales-drop-yoy', 'alert'],
      ['hanbit', 'interest-coverage', 'alert'],
      ['hanbit', 'sales-drop-yoy', 'pre-alert'],
      ['hanbit', 'employee-fall', null],
      ['hanbit', 'debt-ratio', null],
      ['hanbit', 'altman-z-double-prime', 'alert'],
      ['hanbit', 'overdue-days-rising', 'alert'],
      ['hanbit', 'firm-closed', 'insolvent'],
      ['tamna', 'overdue-days-rising', 'alert'],
    ]);
  });

  it('is pure: frozen input, same answer twice', () => {
    const frozen = Object.freeze(FACTS.map((f) => Object.freeze({ ...f })));
    expect(backtest(RULE_SET_V1, frozen)).toEqual(backtest(RULE_SET_V1, FACTS));
  });

  it('refuses facts out of time order and times without an offset', () => {
    expect(() => backtest(RULE_SET_V1, [FACTS[2], FACTS[0]])).toThrow(/time order/);
    expect(() => backtest(RULE_SET_V1, [{ ...FACTS[0], at: '2021-06-01' }])).toThrow(RangeError);
  });

  it('compares instants, not strings, when checking the order', () => {
    const a = registered('a', '27', 'x', '2026-01-01T08:00:00+09:00'); // 2025-12-31T23:00Z
    const b = registered('b', '27', 'x', '2025-12-31T23:30:00Z');
    expect(backtest(RULE_SET_V1, [a, b]).timeline).toEqual([]);
  });
});
