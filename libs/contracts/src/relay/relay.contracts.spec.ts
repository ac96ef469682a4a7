import { allContracts } from '../all-contracts';
import type { ContractViolation } from '../errors';
import { TOPICS } from '../topics';
import { caseOpenedV1 } from './case-opened.v1';
import { CASE_PHASES } from './case.schemas';
import { consentRevokedV1 } from './consent-revoked.v1';
import { handoffDeclinedV1 } from './handoff-declined.v1';
import { handoffProposedV1 } from './handoff-proposed.v1';
import { relayContracts } from './index';
import { outcomeRecordedV1 } from './outcome-recorded.v1';

const violations = (type: string, data: unknown): ContractViolation[] => {
  const result = allContracts.validate(type, data);
  return result.ok ? [] : result.errors;
};

const undeclared = (field: string) => ({
  path: `/${field}`,
  rule: 'additionalProperties',
  message: 'is not a field of this contract (additionalProperties: false)',
});

describe('relay contracts', () => {
  it('the relay publishes exactly these events, on baton.relay.v1', () => {
    expect(relayContracts.map((d) => d.type)).toEqual([
      'relay.case-opened.v1',
      'relay.handoff-proposed.v1',
      'relay.handoff-accepted.v1',
      'relay.handoff-declined.v1',
      'relay.handoff-withdrawn.v1',
      'relay.handoff-escalated.v1',
      'relay.handoff-expired.v1',
      'relay.consent-revoked.v1',
      'relay.outcome-recorded.v1',
      'relay.case-closed.v1',
    ]);
    for (const definition of relayContracts) {
      expect(definition.topic).toBe(TOPICS.relay);
      expect(allContracts.get(definition.type)).toBe(definition);
    }
  });

  it('knows the six life-cycle phases, and names each in Korean', () => {
    const phase = caseOpenedV1.schema.properties.phase;
    expect(phase.enum).toEqual([
      'task-planning',
      'technology-development',
      'commercialisation',
      'production-distribution',
      'marketing',
      'investment-ipo',
    ]);
    for (const [id, ko] of Object.entries(CASE_PHASES)) expect(phase.description).toContain(`${id} (${ko})`);
    expect(violations(caseOpenedV1.type, { ...caseOpenedV1.example, phase: 'growth' })).toEqual([
      expect.objectContaining({ path: '/phase', rule: 'enum' }),
    ]);
  });

  it('names ids as uuids and instants as RFC 3339 date-times with seconds and an offset', () => {
    expect(
      violations(handoffProposedV1.type, {
        ...handoffProposedV1.example,
        toAgencyId: 'busan-ccei',
        dueAt: '2026-05-08T18:00+09:00',
        expiresAt: '2026-05-15',
      }),
    ).toEqual([
      { path: '/toAgencyId', rule: 'format', message: 'must match format "uuid"' },
      { path: '/dueAt', rule: 'format', message: 'must match format "date-time"' },
      { path: '/expiresAt', rule: 'format', message: 'must match format "date-time"' },
    ]);
  });

  it('a case is opened with 1 to 10 goals', () => {
    const { type, example } = caseOpenedV1;
    expect(violations(type, { ...example, goals: [] })).toEqual([
      expect.objectContaining({ path: '/goals', rule: 'minItems' }),
    ]);
    expect(
      violations(type, { ...example, goals: Array.from({ length: 11 }, (_, i) => `목표 ${i}`) }),
    ).toEqual([expect.objectContaining({ path: '/goals', rule: 'maxItems' })]);
  });

  it('a proposal carries no hand-over package or consent: they stay consent-scoped in the relay', () => {
    const { type, example } = handoffProposedV1;
    expect(
      violations(type, {
        ...example,
        package: { summary: '재무 현황 요약', documents: [] },
        consent: { grantedBy: 'rep-1', sharedWith: example.toAgencyId, items: [], includesSummary: true },
      }),
    ).toEqual([undeclared('package'), undeclared('consent')]);
    expect(violations(type, { ...example, documentCount: -1 })).toEqual([
      expect.objectContaining({ path: '/documentCount', rule: 'minimum' }),
    ]);
  });

  it('a revoked consent names neither the items nor the person who revoked it', () => {
    expect(
      violations(consentRevokedV1.type, {
        ...consentRevokedV1.example,
        items: ['doc-1'],
        revokedBy: 'rep-1',
      }),
    ).toEqual([undeclared('items'), undeclared('revokedBy')]);
  });

  it('a decline has a known reason code, and a text only when given', () => {
    const { type, example } = handoffDeclinedV1;
    expect(violations(type, { ...example, reason: { code: 'at-capacity' } })).toEqual([]);
    expect(violations(type, { ...example, reason: { code: 'busy', text: '' } })).toEqual([
      expect.objectContaining({ path: '/reason/code', rule: 'enum' }),
      expect.objectContaining({ path: '/reason/text', rule: 'minLength' }),
    ]);
  });

  it('an outcome may be unmeasured; a measured one has an amount ≥ 0 and a unit', () => {
    const { type, example } = outcomeRecordedV1;
    const { value: _, ...unmeasured } = example;
    expect(violations(type, unmeasured)).toEqual([]);
    expect(violations(type, { ...example, value: { amount: -1, unit: '' } })).toEqual([
      expect.objectContaining({ path: '/value/amount', rule: 'minimum' }),
      expect.objectContaining({ path: '/value/unit', rule: 'minLength' }),
    ]);
    expect(violations(type, { ...example, notifyAgencyIds: [] })).toEqual([]);
  });
});
