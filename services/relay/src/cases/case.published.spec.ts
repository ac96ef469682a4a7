import {
  allContracts,
  CASE_CLOSING_OUTCOMES,
  CASE_OUTCOME_KINDS,
  CASE_PHASES,
  HANDOFF_DECLINE_REASONS,
  HANDOFF_WITHDRAWAL_CAUSES,
  relayContracts,
} from '@baton/contracts';
import type { RecordedEvent } from '@baton/eventsourcing';
import type { Publication } from '@baton/messaging';
import { PHASES } from '../phases';
import { casePublications, rfc3339 } from './case.published';
import {
  CASE_CLOSURE_OUTCOMES,
  caseStreamId,
  DECLINE_REASONS,
  OUTCOME_KINDS,
  type CaseEvent,
  type WithdrawalCause,
} from './case.events';

const FIRM = '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c';
const CASE = 'c4a1e2b3-6d5f-4a7e-8b9c-0d1e2f3a4b5c';
const PROPOSAL = 'e7f8a9b0-1c2d-4e3f-9a4b-5c6d7e8f9a0b';
const TECHNOPARK = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const CENTER = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const OFFICE = '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d';
const proposal = { caseId: CASE, firmId: FIRM, proposalId: PROPOSAL, from: TECHNOPARK, to: CENTER };

const PACKAGE_SUMMARY = '2025년 매출 42억 원, 시제품 2종 완료';
const DOCUMENT_TITLE = '시제품 성능 시험 성적서';
const CONSENTING_PERSON = 'firm-user:7f1e';

/** One stored event of each type, as the decider writes them. */
const STORED: { readonly [T in CaseEvent['type']]: Extract<CaseEvent, { type: T }> } = {
  CaseOpened: {
    type: 'CaseOpened',
    data: {
      caseId: CASE,
      firmId: FIRM,
      regionCode: '26',
      holder: TECHNOPARK,
      goals: ['초정밀 가공 부품 시제품 제작'],
      phase: 'technology-development',
      openedAt: '2026-03-16T01:00:00.000Z',
    },
  },
  GoalsRevised: {
    type: 'GoalsRevised',
    data: {
      caseId: CASE,
      firmId: FIRM,
      goals: ['시제품 제작', '양산 공정 검증'],
      previousGoals: ['초정밀 가공 부품 시제품 제작'],
      revisedBy: TECHNOPARK,
      revisedAt: '2026-03-20T01:00:00.000Z',
    },
  },
  HandoffProposed: {
    type: 'HandoffProposed',
    data: {
      ...proposal,
      reason: '사업화 단계의 판로 개척 지원 필요',
      currentPhase: 'technology-development',
      nextPhase: 'commercialisation',
      package: {
        summary: PACKAGE_SUMMARY,
        documents: [
          { documentId: 'doc-1', title: DOCUMENT_TITLE, uri: 'https://files.example/doc-1' },
          { documentId: 'doc-2', title: '재무제표', uri: 'https://files.example/doc-2' },
        ],
      },
      consent: {
        grantedBy: CONSENTING_PERSON,
        grantedAt: '2026-05-04T04:00:00.000Z',
        sharedWith: CENTER,
        items: ['doc-1', 'doc-2'],
        includesSummary: true,
      },
      dueAt: '2026-05-08T18:00:00+09:00',
      expiresAt: '2026-05-15T18:00:00+09:00',
      proposedAt: '2026-05-04T05:00:00.000Z',
    },
  },
  HandoffAccepted: {
    type: 'HandoffAccepted',
    data: {
      ...proposal,
      previousPhase: 'technology-development',
      phase: 'commercialisation',
      acceptedAt: '2026-05-07T02:20:00.000Z',
    },
  },
  HandoffDeclined: {
    type: 'HandoffDeclined',
    data: {
      ...proposal,
      reason: { code: 'at-capacity', text: null },
      declinedAt: '2026-05-06T07:45:00.000Z',
    },
  },
  HandoffWithdrawn: {
    type: 'HandoffWithdrawn',
    data: {
      ...proposal,
      cause: 'proposer',
      withdrawnBy: TECHNOPARK,
      note: '기업 대표 요청으로 보류',
      withdrawnAt: '2026-05-05T00:30:00.000Z',
    },
  },
  HandoffEscalated: {
    type: 'HandoffEscalated',
    data: {
      ...proposal,
      escalatedTo: OFFICE,
      dueAt: '2026-05-08T18:00:00+09:00',
      escalatedAt: '2026-05-08T09:01:00.000Z',
    },
  },
  HandoffExpired: {
    type: 'HandoffExpired',
    data: { ...proposal, expiresAt: '2026-05-15T18:00:00+09:00', expiredAt: '2026-05-15T09:01:00.000Z' },
  },
  ConsentRevoked: {
    type: 'ConsentRevoked',
    data: {
      caseId: CASE,
      firmId: FIRM,
      proposalId: PROPOSAL,
      sharedWith: CENTER,
      items: ['doc-1', 'doc-2'],
      revokedBy: CONSENTING_PERSON,
      revokedAt: '2026-05-06T10:00:00+09:00',
      recordedBy: TECHNOPARK,
      note: '대표이사 전화 요청',
    },
  },
  InterimUpdateRecorded: {
    type: 'InterimUpdateRecorded',
    data: {
      caseId: CASE,
      firmId: FIRM,
      updateId: '0f1e2d3c-4b5a-4968-8776-655443322110',
      recordedBy: CENTER,
      phase: 'commercialisation',
      note: '바이어 상담 2건 진행',
      recordedAt: '2026-06-01T01:00:00.000Z',
    },
  },
  OutcomeRecorded: {
    type: 'OutcomeRecorded',
    data: {
      caseId: CASE,
      firmId: FIRM,
      outcomeId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      kind: 'funding-secured',
      value: { amount: 300_000_000, unit: 'KRW' },
      note: null,
      phase: 'commercialisation',
      recordedBy: CENTER,
      notify: [TECHNOPARK],
      recordedAt: '2026-09-14T06:00:00.000Z',
    },
  },
  CaseClosed: {
    type: 'CaseClosed',
    data: {
      caseId: CASE,
      firmId: FIRM,
      outcome: 'completed',
      note: null,
      holder: CENTER,
      closedBy: CENTER,
      closedAt: '2026-11-30T08:00:00.000Z',
    },
  },
};

let position = 0n;
function recorded(event: CaseEvent): RecordedEvent {
  position++;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId: caseStreamId(CASE),
    revision: Number(position),
    position: { commit: position, prepare: position },
    type: event.type,
    data: event.data,
    schemaVersion: 1,
    metadata: { recordedAt: '2026-11-30T08:00:00.000Z' },
  };
}

/** The contract violations of each publication, by type: none expected. */
const violationsOf = (publications: readonly Publication[]) =>
  publications.map((p) => {
    const result = allContracts.validate(p.type, p.data);
    return { type: p.type, errors: result.ok ? [] : result.errors };
  });

/** What each stored event publishes. */
const PUBLISHES: { readonly [T in CaseEvent['type']]: readonly string[] } = {
  CaseOpened: ['relay.case-opened.v1'],
  GoalsRevised: [],
  HandoffProposed: ['relay.handoff-proposed.v1'],
  HandoffAccepted: ['relay.handoff-accepted.v1'],
  HandoffDeclined: ['relay.handoff-declined.v1'],
  HandoffWithdrawn: ['relay.handoff-withdrawn.v1'],
  HandoffEscalated: ['relay.handoff-escalated.v1'],
  HandoffExpired: ['relay.handoff-expired.v1'],
  ConsentRevoked: ['relay.consent-revoked.v1'],
  InterimUpdateRecorded: [],
  OutcomeRecorded: ['relay.outcome-recorded.v1'],
  CaseClosed: ['relay.case-closed.v1'],
};

const TYPES = Object.keys(STORED) as CaseEvent['type'][];

describe('casePublications: stored case events → the relay’s published contract', () => {
  it.each(TYPES)(
    '%s: publishes its contract events, each keeping its contract, keyed by the firm',
    (type) => {
      const publications = casePublications(recorded(STORED[type]));
      expect(publications.map((p) => p.type)).toEqual(PUBLISHES[type]);
      expect(violationsOf(publications)).toEqual(publications.map((p) => ({ type: p.type, errors: [] })));
      for (const p of publications) {
        expect(allContracts.get(p.type).partitionKey(p.data as never)).toBe(FIRM);
        expect(p.data).toMatchObject({ caseId: CASE, firmId: FIRM });
      }
    },
  );

  it('maps every relay contract from some stored event', () => {
    expect(new Set(Object.values(PUBLISHES).flat())).toEqual(new Set(relayContracts.map((d) => d.type)));
  });

  it('publishes a proposal without its package or consent: only how many documents it holds', () => {
    const [published] = casePublications(recorded(STORED.HandoffProposed));
    expect(published.data).toMatchObject({ documentCount: 2, fromAgencyId: TECHNOPARK, toAgencyId: CENTER });
    const text = JSON.stringify(published.data);
    for (const secret of [PACKAGE_SUMMARY, DOCUMENT_TITLE, 'files.example', 'doc-1', CONSENTING_PERSON])
      expect(text).not.toContain(secret);
  });

  it('publishes a revoked consent without the items, the person or the note', () => {
    const [published] = casePublications(recorded(STORED.ConsentRevoked));
    expect(published.data).toEqual({
      caseId: CASE,
      firmId: FIRM,
      proposalId: PROPOSAL,
      sharedWithAgencyId: CENTER,
      revokedAt: '2026-05-06T10:00:00+09:00',
    });
  });

  it('publishes no free-text notes', () => {
    const withNotes: CaseEvent[] = [
      STORED.HandoffWithdrawn,
      { ...STORED.OutcomeRecorded, data: { ...STORED.OutcomeRecorded.data, note: '기술보증 3억 원' } },
      { ...STORED.CaseClosed, data: { ...STORED.CaseClosed.data, note: '지원 목표 달성' } },
    ];
    for (const event of withNotes)
      for (const p of casePublications(recorded(event))) expect(p.data).not.toHaveProperty('note');
  });

  it('leaves out what was not given: a decline without text, an unmeasured outcome', () => {
    const [declined] = casePublications(recorded(STORED.HandoffDeclined));
    expect(declined.data).toMatchObject({ reason: { code: 'at-capacity' } });
    expect((declined.data as { reason: object }).reason).not.toHaveProperty('text');

    const unmeasured = { ...STORED.OutcomeRecorded, data: { ...STORED.OutcomeRecorded.data, value: null } };
    const [outcome] = casePublications(recorded(unmeasured));
    expect(outcome.data).not.toHaveProperty('value');
    expect(violationsOf([outcome])).toEqual([{ type: outcome.type, errors: [] }]);
  });

  it('publishes a decline’s own words when given', () => {
    const other = {
      ...STORED.HandoffDeclined,
      data: {
        ...STORED.HandoffDeclined.data,
        reason: { code: 'other' as const, text: '해당 분야 전문인력 부재' },
      },
    };
    const [declined] = casePublications(recorded(other));
    expect(declined.data).toMatchObject({ reason: { code: 'other', text: '해당 분야 전문인력 부재' } });
  });

  it('publishes an instant the decider took without seconds as RFC 3339', () => {
    const event = {
      ...STORED.ConsentRevoked,
      data: { ...STORED.ConsentRevoked.data, revokedAt: '2026-05-06T10:00+09:00' },
    };
    const publications = casePublications(recorded(event));
    expect(publications[0].data).toMatchObject({ revokedAt: '2026-05-06T10:00:00+09:00' });
    expect(violationsOf(publications)).toEqual([{ type: 'relay.consent-revoked.v1', errors: [] }]);
    expect(rfc3339('2026-05-08T18:00Z')).toBe('2026-05-08T18:00:00Z');
    for (const kept of ['2026-05-08T09:00:00.000Z', '2026-05-08T18:00:00+09:00'])
      expect(rfc3339(kept)).toBe(kept);
  });

  it('keys each publication by the firm its stored event names', () => {
    const OTHER_FIRM = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
    for (const type of TYPES) {
      const stored = STORED[type];
      const event = { ...stored, data: { ...stored.data, firmId: OTHER_FIRM } } as CaseEvent;
      for (const p of casePublications(recorded(event))) {
        expect(allContracts.get(p.type).partitionKey(p.data as never)).toBe(OTHER_FIRM);
        expect(p.data).toMatchObject({ caseId: CASE, firmId: OTHER_FIRM });
      }
    }
  });

  it('refuses an event that is not a case event', () => {
    expect(() => casePublications({ ...recorded(STORED.CaseOpened), type: 'AgencyRegistered' })).toThrow(
      'Unexpected case event',
    );
  });
});

describe('the relay contract’s code lists are the stored ones', () => {
  const labels = (list: readonly { readonly nameKo: string }[], key: string) =>
    Object.fromEntries(list.map((item) => [(item as unknown as Record<string, string>)[key], item.nameKo]));

  it('phases (전주기)', () => expect(CASE_PHASES).toEqual(labels(PHASES, 'phase')));
  it('decline reasons', () => expect(HANDOFF_DECLINE_REASONS).toEqual(labels(DECLINE_REASONS, 'code')));
  it('outcome kinds (성과)', () => expect(CASE_OUTCOME_KINDS).toEqual(labels(OUTCOME_KINDS, 'kind')));
  it('closing outcomes', () =>
    expect(CASE_CLOSING_OUTCOMES).toEqual(labels(CASE_CLOSURE_OUTCOMES, 'outcome')));
  it('withdrawal causes', () => {
    const causes: Record<WithdrawalCause, true> = {
      proposer: true,
      'regional-office': true,
      'consent-revoked': true,
      'case-closed': true,
    };
    expect(Object.keys(HANDOFF_WITHDRAWAL_CAUSES)).toEqual(Object.keys(causes));
  });
});
