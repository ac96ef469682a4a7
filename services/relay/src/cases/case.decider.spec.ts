import { DeciderSpecification, DomainError, fold } from '@baton/eventsourcing';
import { KOREAN_BUSINESS_CALENDAR } from '@baton/reference-data';
import {
  caseDecider,
  relationsOf,
  type AcceptHandoff,
  type Case,
  type CaseActor,
  type CaseCommand,
  type CaseStatus,
  type CloseCase,
  type CloseCaseForClosedFirm,
  type DeclineHandoff,
  type EscalateOverdueHandoff,
  type ExpireHandoff,
  type OpenCase,
  type ProposeHandoff,
  type RecordInterimUpdate,
  type RecordOutcome,
  type ReviseGoals,
  type RevokeConsent,
  type WithdrawHandoff,
} from './case.decider';
import {
  CaseAlreadyExists,
  CaseIsClosed,
  CaseNotFound,
  ConsentDoesNotCoverPackage,
  FirmIsClosed,
  FirmNotFound,
  Forbidden,
  HandoffNotOverdue,
  InvalidCaseInput,
  NotTheHolder,
  NotTheTarget,
  ProposalAlreadyOpen,
  ProposalExpired,
  ProposalIdTaken,
  ProposalNotEscalated,
  ProposalNotExpiredYet,
  ProposalNotFound,
  ProposalNotOpen,
  TargetAtCapacity,
  TargetInactive,
  TargetIsHolder,
  TargetOutOfRegion,
  TargetPhaseNotCovered,
  UnknownPhase,
} from './case.errors';
import type {
  CaseClosed,
  CaseEvent,
  CaseOpened,
  ConsentRevoked,
  HandoffAccepted,
  HandoffDeclined,
  HandoffEscalated,
  HandoffExpired,
  HandoffProposed,
  HandoffWithdrawn,
} from './case.events';
import {
  CASE_PERMISSIONS,
  CASE_RELATIONS,
  CASE_ROLES,
  permittedRelations,
  type CaseCommandType,
  type CaseRelation,
  type CaseRole,
} from './case.permissions';

const spec = DeciderSpecification(caseDecider);
const calendar = KOREAN_BUSINESS_CALENDAR;

// Monday 2026-03-02 10:00 KST (a substitute holiday for 삼일절: business days start counting on the 3rd).
const NOW = '2026-03-02T01:00:00.000Z';
const DUE = calendar.dueAt(NOW, 5); // 2026-03-09T18:00:00+09:00
const EXPIRES = calendar.dueAt(NOW, 10); // 2026-03-16T18:00:00+09:00
const AFTER_DUE = '2026-03-10T01:00:00.000Z';
const AFTER_EXPIRY = '2026-03-17T01:00:00.000Z';

const CASE_ID = 'case-hanbit-1';
const FIRM_ID = 'firm-hanbit';
const DAEGU = '27';
const DAEGU_TP = 'daegu-tp'; // 대구테크노파크, opens the case
const DAEGU_CCEI = 'daegu-ccei'; // 대구창조경제혁신센터, the first target
const GYEONGBUK_TP = 'gyeongbuk-tp';
const GWANGJU_TP = 'gwangju-tp';
const DG_SME_OFFICE = 'daegu-gyeongbuk-sme-office'; // 대구경북지방중소벤처기업청

const staff = (agencyId: string, role: CaseRole = 'agency-staff'): CaseActor => ({
  userId: `u-${agencyId}`,
  role,
  agencyId,
});
const regionalOffice = (regions: string[] = [DAEGU, '47']): CaseActor => ({
  userId: 'u-office',
  role: 'regional-office',
  agencyId: DG_SME_OFFICE,
  regions,
});
const SYSTEM: CaseActor = { userId: 'relay', role: 'system' };

const meta = (actor: CaseActor, now = NOW) => ({ now, actor });

// ---- commands -------------------------------------------------------------------------------------------

const openCase = (data: Partial<OpenCase['data']> = {}, actor = staff(DAEGU_TP)): OpenCase => ({
  type: 'OpenCase',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    firm: { firmId: FIRM_ID, regionCode: DAEGU, status: 'active' },
    goals: ['시제품 개발', '판로 개척'],
    phase: 'technology-development',
    ...data,
  },
  metadata: meta(actor),
});

const reviseGoals = (goals: string[], actor = staff(DAEGU_TP)): ReviseGoals => ({
  type: 'ReviseGoals',
  data: { caseId: CASE_ID, goals },
  metadata: meta(actor),
});

const target = (agencyId = DAEGU_CCEI, over: Partial<ProposeHandoff['data']['target']> = {}) => ({
  agencyId,
  active: true,
  regions: [DAEGU],
  phases: ['commercialisation', 'marketing'],
  capacity: 40,
  openCases: 12,
  ...over,
});

const handoverPackage = {
  summary: '시제품 검증 완료, 양산 전 사업화 지원 필요',
  documents: [
    { documentId: 'doc-test-report', title: '시험성적서', uri: 'baton://documents/doc-test-report' },
    { documentId: 'doc-bizplan', title: '사업계획서', uri: 'baton://documents/doc-bizplan' },
  ],
};

const consentFor = (sharedWith = DAEGU_CCEI) => ({
  grantedBy: 'firm-hanbit-representative',
  grantedAt: '2026-02-27T05:00:00.000Z',
  sharedWith,
  items: ['doc-test-report', 'doc-bizplan'],
  includesSummary: true,
});

const propose = (
  data: Partial<ProposeHandoff['data']> = {},
  actor = staff(DAEGU_TP),
  now = NOW,
): ProposeHandoff => ({
  type: 'ProposeHandoff',
  data: {
    caseId: CASE_ID,
    proposalId: 'p1',
    target: target(),
    reason: '기술개발 완료, 사업화 단계 진입',
    nextPhase: 'commercialisation',
    package: handoverPackage,
    consent: consentFor(),
    dueAt: calendar.dueAt(now, 5),
    expiresAt: calendar.dueAt(now, 10),
    ...data,
  },
  metadata: meta(actor, now),
});

const accept = (proposalId = 'p1', actor = staff(DAEGU_CCEI), now = NOW): AcceptHandoff => ({
  type: 'AcceptHandoff',
  data: { caseId: CASE_ID, proposalId },
  metadata: meta(actor, now),
});

const decline = (
  reason: DeclineHandoff['data']['reason'] = { code: 'at-capacity' },
  actor = staff(DAEGU_CCEI),
): DeclineHandoff => ({
  type: 'DeclineHandoff',
  data: { caseId: CASE_ID, proposalId: 'p1', reason },
  metadata: meta(actor),
});

const withdraw = (actor = staff(DAEGU_TP), proposalId = 'p1', now = NOW): WithdrawHandoff => ({
  type: 'WithdrawHandoff',
  data: { caseId: CASE_ID, proposalId, note: '기업 요청으로 보류' },
  metadata: meta(actor, now),
});

const escalate = (now = AFTER_DUE, proposalId = 'p1', actor = SYSTEM): EscalateOverdueHandoff => ({
  type: 'EscalateOverdueHandoff',
  data: { caseId: CASE_ID, proposalId, regionalOfficeAgencyId: DG_SME_OFFICE },
  metadata: meta(actor, now),
});

const expire = (now = AFTER_EXPIRY, proposalId = 'p1', actor = SYSTEM): ExpireHandoff => ({
  type: 'ExpireHandoff',
  data: { caseId: CASE_ID, proposalId },
  metadata: meta(actor, now),
});

const revokeConsent = (
  actor = staff(DAEGU_TP),
  data: Partial<RevokeConsent['data']> = {},
): RevokeConsent => ({
  type: 'RevokeConsent',
  data: {
    caseId: CASE_ID,
    proposalId: 'p1',
    revokedBy: 'firm-hanbit-representative',
    revokedAt: '2026-03-02T00:30:00.000Z',
    ...data,
  },
  metadata: meta(actor),
});

const interimUpdate = (note = '시제품 2차 시험 진행 중', actor = staff(DAEGU_TP)): RecordInterimUpdate => ({
  type: 'RecordInterimUpdate',
  data: { caseId: CASE_ID, updateId: 'u1', note },
  metadata: meta(actor),
});

const recordOutcome = (
  data: Partial<RecordOutcome['data']> = {},
  actor = staff(DAEGU_CCEI),
): RecordOutcome => ({
  type: 'RecordOutcome',
  data: {
    caseId: CASE_ID,
    outcomeId: 'o1',
    kind: 'funding-secured',
    value: { amount: 300_000_000, unit: 'KRW' },
    note: '사업화 자금 확보',
    ...data,
  },
  metadata: meta(actor),
});

const closeCase = (data: Partial<CloseCase['data']> = {}, actor = staff(DAEGU_TP)): CloseCase => ({
  type: 'CloseCase',
  data: { caseId: CASE_ID, outcome: 'completed', note: '목표 달성', ...data },
  metadata: meta(actor),
});

const firmClosed = (data: Partial<CloseCaseForClosedFirm['data']> = {}): CloseCaseForClosedFirm => ({
  type: 'CloseCaseForClosedFirm',
  data: { caseId: CASE_ID, firmId: FIRM_ID, reason: 'business-closed', closedOn: '2026-02-28', ...data },
  metadata: meta(SYSTEM),
});

// ---- events ---------------------------------------------------------------------------------------------

const opened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    regionCode: DAEGU,
    holder: DAEGU_TP,
    goals: ['시제품 개발', '판로 개척'],
    phase: 'technology-development',
    openedAt: '2026-02-02T01:00:00.000Z',
  },
};

const proposed = (
  proposalId = 'p1',
  from = DAEGU_TP,
  to = DAEGU_CCEI,
  nextPhase: HandoffProposed['data']['nextPhase'] = 'commercialisation',
): HandoffProposed => ({
  type: 'HandoffProposed',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId,
    from,
    to,
    reason: '기술개발 완료, 사업화 단계 진입',
    currentPhase: 'technology-development',
    nextPhase,
    package: handoverPackage,
    consent: consentFor(to),
    dueAt: DUE,
    expiresAt: EXPIRES,
    proposedAt: '2026-03-02T00:50:00.000Z',
  },
});

const accepted = (
  proposalId = 'p1',
  from = DAEGU_TP,
  to = DAEGU_CCEI,
  phase: HandoffAccepted['data']['phase'] = 'commercialisation',
): HandoffAccepted => ({
  type: 'HandoffAccepted',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId,
    from,
    to,
    previousPhase: 'technology-development',
    phase,
    acceptedAt: '2026-03-03T01:00:00.000Z',
  },
});

const declined: HandoffDeclined = {
  type: 'HandoffDeclined',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId: 'p1',
    from: DAEGU_TP,
    to: DAEGU_CCEI,
    reason: { code: 'at-capacity', text: null },
    declinedAt: '2026-03-03T01:00:00.000Z',
  },
};

const withdrawn: HandoffWithdrawn = {
  type: 'HandoffWithdrawn',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId: 'p1',
    from: DAEGU_TP,
    to: DAEGU_CCEI,
    cause: 'proposer',
    withdrawnBy: DAEGU_TP,
    note: null,
    withdrawnAt: '2026-03-03T01:00:00.000Z',
  },
};

const escalated: HandoffEscalated = {
  type: 'HandoffEscalated',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId: 'p1',
    from: DAEGU_TP,
    to: DAEGU_CCEI,
    escalatedTo: DG_SME_OFFICE,
    dueAt: DUE,
    escalatedAt: AFTER_DUE,
  },
};

const expired: HandoffExpired = {
  type: 'HandoffExpired',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId: 'p1',
    from: DAEGU_TP,
    to: DAEGU_CCEI,
    expiresAt: EXPIRES,
    expiredAt: AFTER_EXPIRY,
  },
};

const consentRevoked: ConsentRevoked = {
  type: 'ConsentRevoked',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    proposalId: 'p1',
    sharedWith: DAEGU_CCEI,
    items: ['doc-test-report', 'doc-bizplan'],
    revokedBy: 'firm-hanbit-representative',
    revokedAt: '2026-03-02T00:30:00.000Z',
    recordedBy: DAEGU_TP,
    note: null,
  },
};

const closed: CaseClosed = {
  type: 'CaseClosed',
  data: {
    caseId: CASE_ID,
    firmId: FIRM_ID,
    outcome: 'completed',
    note: null,
    holder: DAEGU_TP,
    closedBy: DAEGU_TP,
    closedAt: '2026-03-04T01:00:00.000Z',
  },
};

const field = (name: string) => (e: DomainError) => e.details.field === name;
const code = (c: string, fieldName?: string) => (e: DomainError) =>
  e.code === c && (fieldName === undefined || e.details.field === fieldName);

// ---- rules, command by command --------------------------------------------------------------------------

describe('OpenCase', () => {
  it('opens a case for a known active firm; the opening agency holds it', () => {
    spec
      .given([])
      .when(openCase())
      .then([{ ...opened, data: { ...opened.data, openedAt: NOW } }]);
  });

  it('refuses a firm the relay does not know (firm-not-found, field firmId)', () => {
    spec
      .given([])
      .when(openCase({ firm: undefined }))
      .thenThrows(FirmNotFound, code('firm-not-found', 'firmId'));
  });

  it('refuses a closed firm (firm-closed)', () => {
    spec
      .given([])
      .when(openCase({ firm: { firmId: FIRM_ID, regionCode: DAEGU, status: 'closed' } }))
      .thenThrows(FirmIsClosed, code('firm-closed', 'firmId'));
  });

  it('needs 1 to 10 goals', () => {
    spec
      .given([])
      .when(openCase({ goals: [] }))
      .thenThrows(InvalidCaseInput, code('goals-count', 'goals'));
    const eleven = Array.from({ length: 11 }, (_, i) => `목표 ${i + 1}`);
    spec
      .given([])
      .when(openCase({ goals: eleven }))
      .thenThrows(InvalidCaseInput, code('goals-count', 'goals'));
  });

  it('refuses an empty goal', () => {
    spec
      .given([])
      .when(openCase({ goals: ['시제품 개발', '  '] }))
      .thenThrows(InvalidCaseInput, code('goal-empty', 'goals'));
  });

  it('refuses an unknown phase (unknown-phase, field phase)', () => {
    spec
      .given([])
      .when(openCase({ phase: 'growth-hacking' }))
      .thenThrows(UnknownPhase, code('unknown-phase', 'phase'));
  });

  it('refuses to open the same case twice (case-already-exists)', () => {
    spec.given([opened]).when(openCase()).thenThrows(CaseAlreadyExists, field('caseId'));
  });

  it('refuses an actor who acts for no agency (forbidden)', () => {
    spec
      .given([])
      .when(openCase({}, { userId: 'u-x', role: 'agency-staff' }))
      .thenThrows(Forbidden, (e) => e.code === 'forbidden' && e.details.rule === 'actor-without-agency');
  });
});

describe('ReviseGoals', () => {
  it('the holder revises the goals', () => {
    spec
      .given([opened])
      .when(reviseGoals(['시제품 개발', '판로 개척', '해외 인증']))
      .then([
        {
          type: 'GoalsRevised',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            goals: ['시제품 개발', '판로 개척', '해외 인증'],
            previousGoals: ['시제품 개발', '판로 개척'],
            revisedBy: DAEGU_TP,
            revisedAt: NOW,
          },
        },
      ]);
  });

  it('nothing happens when the goals are unchanged', () => {
    spec
      .given([opened])
      .when(reviseGoals(['시제품 개발', '판로 개척']))
      .thenNothingHappens();
  });

  it('refuses an unknown case (case-not-found)', () => {
    spec
      .given([])
      .when(reviseGoals(['x']))
      .thenThrows(CaseNotFound, (e) => e.code === 'case-not-found');
  });

  it('refuses a closed case (case-closed)', () => {
    spec
      .given([opened, closed])
      .when(reviseGoals(['x']))
      .thenThrows(CaseIsClosed, (e) => e.code === 'case-closed');
  });
});

describe('ProposeHandoff', () => {
  it('the holder proposes a hand-off, due and expiring on Korean business days computed at the edge', () => {
    expect(DUE).toBe('2026-03-09T18:00:00+09:00');
    spec
      .given([opened])
      .when(propose())
      .then([{ ...proposed(), data: { ...proposed().data, proposedAt: NOW } }]);
  });

  it('a new proposal can be made once the previous one ended', () => {
    spec
      .given([opened, proposed(), declined])
      .when(
        propose({
          proposalId: 'p2',
          target: target(GYEONGBUK_TP, { regions: [] }),
          consent: consentFor(GYEONGBUK_TP),
        }),
      )
      .then([
        {
          ...proposed('p2', DAEGU_TP, GYEONGBUK_TP),
          data: { ...proposed('p2', DAEGU_TP, GYEONGBUK_TP).data, proposedAt: NOW },
        },
      ]);
  });

  it('refuses a proposal id already used in the case (proposal-already-exists)', () => {
    spec
      .given([opened, proposed(), declined])
      .when(propose())
      .thenThrows(ProposalIdTaken, field('proposalId'));
  });

  it('refuses a hand-off to the holder itself (target-is-holder)', () => {
    spec
      .given([opened])
      .when(propose({ target: target(DAEGU_TP), consent: consentFor(DAEGU_TP) }))
      .thenThrows(TargetIsHolder, code('target-is-holder', 'target.agencyId'));
  });

  it('refuses an inactive target agency (target-inactive)', () => {
    spec
      .given([opened])
      .when(propose({ target: target(DAEGU_CCEI, { active: false }) }))
      .thenThrows(TargetInactive, code('target-inactive', 'target.agencyId'));
  });

  it('refuses an unknown next phase (unknown-phase, field nextPhase)', () => {
    spec
      .given([opened])
      .when(propose({ nextPhase: 'scale-up' }))
      .thenThrows(UnknownPhase, code('unknown-phase', 'nextPhase'));
  });

  it('refuses a target that does not support the next phase', () => {
    spec
      .given([opened])
      .when(propose({ nextPhase: 'investment-ipo' }))
      .thenThrows(TargetPhaseNotCovered, code('target-phase-not-covered', 'target.agencyId'));
  });

  it('refuses a target outside the firm’s region; a nationwide one (no regions) is fine', () => {
    spec
      .given([opened])
      .when(propose({ target: target(DAEGU_CCEI, { regions: ['26'] }) }))
      .thenThrows(TargetOutOfRegion, code('target-out-of-region', 'target.agencyId'));
    expect(
      caseDecider.decide(
        propose({ target: target(DAEGU_CCEI, { regions: [] }) }),
        fold(caseDecider, [opened]),
      ),
    ).toHaveLength(1);
  });

  it('refuses a target at capacity; no capacity (null) is no limit', () => {
    spec
      .given([opened])
      .when(propose({ target: target(DAEGU_CCEI, { capacity: 12, openCases: 12 }) }))
      .thenThrows(TargetAtCapacity, (e) => e.details.capacity === 12);
    expect(
      caseDecider.decide(
        propose({ target: target(DAEGU_CCEI, { capacity: null, openCases: 500 }) }),
        fold(caseDecider, [opened]),
      ),
    ).toHaveLength(1);
  });

  it('needs a reason', () => {
    spec
      .given([opened])
      .when(propose({ reason: ' ' }))
      .thenThrows(InvalidCaseInput, code('reason-required', 'reason'));
  });

  it('needs a package summary', () => {
    spec
      .given([opened])
      .when(propose({ package: { ...handoverPackage, summary: '' } }))
      .thenThrows(InvalidCaseInput, code('summary-required', 'package.summary'));
  });

  it('refuses a document without a uri', () => {
    const documents = [{ documentId: 'doc-test-report', title: '시험성적서', uri: '' }];
    spec
      .given([opened])
      .when(propose({ package: { ...handoverPackage, documents } }))
      .thenThrows(InvalidCaseInput, code('document-incomplete', 'package.documents[0].uri'));
  });

  it('refuses a document listed twice', () => {
    const documents = [handoverPackage.documents[0], handoverPackage.documents[0]];
    spec
      .given([opened])
      .when(propose({ package: { ...handoverPackage, documents } }))
      .thenThrows(InvalidCaseInput, code('duplicate-document', 'package.documents[1].documentId'));
  });

  it('refuses consent given for another agency than the target', () => {
    spec
      .given([opened])
      .when(propose({ consent: consentFor(GYEONGBUK_TP) }))
      .thenThrows(ConsentDoesNotCoverPackage, code('consent-does-not-cover-package', 'consent.sharedWith'));
  });

  it('refuses consent that does not cover every document of the package', () => {
    spec
      .given([opened])
      .when(propose({ consent: { ...consentFor(), items: ['doc-test-report'] } }))
      .thenThrows(
        ConsentDoesNotCoverPackage,
        (e) =>
          e.details.field === 'consent.items' &&
          JSON.stringify(e.details.missing) === JSON.stringify(['doc-bizplan']),
      );
  });

  it('refuses consent that does not cover the summary', () => {
    spec
      .given([opened])
      .when(propose({ consent: { ...consentFor(), includesSummary: false } }))
      .thenThrows(ConsentDoesNotCoverPackage, field('consent.includesSummary'));
  });

  it('refuses consent granted in the future', () => {
    spec
      .given([opened])
      .when(propose({ consent: { ...consentFor(), grantedAt: '2026-03-05T00:00:00Z' } }))
      .thenThrows(InvalidCaseInput, code('instant-in-future', 'consent.grantedAt'));
  });

  it('refuses a due date that is not in the future', () => {
    spec
      .given([opened])
      .when(propose({ dueAt: '2026-03-02T09:00:00+09:00' }))
      .thenThrows(InvalidCaseInput, code('due-not-in-future', 'dueAt'));
  });

  it('refuses an expiry before the due date', () => {
    spec
      .given([opened])
      .when(propose({ expiresAt: calendar.dueAt(NOW, 3) }))
      .thenThrows(InvalidCaseInput, code('expiry-before-due', 'expiresAt'));
  });

  it('refuses a due date that is not an instant with an offset', () => {
    spec
      .given([opened])
      .when(propose({ dueAt: '2026-03-09' }))
      .thenThrows(InvalidCaseInput, code('invalid-instant', 'dueAt'));
  });
});

describe('AcceptHandoff', () => {
  it('the target accepts: it becomes the holder and the case moves to the next phase', () => {
    spec
      .given([opened, proposed()])
      .when(accept())
      .then([{ ...accepted(), data: { ...accepted().data, acceptedAt: NOW } }]);
    const state = fold(caseDecider, [opened, proposed(), accepted()]);
    expect(state).toMatchObject({
      status: 'open',
      holder: DAEGU_CCEI,
      phase: 'commercialisation',
      openProposal: null,
    });
  });

  it('refuses an agency other than the target (forbidden: not-the-target)', () => {
    spec
      .given([opened, proposed()])
      .when(accept('p1', staff(GYEONGBUK_TP)))
      .thenThrows(NotTheTarget, (e) => e.code === 'forbidden' && e.details.rule === 'not-the-target');
  });

  it('refuses the proposer accepting its own proposal', () => {
    spec
      .given([opened, proposed()])
      .when(accept('p1', staff(DAEGU_TP)))
      .thenThrows(NotTheTarget);
  });

  it('refuses a proposal past its expiry even before the expiry was recorded', () => {
    spec
      .given([opened, proposed()])
      .when(accept('p1', staff(DAEGU_CCEI), AFTER_EXPIRY))
      .thenThrows(ProposalExpired, (e) => e.details.expiresAt === EXPIRES);
  });

  it('accepts an escalated proposal that has not expired', () => {
    spec
      .given([opened, proposed(), escalated])
      .when(accept('p1', staff(DAEGU_CCEI), AFTER_DUE))
      .then([{ ...accepted(), data: { ...accepted().data, acceptedAt: AFTER_DUE } }]);
  });

  it('refuses a proposal accepted already (proposal-not-open)', () => {
    spec
      .given([opened, proposed(), accepted()])
      .when(accept())
      .thenThrows(ProposalNotOpen, (e) => e.details.ended === 'accepted');
  });

  it('refuses an unknown proposal (proposal-not-found)', () => {
    spec.given([opened, proposed()]).when(accept('p9')).thenThrows(ProposalNotFound, field('proposalId'));
  });
});

describe('DeclineHandoff', () => {
  it('the target declines with a structured reason', () => {
    spec
      .given([opened, proposed()])
      .when(decline({ code: 'out-of-scope', text: '제조 공정 지원 불가' }))
      .then([
        {
          type: 'HandoffDeclined',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            proposalId: 'p1',
            from: DAEGU_TP,
            to: DAEGU_CCEI,
            reason: { code: 'out-of-scope', text: '제조 공정 지원 불가' },
            declinedAt: NOW,
          },
        },
      ]);
  });

  it('needs a text when the reason is "other"', () => {
    spec
      .given([opened, proposed()])
      .when(decline({ code: 'other' }))
      .thenThrows(InvalidCaseInput, code('decline-text-required', 'reason.text'));
  });

  it('refuses an unknown reason code', () => {
    spec
      .given([opened, proposed()])
      .when(decline({ code: 'busy' }))
      .thenThrows(InvalidCaseInput, code('unknown-decline-reason', 'reason.code'));
  });

  it('refuses an agency other than the target', () => {
    spec
      .given([opened, proposed()])
      .when(decline({ code: 'at-capacity' }, staff(GWANGJU_TP)))
      .thenThrows(NotTheTarget);
  });
});

describe('WithdrawHandoff', () => {
  it('the proposer withdraws its open proposal', () => {
    spec
      .given([opened, proposed()])
      .when(withdraw())
      .then([
        {
          type: 'HandoffWithdrawn',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            proposalId: 'p1',
            from: DAEGU_TP,
            to: DAEGU_CCEI,
            cause: 'proposer',
            withdrawnBy: DAEGU_TP,
            note: '기업 요청으로 보류',
            withdrawnAt: NOW,
          },
        },
      ]);
  });

  it('refuses the target withdrawing (forbidden: not-the-holder)', () => {
    spec
      .given([opened, proposed()])
      .when(withdraw(staff(DAEGU_CCEI)))
      .thenThrows(NotTheHolder, (e) => e.code === 'forbidden' && e.details.rule === 'not-the-holder');
  });

  it('the regional office of the case’s region withdraws an escalated proposal', () => {
    spec
      .given([opened, proposed(), escalated])
      .when(withdraw(regionalOffice(), 'p1', AFTER_DUE))
      .then([
        {
          type: 'HandoffWithdrawn',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            proposalId: 'p1',
            from: DAEGU_TP,
            to: DAEGU_CCEI,
            cause: 'regional-office',
            withdrawnBy: DG_SME_OFFICE,
            note: '기업 요청으로 보류',
            withdrawnAt: AFTER_DUE,
          },
        },
      ]);
  });

  it('refuses the regional office on a proposal that was not escalated', () => {
    spec.given([opened, proposed()]).when(withdraw(regionalOffice())).thenThrows(ProposalNotEscalated);
  });

  it('refuses a regional office of another region', () => {
    spec
      .given([opened, proposed(), escalated])
      .when(withdraw(regionalOffice(['26', '31'])))
      .thenThrows(Forbidden, (e) => e.details.rule === 'relation-not-permitted');
  });
});

describe('EscalateOverdueHandoff', () => {
  it('escalates an overdue proposal to the regional SME office; the proposal stays open', () => {
    spec.given([opened, proposed()]).when(escalate()).then([escalated]);
    expect(fold(caseDecider, [opened, proposed(), escalated])).toMatchObject({
      openProposal: { proposalId: 'p1', status: 'escalated', escalatedTo: DG_SME_OFFICE },
    });
  });

  it('refuses a proposal that is not overdue yet', () => {
    spec
      .given([opened, proposed()])
      .when(escalate('2026-03-09T08:59:00.000Z')) // 17:59 KST on the due day
      .thenThrows(HandoffNotOverdue, (e) => e.details.dueAt === DUE);
  });

  it('nothing happens for a proposal escalated already', () => {
    spec.given([opened, proposed(), escalated]).when(escalate()).thenNothingHappens();
  });

  it('nothing happens for a proposal that ended meanwhile (the timer lost the race)', () => {
    spec.given([opened, proposed(), accepted()]).when(escalate()).thenNothingHappens();
  });

  it('refuses a proposal past its expiry: it expires instead', () => {
    spec.given([opened, proposed()]).when(escalate(AFTER_EXPIRY)).thenThrows(ProposalExpired);
  });

  it('refuses an unknown proposal', () => {
    spec.given([opened, proposed()]).when(escalate(AFTER_DUE, 'p9')).thenThrows(ProposalNotFound);
  });
});

describe('ExpireHandoff', () => {
  it('expires a proposal past its expiry', () => {
    spec.given([opened, proposed(), escalated]).when(expire()).then([expired]);
  });

  it('refuses a proposal before its expiry', () => {
    spec
      .given([opened, proposed()])
      .when(expire(AFTER_DUE))
      .thenThrows(ProposalNotExpiredYet, (e) => e.details.expiresAt === EXPIRES);
  });

  it('nothing happens for a proposal that ended meanwhile', () => {
    spec.given([opened, proposed(), withdrawn]).when(expire()).thenNothingHappens();
  });
});

describe('RevokeConsent', () => {
  it('after acceptance: the consent is revoked and the new holder keeps the case', () => {
    spec
      .given([opened, proposed(), accepted()])
      .when(revokeConsent(staff(DAEGU_CCEI)))
      .then([{ ...consentRevoked, data: { ...consentRevoked.data, recordedBy: DAEGU_CCEI } }]);
  });

  it('after the case closed, its last holder records the revocation', () => {
    spec.given([opened, proposed(), withdrawn, closed]).when(revokeConsent()).then([consentRevoked]);
  });

  it('nothing happens when the consent was revoked already', () => {
    spec
      .given([opened, proposed(), accepted(), consentRevoked])
      .when(revokeConsent(staff(DAEGU_CCEI)))
      .thenNothingHappens();
  });

  it('refuses an unknown proposal', () => {
    spec.given([opened]).when(revokeConsent()).thenThrows(ProposalNotFound, field('proposalId'));
  });

  it('refuses a revocation dated in the future', () => {
    spec
      .given([opened, proposed()])
      .when(revokeConsent(staff(DAEGU_TP), { revokedAt: '2026-03-05T00:00:00Z' }))
      .thenThrows(InvalidCaseInput, code('instant-in-future', 'revokedAt'));
  });

  it('refuses an agency that is neither holder nor target', () => {
    spec
      .given([opened, proposed()])
      .when(revokeConsent(staff(GWANGJU_TP)))
      .thenThrows(Forbidden, (e) => e.details.rule === 'relation-not-permitted');
  });
});

describe('RecordInterimUpdate', () => {
  it('the holder records an interim update in the current phase', () => {
    spec
      .given([opened])
      .when(interimUpdate())
      .then([
        {
          type: 'InterimUpdateRecorded',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            updateId: 'u1',
            recordedBy: DAEGU_TP,
            phase: 'technology-development',
            note: '시제품 2차 시험 진행 중',
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('needs a note', () => {
    spec.given([opened]).when(interimUpdate('')).thenThrows(InvalidCaseInput, code('note-required', 'note'));
  });
});

describe('RecordOutcome', () => {
  it('the receiving agency records an outcome, which goes back to the sender (the loop closes)', () => {
    spec
      .given([opened, proposed(), accepted()])
      .when(recordOutcome())
      .then([
        {
          type: 'OutcomeRecorded',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            outcomeId: 'o1',
            kind: 'funding-secured',
            value: { amount: 300_000_000, unit: 'KRW' },
            note: '사업화 자금 확보',
            phase: 'commercialisation',
            recordedBy: DAEGU_CCEI,
            notify: [DAEGU_TP],
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('after several hand-offs it goes back to every earlier holder, most recent first', () => {
    const events = [
      opened,
      proposed(),
      accepted(),
      proposed('p2', DAEGU_CCEI, GYEONGBUK_TP, 'marketing'),
      accepted('p2', DAEGU_CCEI, GYEONGBUK_TP, 'marketing'),
    ];
    spec
      .given(events)
      .when(recordOutcome({ kind: 'sales-contract', value: undefined }, staff(GYEONGBUK_TP)))
      .then([
        {
          type: 'OutcomeRecorded',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            outcomeId: 'o1',
            kind: 'sales-contract',
            value: null,
            note: '사업화 자금 확보',
            phase: 'marketing',
            recordedBy: GYEONGBUK_TP,
            notify: [DAEGU_CCEI, DAEGU_TP],
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('the opening agency, never handed over, notifies nobody', () => {
    const [event] = caseDecider.decide(recordOutcome({}, staff(DAEGU_TP)), fold(caseDecider, [opened]));
    expect(event).toMatchObject({ type: 'OutcomeRecorded', data: { notify: [] } });
  });

  it('refuses an unknown outcome kind', () => {
    spec
      .given([opened])
      .when(recordOutcome({ kind: 'award' }, staff(DAEGU_TP)))
      .thenThrows(InvalidCaseInput, code('unknown-outcome-kind', 'kind'));
  });

  it('refuses a negative value', () => {
    spec
      .given([opened])
      .when(recordOutcome({ value: { amount: -1, unit: 'KRW' } }, staff(DAEGU_TP)))
      .thenThrows(InvalidCaseInput, code('amount-not-negative', 'value.amount'));
  });

  it('needs a note for an "other" outcome', () => {
    spec
      .given([opened])
      .when(recordOutcome({ kind: 'other', note: undefined }, staff(DAEGU_TP)))
      .thenThrows(InvalidCaseInput, code('note-required', 'note'));
  });
});

describe('CloseCase', () => {
  it('the holder closes the case with an outcome', () => {
    spec
      .given([opened])
      .when(closeCase())
      .then([{ ...closed, data: { ...closed.data, note: '목표 달성', closedAt: NOW } }]);
  });

  it('closing withdraws the open proposal first', () => {
    spec
      .given([opened, proposed()])
      .when(closeCase())
      .then([
        {
          ...withdrawn,
          data: { ...withdrawn.data, cause: 'case-closed', withdrawnAt: NOW },
        },
        { ...closed, data: { ...closed.data, note: '목표 달성', closedAt: NOW } },
      ]);
  });

  it('refuses "firm-closed", which only the firm registry’s closure records', () => {
    spec
      .given([opened])
      .when(closeCase({ outcome: 'firm-closed' }))
      .thenThrows(InvalidCaseInput, code('outcome-reserved', 'outcome'));
  });

  it('refuses an unknown outcome', () => {
    spec
      .given([opened])
      .when(closeCase({ outcome: 'done' }))
      .thenThrows(InvalidCaseInput, code('unknown-closure-outcome', 'outcome'));
  });

  it('needs a note for an "other" outcome', () => {
    spec
      .given([opened])
      .when(closeCase({ outcome: 'other', note: ' ' }))
      .thenThrows(InvalidCaseInput, code('note-required', 'note'));
  });

  it('a closed case takes no more commands (case-closed)', () => {
    spec.given([opened, closed]).when(propose()).thenThrows(CaseIsClosed);
  });
});

describe('CloseCaseForClosedFirm (reaction to firm-registry.firm-closed.v1)', () => {
  it('closes the case as firm-closed, withdrawing an open proposal', () => {
    spec
      .given([opened, proposed()])
      .when(firmClosed())
      .then([
        {
          ...withdrawn,
          data: { ...withdrawn.data, cause: 'case-closed', withdrawnBy: null, withdrawnAt: NOW },
        },
        {
          type: 'CaseClosed',
          data: {
            caseId: CASE_ID,
            firmId: FIRM_ID,
            outcome: 'firm-closed',
            note: 'The firm was closed on 2026-02-28 (business-closed)',
            holder: DAEGU_TP,
            closedBy: null,
            closedAt: NOW,
          },
        },
      ]);
  });

  it('nothing happens for a case closed already (the reaction is idempotent)', () => {
    spec.given([opened, closed]).when(firmClosed()).thenNothingHappens();
  });

  it('refuses an unknown case', () => {
    spec.given([]).when(firmClosed()).thenThrows(CaseNotFound);
  });

  it('refuses a closure of another firm', () => {
    spec
      .given([opened])
      .when(firmClosed({ firmId: 'firm-other' }))
      .thenThrows(InvalidCaseInput, code('firm-mismatch', 'firmId'));
  });
});

// ---- invariants -----------------------------------------------------------------------------------------

describe('invariants', () => {
  it('exactly one holder at any time: after acceptance the previous holder no longer acts as holder', () => {
    const events = [opened, proposed(), accepted()];
    expect(fold(caseDecider, events)).toMatchObject({ holder: DAEGU_CCEI, holders: [DAEGU_TP, DAEGU_CCEI] });
    spec
      .given(events)
      .when(interimUpdate('여전히 지원 중', staff(DAEGU_TP)))
      .thenThrows(NotTheHolder);
  });

  it('only the holder proposes (forbidden: not-the-holder), also after a hand-off', () => {
    spec
      .given([opened])
      .when(propose({}, staff(GYEONGBUK_TP)))
      .thenThrows(NotTheHolder, (e) => e.code === 'forbidden' && e.details.rule === 'not-the-holder');
    spec
      .given([opened, proposed(), accepted()])
      .when(propose({ proposalId: 'p2', target: target(GYEONGBUK_TP), consent: consentFor(GYEONGBUK_TP) }))
      .thenThrows(NotTheHolder);
  });

  it('at most one open proposal per case (proposal-already-open)', () => {
    spec
      .given([opened, proposed()])
      .when(propose({ proposalId: 'p2', target: target(GYEONGBUK_TP), consent: consentFor(GYEONGBUK_TP) }))
      .thenThrows(ProposalAlreadyOpen, (e) => e.details.openProposalId === 'p1');
  });

  it('a withdrawn proposal cannot be accepted', () => {
    spec
      .given([opened, proposed(), withdrawn])
      .when(accept())
      .thenThrows(
        ProposalNotOpen,
        (e) => e.details.ended === 'withdrawn' && e.details.field === 'proposalId',
      );
  });

  it('an expired proposal cannot be accepted', () => {
    spec
      .given([opened, proposed(), expired])
      .when(accept('p1', staff(DAEGU_CCEI), AFTER_DUE))
      .thenThrows(ProposalExpired, (e) => e.code === 'proposal-expired');
  });

  it('accept racing withdraw: whichever is first wins, the other is refused', () => {
    spec.given([opened, proposed(), withdrawn]).when(accept()).thenThrows(ProposalNotOpen);
    spec
      .given([opened, proposed(), accepted()])
      .when(withdraw())
      .thenThrows(ProposalNotOpen, (e) => e.details.ended === 'accepted');
  });

  it('consent revoked: the receiver’s view is withdrawn, and an open proposal with it', () => {
    spec
      .given([opened, proposed()])
      .when(revokeConsent())
      .then([
        consentRevoked,
        {
          ...withdrawn,
          data: { ...withdrawn.data, cause: 'consent-revoked', withdrawnBy: null, withdrawnAt: NOW },
        },
      ]);
    spec
      .given([
        opened,
        proposed(),
        consentRevoked,
        { ...withdrawn, data: { ...withdrawn.data, cause: 'consent-revoked' } },
      ])
      .when(accept())
      .thenThrows(ProposalNotOpen);
  });
});

// ---- the permission matrix ------------------------------------------------------------------------------

const ROLES = CASE_ROLES.map((r) => r.role);
const RELATIONS = CASE_RELATIONS.map((r) => r.relation);
const COMMAND_TYPES = Object.keys(CASE_PERMISSIONS) as CaseCommandType[];

/** A case in each status, with an escalated open proposal so that every relation can be stood in. */
const CASES: Record<CaseStatus, CaseEvent[]> = {
  none: [],
  open: [opened, proposed(), escalated],
  closed: [opened, proposed(), withdrawn, closed],
};

const ACTOR_IN: Record<CaseRelation, (role: CaseRole) => CaseActor> = {
  holder: (role) => ({ ...staff(DAEGU_TP, role), regions: [] }),
  target: (role) => ({ ...staff(DAEGU_CCEI, role), regions: [] }),
  'regional-office': (role) => ({ userId: 'u-office', role, agencyId: DG_SME_OFFICE, regions: [DAEGU] }),
  other: (role) => ({ ...staff(GWANGJU_TP, role), regions: [] }),
};

const withActor = (command: CaseCommand, actor: CaseActor, now = AFTER_DUE): CaseCommand =>
  ({ ...command, metadata: { now, actor } }) as CaseCommand;

const SAMPLE: Record<CaseCommandType, CaseCommand> = {
  OpenCase: openCase(),
  ReviseGoals: reviseGoals(['양산 준비']),
  ProposeHandoff: propose({ proposalId: 'p2' }, staff(DAEGU_TP), AFTER_DUE),
  AcceptHandoff: accept(),
  DeclineHandoff: decline(),
  WithdrawHandoff: withdraw(),
  EscalateOverdueHandoff: escalate(),
  ExpireHandoff: expire(),
  RevokeConsent: revokeConsent(),
  RecordInterimUpdate: interimUpdate(),
  RecordOutcome: recordOutcome(),
  CloseCase: closeCase(),
  CloseCaseForClosedFirm: firmClosed(),
};

const stateErrorFor: Record<
  CaseStatus,
  typeof CaseNotFound | typeof CaseIsClosed | typeof CaseAlreadyExists
> = {
  none: CaseNotFound,
  open: CaseAlreadyExists,
  closed: CaseIsClosed,
};

describe('CASE_PERMISSIONS', () => {
  it('names every command, only known roles and relations, and only states a case can be in', () => {
    expect(COMMAND_TYPES.sort()).toEqual(Object.keys(SAMPLE).sort());
    for (const type of COMMAND_TYPES) {
      const entry = CASE_PERMISSIONS[type];
      expect(entry.description).not.toBe('');
      for (const state of entry.states) expect(['none', 'open', 'closed']).toContain(state);
      for (const [role, relations] of Object.entries(entry.roles)) {
        expect(ROLES).toContain(role);
        for (const relation of relations) expect(RELATIONS).toContain(relation);
      }
    }
  });

  it('gives the ministry and auditors nothing: they read through projections', () => {
    for (const type of COMMAND_TYPES) {
      expect(permittedRelations('ministry', type)).toEqual([]);
      expect(permittedRelations('auditor', type)).toEqual([]);
      expect(permittedRelations('intruder', type)).toEqual([]);
    }
  });

  for (const type of COMMAND_TYPES) {
    for (const role of ROLES) {
      const allowed = permittedRelations(role, type);
      const title = allowed.length ? `may as ${allowed.join(' / ')}` : 'never may';
      it(`${role} ${type}: ${title}; every other combination is forbidden and writes nothing`, () => {
        let checked = 0;
        for (const status of ['none', 'open', 'closed'] as const) {
          const state: Case = fold(caseDecider, CASES[status]);
          for (const relation of RELATIONS) {
            const actor = ACTOR_IN[relation](role);
            if (relationsOf(actor, state).join() !== relation) continue; // this role cannot stand so
            checked++;
            const command = withActor(SAMPLE[type], actor);
            const when = spec.given(CASES[status]).when(command);
            const applies = (CASE_PERMISSIONS[type].states as readonly CaseStatus[]).includes(status);
            if (allowed.length === 0)
              when.thenThrows(
                Forbidden,
                (e) => e.code === 'forbidden' && e.details.rule === 'role-not-permitted',
              );
            else if (!applies) when.thenThrows(stateErrorFor[status]);
            else if (!allowed.includes(relation)) when.thenThrows(Forbidden, (e) => e.code === 'forbidden');
            else {
              try {
                caseDecider.decide(command, state);
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
                expect(error).not.toBeInstanceOf(Forbidden);
              }
            }
          }
        }
        expect(checked).toBeGreaterThan(0);
      });
    }
  }
});

// ---- property: random command sequences -----------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so that a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

describe('property: random command sequences keep the invariants', () => {
  it('never zero or two holders, never two open proposals, nothing accepted once it ended (300 seeded sequences)', () => {
    const AGENCIES = [DAEGU_TP, DAEGU_CCEI, GYEONGBUK_TP, GWANGJU_TP];
    const PHASE_IDS = ['technology-development', 'commercialisation', 'marketing', 'investment-ipo'];
    const seen = new Map<string, number>();
    const SEQUENCES = 300;
    const STEPS = 40;

    for (let seed = 1; seed <= SEQUENCES; seed++) {
      const r = prng(seed);
      let state = caseDecider.initialState();
      let clock = Date.parse('2026-02-02T01:00:00.000Z');
      // An independent model of the invariants, kept from the events alone.
      let holders = new Set<string>();
      let closedCase = false;
      const openProposals = new Map<string, { from: string; to: string; expiresAt: string }>();
      const endedProposals = new Set<string>();
      let nextProposal = 1;

      for (let step = 0; step < STEPS; step++) {
        clock += r.int(3 * 86_400_000);
        const now = new Date(clock).toISOString();
        const holder = state.status === 'none' ? r.pick(AGENCIES) : state.holder;
        const openP = state.status === 'open' ? state.openProposal : null;
        // Mostly the actors who may act, sometimes anyone: refusals must keep the invariants too.
        const likely = (agency: string | undefined) => (agency && r.next() < 0.7 ? agency : r.pick(AGENCIES));
        const role: CaseRole = r.next() < 0.85 ? 'agency-staff' : r.pick(ROLES);
        const actorOf = (agency: string): CaseActor => ({
          userId: `u-${agency}`,
          role,
          agencyId: agency,
          regions: [DAEGU],
        });
        const proposalId = openP && r.next() < 0.8 ? openP.proposalId : `p${1 + r.int(nextProposal)}`;
        const type: CaseCommandType =
          state.status === 'none' && r.next() < 0.8 ? 'OpenCase' : r.pick(COMMAND_TYPES);
        const m = (agency: string) => ({ now, actor: actorOf(agency) });
        const sys = { now, actor: r.next() < 0.9 ? SYSTEM : actorOf(r.pick(AGENCIES)) };

        let command: CaseCommand;
        switch (type) {
          case 'OpenCase':
            command = { ...openCase(), metadata: m(holder) };
            break;
          case 'ReviseGoals':
            command = { ...reviseGoals([`목표 ${r.int(3)}`]), metadata: m(likely(holder)) };
            break;
          case 'ProposeHandoff': {
            const to = r.pick(AGENCIES);
            const days = 1 + r.int(5);
            command = {
              type,
              data: {
                caseId: CASE_ID,
                proposalId: `p${nextProposal++}`,
                target: target(to, {
                  active: r.next() < 0.9,
                  regions: [],
                  phases: PHASE_IDS,
                  capacity: null,
                }),
                reason: '다음 단계 지원',
                nextPhase: r.pick(PHASE_IDS),
                package: handoverPackage,
                consent: consentFor(r.next() < 0.95 ? to : r.pick(AGENCIES)),
                dueAt: calendar.dueAt(now, days),
                expiresAt: calendar.dueAt(now, days + r.int(5)),
              },
              metadata: m(likely(holder)),
            };
            break;
          }
          case 'AcceptHandoff':
            command = { ...accept(proposalId), metadata: m(likely(openP?.to)) };
            break;
          case 'DeclineHandoff':
            command = {
              ...decline(),
              data: { ...decline().data, proposalId },
              metadata: m(likely(openP?.to)),
            };
            break;
          case 'WithdrawHandoff':
            command = { ...withdraw(staff(holder), proposalId), metadata: m(likely(holder)) };
            break;
          case 'EscalateOverdueHandoff':
            command = { ...escalate(now, proposalId), metadata: sys };
            break;
          case 'ExpireHandoff':
            command = { ...expire(now, proposalId), metadata: sys };
            break;
          case 'RevokeConsent':
            command = {
              ...revokeConsent(staff(holder), { proposalId, revokedAt: now }),
              metadata: m(likely(holder)),
            };
            break;
          case 'RecordInterimUpdate':
            command = { ...interimUpdate(), metadata: m(likely(holder)) };
            break;
          case 'RecordOutcome':
            command = { ...recordOutcome(), metadata: m(likely(holder)) };
            break;
          case 'CloseCase':
            if (r.next() < 0.7) continue; // keep most sequences going
            command = { ...closeCase(), metadata: m(likely(holder)) };
            break;
          case 'CloseCaseForClosedFirm':
            if (r.next() < 0.8) continue;
            command = { ...firmClosed(), metadata: sys };
            break;
        }

        let events: CaseEvent[];
        try {
          events = caseDecider.decide(command, state);
        } catch (error) {
          if (!(error instanceof DomainError)) throw new Error(`seed ${seed} step ${step}: ${String(error)}`);
          continue;
        }
        for (const event of events) {
          seen.set(event.type, (seen.get(event.type) ?? 0) + 1);
          const fail = (why: string) => {
            throw new Error(`seed ${seed} step ${step} ${event.type}: ${why}`);
          };
          const by = command.metadata.actor.agencyId ?? '';
          // A case's firm never changes: every event names the firm of its CaseOpened.
          if (event.data.firmId !== FIRM_ID) fail(`names firm ${event.data.firmId}`);
          switch (event.type) {
            case 'CaseOpened':
              holders = new Set([event.data.holder]);
              break;
            case 'HandoffProposed':
              if (!holders.has(event.data.from) || !holders.has(by))
                fail('proposed by an agency that does not hold the case');
              if (openProposals.size > 0) fail('a second open proposal');
              openProposals.set(event.data.proposalId, event.data);
              break;
            case 'HandoffAccepted':
              if (endedProposals.has(event.data.proposalId)) fail('accepted after it ended');
              if (!openProposals.has(event.data.proposalId)) fail('accepted a proposal that is not open');
              if (
                Date.parse(event.data.acceptedAt) >=
                Date.parse(openProposals.get(event.data.proposalId)!.expiresAt)
              )
                fail('accepted past its expiry');
              if (openProposals.get(event.data.proposalId)!.to !== event.data.to || by !== event.data.to)
                fail('accepted by another agency');
              holders.delete(event.data.from);
              holders.add(event.data.to);
              openProposals.delete(event.data.proposalId);
              endedProposals.add(event.data.proposalId);
              break;
            case 'HandoffDeclined':
              if (openProposals.get(event.data.proposalId)?.to !== by) fail('declined by another agency');
              if (!openProposals.delete(event.data.proposalId)) fail('ended a proposal that is not open');
              endedProposals.add(event.data.proposalId);
              break;
            case 'HandoffWithdrawn':
            case 'HandoffExpired':
              if (!openProposals.delete(event.data.proposalId)) fail('ended a proposal that is not open');
              endedProposals.add(event.data.proposalId);
              break;
            case 'CaseClosed':
              if (openProposals.size) fail('closed with an open proposal');
              closedCase = true;
              break;
            default:
              break;
          }
          state = caseDecider.evolve(state, event);
        }
        if (state.status !== 'none') {
          if (holders.size !== 1) throw new Error(`seed ${seed} step ${step}: ${holders.size} holders`);
          if (!holders.has(state.holder))
            throw new Error(`seed ${seed} step ${step}: state disagrees on the holder`);
          if (openProposals.size > 1) throw new Error(`seed ${seed} step ${step}: two open proposals`);
          const stateOpen = state.status === 'open' && state.openProposal ? 1 : 0;
          if (stateOpen !== openProposals.size)
            throw new Error(`seed ${seed} step ${step}: open proposals disagree`);
          expect(state.status === 'closed').toBe(closedCase);
        }
      }
    }

    // The sequences really exercised the hand-off protocol, not only refusals.
    for (const type of [
      'CaseOpened',
      'HandoffProposed',
      'HandoffAccepted',
      'HandoffDeclined',
      'HandoffWithdrawn',
      'HandoffEscalated',
      'HandoffExpired',
      'ConsentRevoked',
      'OutcomeRecorded',
      'CaseClosed',
    ])
      expect([type, seen.get(type) ?? 0]).not.toEqual([type, 0]);
  });
});
