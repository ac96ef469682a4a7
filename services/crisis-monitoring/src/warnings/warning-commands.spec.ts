import { RULE_SET_V1 } from '../rules/rule-set.v1';
import type { ChangeLevelDecision, RaiseDecision } from './evaluate-firm';
import { SYSTEM_ACTOR, commandFor, openWarningsOf } from './warning-commands';
import { warningIdFor, type WarningStream } from './warning.decider';

const NOW = '2026-04-20T10:00:00+09:00';
const ROUTE = { agencyId: 'agency-daegu-center', reason: 'center' as const };
const base = {
  firmId: 'firm-a',
  signal: 'debt-ratio' as const,
  ruleId: 'debt-ratio',
  ruleSetVersion: 1,
  measured: { value: 310, unit: 'percent' as const },
  inputs: { periods: ['2026'], values: { '2026.debtRatio': 310 } },
};
const raise: RaiseDecision = {
  ...base,
  kind: 'raise',
  region: '27',
  industryId: 'daegu-robotics',
  level: 'pre-alert',
};
const change = (to: ChangeLevelDecision['to']): ChangeLevelDecision => ({
  ...base,
  kind: 'change-level',
  warningId: 'w-1',
  from: 'pre-alert',
  to,
  direction: to === 'alert' ? 'escalated' : 'eased',
});
const openStream = (episodes: number, warningId: string, level: 'caution' | null): WarningStream => ({
  status: 'open',
  firmId: 'firm-a',
  signal: 'debt-ratio',
  episodes,
  ended: {},
  warning: {
    warningId,
    region: '27',
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    level,
    routedTo: 'x',
    ackDueAt: NOW,
    acknowledgedAt: null,
    escalatedTo: null,
    recordIds: [],
  },
});

describe('commandFor (the live path of an evaluateFirm decision)', () => {
  it('raises with the next episode id, the route at that time and the SLA of the level, as the system', () => {
    const routedAt: string[] = [];
    const command = commandFor(raise, {
      ruleSet: RULE_SET_V1,
      now: NOW,
      stream: { status: 'closed', firmId: 'firm-a', signal: 'debt-ratio', episodes: 2, ended: {} },
      route: (region, at) => {
        routedAt.push(`${region}@${at}`);
        return ROUTE;
      },
    });
    expect(command).toEqual({
      type: 'RaiseWarning',
      data: {
        warningId: warningIdFor('firm-a', 'debt-ratio', 3),
        firmId: 'firm-a',
        signal: 'debt-ratio',
        region: '27',
        industryId: 'daegu-robotics',
        level: 'pre-alert',
        ruleSetVersion: 1,
        ruleId: 'debt-ratio',
        measured: base.measured,
        inputs: base.inputs,
        routing: ROUTE,
        ackSlaHours: 48,
      },
      metadata: { now: NOW, actor: SYSTEM_ACTOR },
    });
    expect(routedAt).toEqual([`27@${NOW}`]);
  });

  it('starts at episode 1 on a new stream', () => {
    const command = commandFor(raise, {
      ruleSet: RULE_SET_V1,
      now: NOW,
      stream: { status: 'none' },
      route: () => ROUTE,
    });
    expect(command.data.warningId).toBe(warningIdFor('firm-a', 'debt-ratio', 1));
  });

  it('moves a level with the SLA of the new level, none when cleared, and never asks for a route', () => {
    const route = () => {
      throw new Error('no routing for a level change');
    };
    const context = { ruleSet: RULE_SET_V1, now: NOW, stream: openStream(1, 'w-1', 'caution'), route };
    expect(commandFor(change('alert'), context)).toEqual({
      type: 'ChangeWarningLevel',
      data: {
        warningId: 'w-1',
        firmId: 'firm-a',
        signal: 'debt-ratio',
        level: 'alert',
        ruleSetVersion: 1,
        ruleId: 'debt-ratio',
        measured: base.measured,
        inputs: base.inputs,
        ackSlaHours: 24,
      },
      metadata: { now: NOW, actor: SYSTEM_ACTOR },
    });
    expect(commandFor(change(null), context).data).toMatchObject({ level: null, ackSlaHours: null });
  });
});

describe('openWarningsOf', () => {
  it('lists the open warning of each open stream, cleared ones included', () => {
    expect(
      openWarningsOf([
        { status: 'none' },
        openStream(1, 'w-1', 'caution'),
        {
          status: 'closed',
          firmId: 'firm-a',
          signal: 'employee-fall',
          episodes: 1,
          ended: { 'w-2': 'resolved' },
        },
        openStream(2, 'w-3', null),
      ]),
    ).toEqual([
      { warningId: 'w-1', signal: 'debt-ratio', level: 'caution' },
      { warningId: 'w-3', signal: 'debt-ratio', level: null },
    ]);
  });
});
