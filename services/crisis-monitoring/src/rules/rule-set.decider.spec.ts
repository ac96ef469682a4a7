import { DeciderSpecification, DomainError, fold } from '@baton/eventsourcing';
import {
  InvalidRuleSet,
  PublishForbidden,
  RuleSetVersionNotIncreasing,
  ruleSetDecider,
  type PublishRuleSet,
  type RuleSetPublished,
} from './rule-set.decider';
import type { RuleSet } from './rule-set';
import { RULE_SET_V1 } from './rule-set.v1';

const spec = DeciderSpecification(ruleSetDecider);
const NOW = '2026-07-01T01:00:00.000Z';
const MINISTRY = { userId: 'u-mss', role: 'ministry' };

const v = (version: number, change: Partial<RuleSet> = {}): RuleSet => ({
  ...RULE_SET_V1,
  version,
  ...change,
});
const publish = (ruleSet: unknown, actor = MINISTRY, note?: string, now = NOW): PublishRuleSet => ({
  type: 'PublishRuleSet',
  data: { ruleSet, ...(note !== undefined && { note }) },
  metadata: { now, actor },
});
const published = (ruleSet: RuleSet, note: string | null = null): RuleSetPublished => ({
  type: 'RuleSetPublished',
  data: { version: ruleSet.version, ruleSet, note, publishedBy: 'u-mss', publishedAt: NOW },
});

describe('PublishRuleSet', () => {
  it('publishes the first version', () => {
    spec
      .given([])
      .when(publish(RULE_SET_V1))
      .then([published(RULE_SET_V1)]);
  });

  it('publishes a higher version, gaps allowed, with a trimmed note', () => {
    spec
      .given([published(RULE_SET_V1)])
      .when(publish(v(3), MINISTRY, '  부채비율 기준 완화 '))
      .then([published(v(3), '부채비율 기준 완화')]);
  });

  it('lets an administrator publish', () => {
    spec
      .given([])
      .when(publish(RULE_SET_V1, { userId: 'u-admin', role: 'admin' }))
      .then([
        { ...published(RULE_SET_V1), data: { ...published(RULE_SET_V1).data, publishedBy: 'u-admin' } },
      ]);
  });

  it.each([1, 2])('refuses version %i after version 2 (versions strictly increase)', (version) => {
    spec
      .given([published(RULE_SET_V1), published(v(2))])
      .when(publish(v(version)))
      .thenThrows(
        RuleSetVersionNotIncreasing,
        (e) => e.code === 'rule-set-version-not-increasing' && e.details.latestVersion === 2,
      );
  });

  it('refuses an invalid rule set with every field-level error', () => {
    const broken = {
      ...v(2),
      rules: [{ ...RULE_SET_V1.rules[0], signal: 'mood' }],
      regional: { minFirms: 1, windowDays: 30 },
    };
    spec
      .given([published(RULE_SET_V1)])
      .when(publish(broken))
      .thenThrows(
        InvalidRuleSet,
        (e) =>
          e.code === 'invalid-rule-set' &&
          JSON.stringify(e.details.errors.map((x) => [x.path, x.rule])) ===
            JSON.stringify([
              ['rules[0].signal', 'unknown-signal'],
              ['regional.minFirms', 'out-of-range'],
            ]),
      );
  });

  it.each(['crisis-center', 'regional-office', 'agency-staff', 'auditor', 'system'])(
    'refuses the role %s',
    (role) => {
      spec
        .given([])
        .when(publish(RULE_SET_V1, { userId: 'u', role }))
        .thenThrows(PublishForbidden, (e) => e.code === 'forbidden' && e.details.role === role);
    },
  );

  it('refuses a publication time that is not an instant', () => {
    spec
      .given([])
      .when(publish(RULE_SET_V1, MINISTRY, undefined, '2026-07-01'))
      .thenThrows(DomainError, (e) => e.code === 'invalid-instant');
  });
});

describe('evolve', () => {
  it('keeps the published versions in order and the latest one', () => {
    expect(fold(ruleSetDecider, [published(RULE_SET_V1), published(v(2)), published(v(5))])).toEqual({
      status: 'published',
      latestVersion: 5,
      versions: [1, 2, 5],
    });
    expect(ruleSetDecider.initialState()).toEqual({ status: 'none' });
  });
});
