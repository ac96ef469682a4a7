import {
  allContracts,
  caseClosedV1,
  caseOpenedV1,
  consentRevokedV1,
  firmClosedV1,
  firmProfileAmendedV1,
  firmRegisteredV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  handoffAcceptedV1,
  handoffDeclinedV1,
  handoffEscalatedV1,
  handoffExpiredV1,
  handoffProposedV1,
  handoffWithdrawnV1,
  indicatorsReportedV1,
  outcomeRecordedV1,
  type IntegrationEventDefinition,
} from '@baton/contracts';
import type { IntegrationEvent } from '@baton/messaging';
import { published, record } from '../testing/fixtures';
import { EFFECTIVE_TIME_FIELD, KNOWN_EVENT_TYPES } from './known-events';
import { foldEntries } from './replay.fold';
import { initialReplayState } from './replay.state';

/** The contract's example, with fields overridden, as a published event. */
const event = <T>(definition: IntegrationEventDefinition<T>, change: Partial<T> = {}, attributes = {}) =>
  published(definition.type, { ...definition.example, ...change }, attributes);

const given = (...history: IntegrationEvent[]) => ({
  when: (...events: IntegrationEvent[]) => {
    const entries = record([...history, ...events]);
    return { before: foldEntries(entries.slice(0, history.length)), after: foldEntries(entries), entries };
  },
});

// The contracts' examples tell one story: 한빛정밀 (부산) supported by 부산테크노파크 (TP), handed on to
// 부산창조경제혁신센터 (CCEI).
const CASE = caseOpenedV1.example.caseId;
const PROPOSAL = handoffProposedV1.example.proposalId;
const TP = caseOpenedV1.example.holderAgencyId;
const CCEI = handoffProposedV1.example.toAgencyId;

const registered = event(firmRegisteredV1);
const opened = event(caseOpenedV1);
const proposed = event(handoffProposedV1);

describe('replay fold, one published event at a time', () => {
  it('starts from an unregistered firm with nothing known', () => {
    expect(foldEntries([])).toEqual(initialReplayState());
    expect(initialReplayState()).toEqual({
      registry: { status: 'unregistered', profile: {}, indicators: {} },
      cases: {},
      batonHolders: [],
      warnings: {},
      other: [],
    });
  });

  describe('firm-registry', () => {
    it('firm-registered: the firm is active with its profile, region, industry and stage from registration', () => {
      const { after } = given().when(registered);
      expect(after.registry).toEqual({
        status: 'active',
        profile: { name: '주식회사 한빛정밀', businessRegistrationNumber: '1234567890' },
        region: '26',
        industry: 'busan-ultra-precision-materials-parts',
        stage: { stage: 'preliminary', effectiveAt: '2026-03-02T09:00:00+09:00' },
        indicators: {},
        registeredAt: '2026-03-02T09:00:00+09:00',
      });
    });

    it('firm-profile-amended: only the fields it carries change', () => {
      const { before, after } = given(registered).when(
        event(firmProfileAmendedV1, { industryId: 'busan-smart-machinery', ksicCode: 'C29' }),
      );
      expect(after.registry).toEqual({
        ...before.registry,
        profile: {
          ...before.registry.profile,
          name: '주식회사 한빛정밀테크',
          size: 'medium',
          ksicCode: 'C29',
        },
        industry: 'busan-smart-machinery',
      });
    });

    it('firm-profile-amended with ksicCode null: the code is removed, and says so', () => {
      const withCode = event(firmProfileAmendedV1, { ksicCode: 'C29' });
      const removal = published(firmProfileAmendedV1.type, {
        firmId: registered.data.firmId,
        ksicCode: null,
        amendedAt: '2026-06-01T10:00:00+09:00',
      });
      const { after } = given(registered, withCode).when(removal);
      expect(after.registry.profile.ksicCode).toBeNull();
      expect(after.registry.profile.name).toBe('주식회사 한빛정밀테크');
    });

    it('firm-relocated: the region is the one moved to', () => {
      const { after } = given(registered).when(
        event(firmRelocatedV1, { fromRegionCode: '26', toRegionCode: '48' }),
      );
      expect(after.registry.region).toBe('48');
    });

    it('growth-stage-assessed: the stage, from when it holds, with scores and assessor', () => {
      const { after } = given(registered).when(event(growthStageAssessedV1));
      expect(after.registry.stage).toEqual({
        stage: 'leading',
        effectiveAt: '2026-04-01T00:00:00+09:00',
        scores: { innovation: 82.5, growth: 77, jobCreation: 69 },
        assessingAgencyId: '9b1d7c3e-2f4a-4b8c-8d6e-0a1b2c3d4e5f',
      });
    });

    it('indicators-reported: the period’s figures; a restatement replaces them; other periods stay', () => {
      const q1 = event(indicatorsReportedV1);
      const year = event(indicatorsReportedV1, { period: '2025', sales: 15_000_000_000 });
      const restated = published(indicatorsReportedV1.type, {
        firmId: registered.data.firmId,
        period: '2026-Q1',
        sales: 4_300_000_000,
        employees: 88,
        reportedAt: '2026-05-02T10:00:00+09:00',
      });
      const { before, after } = given(registered, q1, year).when(restated);
      const { firmId: _firmId, period: _period, ...figures } = indicatorsReportedV1.example;
      expect(before.registry.indicators['2026-Q1']).toEqual(figures);
      expect(before.registry.indicators['2026-Q1']).toMatchObject({ sales: 4_250_000_000, employees: 87 });
      // Absent is "not reported", not zero: the restatement's missing figures are gone.
      expect(after.registry.indicators['2026-Q1']).toEqual({
        sales: 4_300_000_000,
        employees: 88,
        reportedAt: '2026-05-02T10:00:00+09:00',
      });
      expect(after.registry.indicators['2025']).toEqual(before.registry.indicators['2025']);
    });

    it('firm-closed: the firm is closed, with the reason and successor', () => {
      const { after } = given(registered).when(event(firmClosedV1));
      expect(after.registry.status).toBe('closed');
      expect(after.registry.closure).toEqual({
        reason: 'merged',
        successorFirmId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
        closedAt: '2026-12-31T00:00:00+09:00',
      });
      expect(after.registry.region).toBe('26');
    });

    it('firm-closed without a successor carries none', () => {
      const closed = published(firmClosedV1.type, {
        firmId: registered.data.firmId,
        reason: 'business-closed',
        closedAt: '2026-10-01T00:00:00+09:00',
      });
      const { after } = given(registered).when(closed);
      expect(after.registry.closure).toEqual({
        reason: 'business-closed',
        closedAt: '2026-10-01T00:00:00+09:00',
      });
    });
  });

  describe('relay', () => {
    it('case-opened: an open case held by the opening agency, and its first baton holding', () => {
      const { after } = given(registered).when(opened);
      expect(after.cases[CASE]).toEqual({
        caseId: CASE,
        regionCode: '26',
        status: 'open',
        phase: 'technology-development',
        holderAgencyId: TP,
        goals: ['초정밀 가공 부품 시제품 제작', '양산 공정 검증'],
        openedAt: '2026-03-16T10:00:00+09:00',
        handoffs: [],
        outcomes: [],
      });
      expect(after.batonHolders).toEqual([
        { caseId: CASE, agencyId: TP, phase: 'technology-development', from: '2026-03-16T10:00:00+09:00' },
      ]);
    });

    it('case-opened twice with one id: the second is kept aside as a duplicate', () => {
      const again = event(caseOpenedV1, { holderAgencyId: CCEI });
      const { before, after, entries } = given(opened).when(again);
      expect(after.cases).toEqual(before.cases);
      expect(after.other).toEqual([
        {
          sequence: 2,
          eventId: entries[1].eventId,
          type: 'relay.case-opened.v1',
          occurredAt: entries[1].occurredAt,
          recordedAt: entries[1].recordedAt,
          reason: 'duplicate',
        },
      ]);
    });

    it('handoff-proposed: a pending hand-off with its reason, phases, package size and deadlines', () => {
      const { after } = given(opened).when(proposed);
      expect(after.cases[CASE].handoffs).toEqual([
        {
          proposalId: PROPOSAL,
          from: TP,
          to: CCEI,
          status: 'pending',
          reason: '시제품 완성: 사업화 단계의 판로 개척 지원 필요',
          currentPhase: 'technology-development',
          nextPhase: 'commercialisation',
          documentCount: 3,
          times: {
            proposedAt: '2026-05-04T14:00:00+09:00',
            dueAt: '2026-05-08T18:00:00+09:00',
            expiresAt: '2026-05-15T18:00:00+09:00',
          },
        },
      ]);
      expect(after.cases[CASE].holderAgencyId).toBe(TP);
    });

    it('handoff-proposed for an unknown case is kept aside', () => {
      const { after } = given(registered).when(proposed);
      expect(after.cases).toEqual({});
      expect(after.other.map((o) => o.reason)).toEqual(['unknown-case']);
    });

    it('handoff-proposed twice with one id is kept aside as a duplicate', () => {
      const { before, after } = given(opened, proposed).when(event(handoffProposedV1, { reason: '다시' }));
      expect(after.cases).toEqual(before.cases);
      expect(after.other.map((o) => o.reason)).toEqual(['duplicate']);
    });

    it('handoff-accepted: the target holds the case in the new phase; the baton passes at acceptedAt', () => {
      const { after } = given(opened, proposed).when(event(handoffAcceptedV1));
      expect(after.cases[CASE]).toMatchObject({
        holderAgencyId: CCEI,
        phase: 'commercialisation',
        status: 'open',
      });
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'accepted',
        times: { proposedAt: '2026-05-04T14:00:00+09:00', acceptedAt: '2026-05-07T11:20:00+09:00' },
      });
      expect(after.batonHolders).toEqual([
        {
          caseId: CASE,
          agencyId: TP,
          phase: 'technology-development',
          from: '2026-03-16T10:00:00+09:00',
          to: '2026-05-07T11:20:00+09:00',
        },
        { caseId: CASE, agencyId: CCEI, phase: 'commercialisation', from: '2026-05-07T11:20:00+09:00' },
      ]);
    });

    it('handoff-declined: the proposer keeps the case; the reason code and text are kept', () => {
      const { before, after } = given(opened, proposed).when(event(handoffDeclinedV1));
      expect(after.cases[CASE].holderAgencyId).toBe(TP);
      expect(after.batonHolders).toEqual(before.batonHolders);
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'declined',
        declineReason: { code: 'at-capacity', text: '상반기 사업화 지원 정원 마감' },
        times: { declinedAt: '2026-05-06T16:45:00+09:00' },
      });
    });

    it('handoff-declined with a code only has no text', () => {
      const { after } = given(opened, proposed).when(
        event(handoffDeclinedV1, { reason: { code: 'out-of-region' } }),
      );
      expect(after.cases[CASE].handoffs[0].declineReason).toEqual({ code: 'out-of-region' });
    });

    it('handoff-withdrawn: withdrawn, with its cause', () => {
      const { after } = given(opened, proposed).when(event(handoffWithdrawnV1, { cause: 'consent-revoked' }));
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'withdrawn',
        withdrawalCause: 'consent-revoked',
        times: { withdrawnAt: '2026-05-05T09:30:00+09:00' },
      });
      expect(after.cases[CASE].holderAgencyId).toBe(TP);
    });

    it('handoff-escalated: still open, marked escalated, with the regional office told', () => {
      const { after } = given(opened, proposed).when(event(handoffEscalatedV1));
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'escalated',
        escalatedToAgencyId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d',
        times: { escalatedAt: '2026-05-08T18:01:00+09:00' },
      });
    });

    it('handoff-escalated then accepted: accepted, the escalation kept in its times', () => {
      const { after } = given(opened, proposed, event(handoffEscalatedV1)).when(event(handoffAcceptedV1));
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'accepted',
        times: { escalatedAt: '2026-05-08T18:01:00+09:00', acceptedAt: '2026-05-07T11:20:00+09:00' },
      });
    });

    it('handoff-escalated never reopens an answered proposal', () => {
      const { after } = given(opened, proposed, event(handoffDeclinedV1)).when(event(handoffEscalatedV1));
      expect(after.cases[CASE].handoffs[0].status).toBe('declined');
    });

    it('handoff-expired: expired unanswered; the proposer keeps the case', () => {
      const { after } = given(opened, proposed).when(event(handoffExpiredV1));
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'expired',
        times: { expiresAt: '2026-05-15T18:00:00+09:00', expiredAt: '2026-05-15T18:01:00+09:00' },
      });
      expect(after.cases[CASE].holderAgencyId).toBe(TP);
    });

    it('consent-revoked: noted on the proposal, whose status it leaves alone', () => {
      const { after } = given(opened, proposed, event(handoffAcceptedV1)).when(event(consentRevokedV1));
      expect(after.cases[CASE].handoffs[0]).toMatchObject({
        status: 'accepted',
        times: { consentRevokedAt: '2026-05-06T10:00:00+09:00' },
      });
    });

    it.each([
      ['handoff-accepted', handoffAcceptedV1],
      ['handoff-declined', handoffDeclinedV1],
      ['handoff-withdrawn', handoffWithdrawnV1],
      ['handoff-escalated', handoffEscalatedV1],
      ['handoff-expired', handoffExpiredV1],
      ['consent-revoked', consentRevokedV1],
    ] as [string, IntegrationEventDefinition][])(
      '%s about an unknown proposal or case is kept aside',
      (_type, definition) => {
        const unknownProposal = given(opened).when(event(definition));
        expect(unknownProposal.after.cases).toEqual(unknownProposal.before.cases);
        expect(unknownProposal.after.batonHolders).toEqual(unknownProposal.before.batonHolders);
        expect(unknownProposal.after.other.map((o) => o.reason)).toEqual(['unknown-proposal']);
        const unknownCase = given(registered).when(event(definition));
        expect(unknownCase.after.other.map((o) => o.reason)).toEqual(['unknown-case']);
      },
    );

    it('outcome-recorded: the result, in recording order, with whom it goes back to', () => {
      const { value: _measured, ...unmeasured } = outcomeRecordedV1.example;
      const second = published(outcomeRecordedV1.type, {
        ...unmeasured,
        outcomeId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
        kind: 'certification',
        recordedAt: '2026-10-01T10:00:00+09:00',
      });
      const { after } = given(opened, proposed, event(handoffAcceptedV1)).when(
        event(outcomeRecordedV1),
        second,
      );
      expect(after.cases[CASE].outcomes).toEqual([
        {
          outcomeId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
          kind: 'funding-secured',
          value: { amount: 300_000_000, unit: 'KRW' },
          phase: 'commercialisation',
          recordedByAgencyId: CCEI,
          notifyAgencyIds: [TP],
          recordedAt: '2026-09-14T15:00:00+09:00',
        },
        {
          outcomeId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
          kind: 'certification',
          phase: 'commercialisation',
          recordedByAgencyId: CCEI,
          notifyAgencyIds: [TP],
          recordedAt: '2026-10-01T10:00:00+09:00',
        },
      ]);
      expect('value' in after.cases[CASE].outcomes[1]).toBe(false);
    });

    it('outcome-recorded for an unknown case is kept aside', () => {
      const { after } = given(registered).when(event(outcomeRecordedV1));
      expect(after.other.map((o) => o.reason)).toEqual(['unknown-case']);
    });

    it('case-closed: closed with its outcome; the last holding ends at closedAt', () => {
      const { after } = given(opened, proposed, event(handoffAcceptedV1)).when(event(caseClosedV1));
      expect(after.cases[CASE]).toMatchObject({
        status: 'closed',
        closedAt: '2026-11-30T17:00:00+09:00',
        closingOutcome: 'completed',
        holderAgencyId: CCEI,
      });
      expect(after.batonHolders.map((h) => [h.agencyId, h.to])).toEqual([
        [TP, '2026-05-07T11:20:00+09:00'],
        [CCEI, '2026-11-30T17:00:00+09:00'],
      ]);
    });

    it('case-closed for an unknown case is kept aside', () => {
      const { after } = given(registered).when(event(caseClosedV1));
      expect(after.other.map((o) => o.reason)).toEqual(['unknown-case']);
    });

    it('keeps two cases of one firm apart, each with its own holdings', () => {
      const second = event(caseOpenedV1, {
        caseId: 'd5b2f3c4-7e6a-4b8f-9cad-1e2f3a4b5c6d',
        holderAgencyId: CCEI,
        phase: 'marketing',
      });
      const { after } = given(opened, proposed, second).when(event(handoffAcceptedV1), event(caseClosedV1));
      expect(after.cases['d5b2f3c4-7e6a-4b8f-9cad-1e2f3a4b5c6d']).toMatchObject({
        status: 'open',
        phase: 'marketing',
      });
      expect(after.batonHolders.map((h) => [h.caseId.slice(0, 4), h.agencyId, h.to])).toEqual([
        ['c4a1', TP, '2026-05-07T11:20:00+09:00'],
        ['d5b2', CCEI, undefined],
        ['c4a1', CCEI, '2026-11-30T17:00:00+09:00'],
      ]);
    });
  });

  describe('other contexts', () => {
    it('crisis-monitoring.*: folded generically into warnings by warningId, data merged', () => {
      const raised = published(
        'crisis-monitoring.warning-raised.v1',
        { warningId: 'w-1', firmId: registered.data.firmId, rule: 'overdue-90-days', severity: 'high' },
        { time: '2026-07-01T09:00:00+09:00' },
      );
      const resolved = published(
        'crisis-monitoring.warning-resolved.v1',
        { warningId: 'w-1', resolution: '상환 완료' },
        { time: '2026-08-01T09:00:00+09:00' },
      );
      const { after, entries } = given(registered).when(raised, resolved);
      expect(after.warnings).toEqual({
        'w-1': {
          warningId: 'w-1',
          firstAt: '2026-07-01T09:00:00+09:00',
          lastAt: '2026-08-01T09:00:00+09:00',
          lastType: 'crisis-monitoring.warning-resolved.v1',
          events: [
            {
              eventId: entries[1].eventId,
              type: 'crisis-monitoring.warning-raised.v1',
              at: '2026-07-01T09:00:00+09:00',
            },
            {
              eventId: entries[2].eventId,
              type: 'crisis-monitoring.warning-resolved.v1',
              at: '2026-08-01T09:00:00+09:00',
            },
          ],
          data: {
            warningId: 'w-1',
            firmId: registered.data.firmId,
            rule: 'overdue-90-days',
            severity: 'high',
            resolution: '상환 완료',
          },
        },
      });
      expect(after.other).toEqual([]);
    });

    it('crisis-monitoring.* without a warningId: one warning per event', () => {
      const signal = published('crisis-monitoring.signal-detected.v1', ['not', 'an', 'object']);
      const { after, entries } = given().when(signal);
      expect(Object.keys(after.warnings)).toEqual([entries[0].eventId]);
      expect(after.warnings[entries[0].eventId].data).toEqual({});
    });

    it('an unknown type is kept aside and changes nothing else', () => {
      const unknown = published('support-programs.enrolment-approved.v1', { programId: 'p-300' });
      const { before, after } = given(registered, opened).when(unknown);
      expect({ ...after, other: [] }).toEqual(before);
      expect(after.other).toMatchObject([
        { type: 'support-programs.enrolment-approved.v1', reason: 'unknown-type' },
      ]);
    });
  });

  describe('coverage of the published contracts', () => {
    const contractTypes = allContracts
      .definitions()
      .map((d) => d.type)
      .filter((type) => type.startsWith('firm-registry.') || type.startsWith('relay.'));

    it('folds every firm-registry.* and relay.* contract field by field, and only those', () => {
      expect([...KNOWN_EVENT_TYPES].sort()).toEqual([...contractTypes].sort());
    });

    it('folds any other crisis-monitoring.* contract generically, as a warning', () => {
      const crisis = allContracts.definitions().filter((d) => d.type.startsWith('crisis-monitoring.'));
      for (const definition of crisis) {
        const { after } = given(registered).when(published(definition.type, definition.example));
        expect(after.other).toEqual([]);
        expect(Object.values(after.warnings).map((w) => w.lastType)).toEqual([definition.type]);
      }
    });

    it.each(contractTypes)('%s: its example names its business time in an RFC 3339 field', (type) => {
      const example = allContracts.get(type).example as Record<string, unknown>;
      const field = EFFECTIVE_TIME_FIELD[type as keyof typeof EFFECTIVE_TIME_FIELD];
      expect(allContracts.get(type).schema.properties[field]).toMatchObject({ format: 'date-time' });
      expect(typeof example[field]).toBe('string');
    });

    it.each(contractTypes)('%s: the contract example is folded, not kept aside', (type) => {
      // What the event needs before it: the firm, its case, the proposal (up to its own type).
      const story = [registered, opened, proposed];
      const own = story.findIndex((e) => e.type === type);
      const example = published(type, allContracts.get(type).example);
      const { after } = given(...(own < 0 ? story : story.slice(0, own))).when(example);
      expect(after.other).toEqual([]);
    });
  });
});
