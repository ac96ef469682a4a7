import type {
  CaseClosingOutcome,
  CaseOutcomeKind,
  CasePhase,
  FirmClosureReason,
  FirmProfileAmendedV1,
  GrowthStage,
  GrowthStageScores,
  HandoffDeclineReason,
  HandoffWithdrawalCause,
  IndicatorsReportedV1,
  RegionCode,
} from '@baton/contracts';
import type { LedgerEntry } from '../ledger/chain';

/** What the replay reads of a ledger entry. */
export type ReplayEntry = Pick<LedgerEntry, 'sequence' | 'eventId' | 'occurredAt' | 'recordedAt' | 'payload'>;

/**
 * Everything the published events say about one firm at a point in time (as-of 재현): the registry's facts,
 * its support cases, who held the baton when, crisis warnings, and events the replay does not know.
 * Absent optional fields mean "not said by any folded event".
 */
export interface ReplayState {
  readonly registry: RegistryView;
  /** By caseId. */
  readonly cases: Readonly<Record<string, CaseView>>;
  /** Every holding of every case, in the order they began. */
  readonly batonHolders: readonly BatonHolding[];
  /** By warningId (the data's `warningId`, else the event id). */
  readonly warnings: Readonly<Record<string, WarningView>>;
  /** Events folded into nothing else, kept rather than failing the replay. */
  readonly other: readonly OtherEvent[];
}

export interface RegistryView {
  /** `unregistered` until a firm-registered event is folded. */
  readonly status: 'unregistered' | 'active' | 'closed';
  readonly profile: FirmProfileView;
  readonly region?: RegionCode;
  /** Regional key industry (지역주력산업) id. */
  readonly industry?: string;
  readonly stage?: StageView;
  /** By period (`2026`, `2026-Q1`): the latest report of the period (a restatement replaces it). */
  readonly indicators: Readonly<Record<string, PeriodIndicators>>;
  readonly registeredAt?: string;
  readonly closure?: ClosureView;
}

export interface FirmProfileView {
  readonly name?: string;
  readonly businessRegistrationNumber?: string;
  readonly size?: NonNullable<FirmProfileAmendedV1['size']>;
  /** null: the KSIC code was removed. */
  readonly ksicCode?: string | null;
}

/** A growth stage (성장단계) and the instant it holds from. */
export interface StageView {
  readonly stage: GrowthStage;
  readonly effectiveAt: string;
  /** Absent for the stage given at registration, which was not scored in a published event. */
  readonly scores?: GrowthStageScores;
  readonly assessingAgencyId?: string;
}

/** A period's figures as reported (the contract's fields but firmId and period), with reportedAt. */
export type PeriodIndicators = Readonly<Omit<IndicatorsReportedV1, 'firmId' | 'period'>>;

export interface ClosureView {
  readonly reason: FirmClosureReason;
  readonly successorFirmId?: string;
  readonly closedAt: string;
}

/** A support case (지원 사례). */
export interface CaseView {
  readonly caseId: string;
  readonly regionCode: RegionCode;
  readonly status: 'open' | 'closed';
  readonly phase: CasePhase;
  /** The agency holding the baton (or the last to hold it, once closed). */
  readonly holderAgencyId: string;
  readonly goals: readonly string[];
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly closingOutcome?: CaseClosingOutcome;
  /** In the order proposed. */
  readonly handoffs: readonly HandoffView[];
  /** In the order recorded. */
  readonly outcomes: readonly OutcomeView[];
}

/** `escalated`: overdue and told to the regional SME office, still open. */
export type HandoffStatus = 'pending' | 'escalated' | 'accepted' | 'declined' | 'withdrawn' | 'expired';

/** A hand-off proposal (인계 제안) and what became of it. */
export interface HandoffView {
  readonly proposalId: string;
  readonly from: string;
  readonly to: string;
  readonly status: HandoffStatus;
  readonly reason: string;
  readonly currentPhase: CasePhase;
  readonly nextPhase: CasePhase;
  readonly documentCount: number;
  readonly times: HandoffTimes;
  readonly escalatedToAgencyId?: string;
  readonly declineReason?: { readonly code: HandoffDeclineReason; readonly text?: string };
  readonly withdrawalCause?: HandoffWithdrawalCause;
}

export interface HandoffTimes {
  readonly proposedAt: string;
  readonly dueAt: string;
  readonly expiresAt: string;
  readonly escalatedAt?: string;
  readonly acceptedAt?: string;
  readonly declinedAt?: string;
  readonly withdrawnAt?: string;
  readonly expiredAt?: string;
  /** The firm took back its consent to share this proposal's package (정보제공 동의 철회). */
  readonly consentRevokedAt?: string;
}

/** A result of the support (성과). */
export interface OutcomeView {
  readonly outcomeId: string;
  readonly kind: CaseOutcomeKind;
  readonly value?: { readonly amount: number; readonly unit: string };
  readonly phase: CasePhase;
  readonly recordedByAgencyId: string;
  readonly notifyAgencyIds: readonly string[];
  readonly recordedAt: string;
}

/** One agency holding one case's baton (바통) from an instant, until another or until closure. */
export interface BatonHolding {
  readonly caseId: string;
  readonly agencyId: string;
  readonly phase: CasePhase;
  readonly from: string;
  /** Absent while it still holds. */
  readonly to?: string;
}

/** A crisis warning (위기 징후 경보), folded generically from crisis-monitoring.* events. */
export interface WarningView {
  readonly warningId: string;
  readonly firstAt: string;
  readonly lastAt: string;
  /** The type of the latest event about it, e.g. `crisis-monitoring.warning-raised.v1`. */
  readonly lastType: string;
  readonly events: readonly { readonly eventId: string; readonly type: string; readonly at: string }[];
  /** The events' data merged, later fields over earlier ones. */
  readonly data: Readonly<Record<string, unknown>>;
}

export type OtherReason =
  /** Not a contract the replay folds. */
  | 'unknown-type'
  /** About a case no folded case-opened event opened. */
  | 'unknown-case'
  /** About a hand-off proposal no folded handoff-proposed event made. */
  | 'unknown-proposal'
  /** Opens a case or proposes a hand-off whose id is already taken. */
  | 'duplicate';

export interface OtherEvent {
  readonly sequence: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly reason: OtherReason;
}

export const initialReplayState = (): ReplayState => ({
  registry: { status: 'unregistered', profile: {}, indicators: {} },
  cases: {},
  batonHolders: [],
  warnings: {},
  other: [],
});
