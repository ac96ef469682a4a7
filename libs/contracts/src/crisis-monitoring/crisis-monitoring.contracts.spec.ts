import { allContracts } from '../all-contracts';
import type { ContractViolation } from '../errors';
import { TOPICS } from '../topics';
import { crisisMonitoringContracts } from './index';
import { emergencySupportGivenV1, preventionPlanRecordedV1 } from './warning-handling.v1';
import { warningLevelChangedV1 } from './warning-level-changed.v1';
import { warningRaisedV1 } from './warning-raised.v1';

const violations = (type: string, data: unknown): ContractViolation[] => {
  const result = allContracts.validate(type, data);
  return result.ok ? [] : result.errors;
};

describe('crisis-monitoring contracts', () => {
  it('publishes exactly these events, on baton.crisis-monitoring.v1, keyed by firm', () => {
    expect(crisisMonitoringContracts.map((d) => d.type)).toEqual([
      'crisis-monitoring.warning-raised.v1',
      'crisis-monitoring.warning-level-changed.v1',
      'crisis-monitoring.warning-acknowledged.v1',
      'crisis-monitoring.warning-escalated.v1',
      'crisis-monitoring.prevention-plan-recorded.v1',
      'crisis-monitoring.emergency-support-given.v1',
      'crisis-monitoring.referred-for-business-conversion.v1',
      'crisis-monitoring.warning-resolved.v1',
      'crisis-monitoring.warning-dismissed.v1',
    ]);
    for (const d of crisisMonitoringContracts) {
      expect(d.topic).toBe(TOPICS.crisisMonitoring);
      expect(allContracts.get(d.type)).toBe(d);
    }
  });

  it('a warning names its level, rule-set version and rule; unknown signals and levels are refused', () => {
    const { type, example } = warningRaisedV1;
    expect(violations(type, { ...example, signal: 'horoscope' })).toEqual([
      expect.objectContaining({ path: '/signal', rule: 'enum' }),
    ]);
    expect(violations(type, { ...example, level: 'panic' })).toEqual([
      expect.objectContaining({ path: '/level', rule: 'enum' }),
    ]);
    expect(violations(type, { ...example, ruleSetVersion: 0 })).toEqual([
      expect.objectContaining({ path: '/ruleSetVersion', rule: 'minimum' }),
    ]);
  });

  it('a level change may go to or come from no level (below every threshold)', () => {
    const { type, example } = warningLevelChangedV1;
    expect(violations(type, { ...example, fromLevel: 'alert', toLevel: null, direction: 'eased' })).toEqual(
      [],
    );
    expect(violations(type, { ...example, toLevel: 'meltdown' })).not.toEqual([]);
  });

  it('emergency support links to a relay case or a program, nothing else', () => {
    const { type, example } = emergencySupportGivenV1;
    expect(
      violations(type, { ...example, link: { kind: 'program', programId: 'smart-factory-2026' } }),
    ).toEqual([]);
    expect(violations(type, { ...example, link: { kind: 'hunch' } })).not.toEqual([]);
  });

  it('a prevention plan travels as a count of measures, not its text', () => {
    const { type, example } = preventionPlanRecordedV1;
    expect(violations(type, { ...example, summary: '자금 유동성 확보 계획' })).toEqual([
      expect.objectContaining({ path: '/summary', rule: 'additionalProperties' }),
    ]);
  });
});
