import type { Event } from '@baton/eventsourcing';
import type { Phase } from '../phases';

/** 전주기: the life-cycle phases a firm moves through, relay-style, from one agency to the next. */
export { PHASES, isPhase, type Phase } from '../phases';

/** Why a target agency declines a hand-off. `other` needs a text. */
export const DECLINE_REASONS = [
  { code: 'at-capacity', nameKo: '수용 여력 없음' },
  { code: 'not-eligible', nameKo: '지원 대상 아님' },
  { code: 'out-of-region', nameKo: '관할 지역 아님' },
  { code: 'out-of-scope', nameKo: '지원 범위 아님' },
  { code: 'other', nameKo: '기타' },
] as const;
export type DeclineReasonCode = (typeof DECLINE_REASONS)[number]['code'];

/** What came of the support, as the receiving agency records it (성과). `other` needs a note. */
export const OUTCOME_KINDS = [
  { kind: 'prototype-completed', nameKo: '시제품 완성' },
  { kind: 'funding-secured', nameKo: '자금 확보' },
  { kind: 'sales-contract', nameKo: '판매 계약' },
  { kind: 'certification', nameKo: '인증 획득' },
  { kind: 'investment', nameKo: '투자 유치' },
  { kind: 'other', nameKo: '기타' },
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number]['kind'];

/** How a case ends. `firm-closed` is only ever recorded by the reaction to the firm registry's closure. */
export const CASE_CLOSURE_OUTCOMES = [
  { outcome: 'completed', nameKo: '지원 완료' },
  { outcome: 'firm-closed', nameKo: '기업 폐업' },
  { outcome: 'withdrawn-by-firm', nameKo: '기업 요청 종료' },
  { outcome: 'transferred-out', nameKo: '외부 이관' },
  { outcome: 'other', nameKo: '기타' },
] as const;
export type CaseClosureOutcome = (typeof CASE_CLOSURE_OUTCOMES)[number]['outcome'];

/** Why an open proposal was withdrawn: by its proposer, by the regional office it was escalated to, or as a consequence. */
export type WithdrawalCause = 'proposer' | 'regional-office' | 'consent-revoked' | 'case-closed';

/** A document handed over with a proposal (referenced, never copied into the event). */
export interface HandoverDocument {
  readonly documentId: string;
  readonly title: string;
  readonly uri: string;
}

/** 인계 자료: what the holder hands over to the next agency. */
export interface HandoverPackage {
  readonly summary: string;
  readonly documents: readonly HandoverDocument[];
}

/**
 * The firm's consent to share (정보제공 동의): what (`items`, and the summary when `includesSummary`) may be
 * shown to whom (`sharedWith`). `grantedBy` is an identifier of the person who consented, never a name:
 * personal data stays in the firm registry's vault.
 */
export interface SharingConsent {
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly sharedWith: string;
  readonly items: readonly string[];
  readonly includesSummary: boolean;
}

export interface DeclineReason {
  readonly code: DeclineReasonCode;
  readonly text: string | null;
}

/** A measured result, e.g. `{ amount: 300_000_000, unit: 'KRW' }` or `{ amount: 2, unit: 'certificates' }`. */
export interface OutcomeValue {
  readonly amount: number;
  readonly unit: string;
}

export type CaseOpened = Event<
  'CaseOpened',
  {
    caseId: string;
    firmId: string;
    /** The firm's region when the case was opened: the regional office of this region is the escalation point. */
    regionCode: string;
    /** The opening agency, which holds the baton. */
    holder: string;
    goals: string[];
    phase: Phase;
    openedAt: string;
  }
>;
export type GoalsRevised = Event<
  'GoalsRevised',
  {
    caseId: string;
    firmId: string;
    goals: string[];
    previousGoals: string[];
    revisedBy: string;
    revisedAt: string;
  }
>;
export type HandoffProposed = Event<
  'HandoffProposed',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    reason: string;
    currentPhase: Phase;
    nextPhase: Phase;
    package: HandoverPackage;
    consent: SharingConsent;
    /** Acceptance is due by then (N Korean business days, 18:00 KST); past it the proposal escalates. */
    dueAt: string;
    /** Past it the proposal can no longer be accepted. */
    expiresAt: string;
    proposedAt: string;
  }
>;
/** `to` becomes the holder; the case moves to `phase` (the proposal's next phase). */
export type HandoffAccepted = Event<
  'HandoffAccepted',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    previousPhase: Phase;
    phase: Phase;
    acceptedAt: string;
  }
>;
export type HandoffDeclined = Event<
  'HandoffDeclined',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    reason: DeclineReason;
    declinedAt: string;
  }
>;
export type HandoffWithdrawn = Event<
  'HandoffWithdrawn',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    cause: WithdrawalCause;
    /** The agency that withdrew it; null when the withdrawal follows from another fact. */
    withdrawnBy: string | null;
    note: string | null;
    withdrawnAt: string;
  }
>;
/** Acceptance is overdue: the regional SME office (지방중소벤처기업청) is told. The proposal stays open. */
export type HandoffEscalated = Event<
  'HandoffEscalated',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    escalatedTo: string;
    dueAt: string;
    escalatedAt: string;
  }
>;
export type HandoffExpired = Event<
  'HandoffExpired',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    from: string;
    to: string;
    expiresAt: string;
    expiredAt: string;
  }
>;
/**
 * The firm took back its consent: the package of the proposal is no longer visible to `sharedWith`
 * (read models drop it). An open proposal is withdrawn with it (HandoffWithdrawn, cause `consent-revoked`).
 */
export type ConsentRevoked = Event<
  'ConsentRevoked',
  {
    caseId: string;
    firmId: string;
    proposalId: string;
    sharedWith: string;
    items: string[];
    revokedBy: string;
    revokedAt: string;
    recordedBy: string;
    note: string | null;
  }
>;
export type InterimUpdateRecorded = Event<
  'InterimUpdateRecorded',
  {
    caseId: string;
    firmId: string;
    updateId: string;
    recordedBy: string;
    phase: Phase;
    note: string;
    recordedAt: string;
  }
>;
/** A result recorded by the holder; `notify` lists the earlier holders it goes back to (the loop closes). */
export type OutcomeRecorded = Event<
  'OutcomeRecorded',
  {
    caseId: string;
    firmId: string;
    outcomeId: string;
    kind: OutcomeKind;
    value: OutcomeValue | null;
    note: string | null;
    phase: Phase;
    recordedBy: string;
    notify: string[];
    recordedAt: string;
  }
>;
export type CaseClosed = Event<
  'CaseClosed',
  {
    caseId: string;
    firmId: string;
    outcome: CaseClosureOutcome;
    note: string | null;
    holder: string;
    /** The agency that closed it; null when a fact elsewhere closed it (the firm's closure). */
    closedBy: string | null;
    closedAt: string;
  }
>;

/** The stored events of a support case stream (`case-<caseId>`). */
export type CaseEvent =
  | CaseOpened
  | GoalsRevised
  | HandoffProposed
  | HandoffAccepted
  | HandoffDeclined
  | HandoffWithdrawn
  | HandoffEscalated
  | HandoffExpired
  | ConsentRevoked
  | InterimUpdateRecorded
  | OutcomeRecorded
  | CaseClosed;

export const CASE_STREAM_PREFIX = 'case-';
export const caseStreamId = (caseId: string): string => `${CASE_STREAM_PREFIX}${caseId}`;
