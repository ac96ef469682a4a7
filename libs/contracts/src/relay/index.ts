import type { IntegrationEventDefinition } from '../contract';
import { caseClosedV1 } from './case-closed.v1';
import { caseOpenedV1 } from './case-opened.v1';
import { consentRevokedV1 } from './consent-revoked.v1';
import { handoffAcceptedV1 } from './handoff-accepted.v1';
import { handoffDeclinedV1 } from './handoff-declined.v1';
import { handoffEscalatedV1 } from './handoff-escalated.v1';
import { handoffExpiredV1 } from './handoff-expired.v1';
import { handoffProposedV1 } from './handoff-proposed.v1';
import { handoffWithdrawnV1 } from './handoff-withdrawn.v1';
import { outcomeRecordedV1 } from './outcome-recorded.v1';

export {
  CASE_CLOSING_OUTCOMES,
  CASE_OUTCOME_KINDS,
  CASE_PHASES,
  HANDOFF_DECLINE_REASONS,
  HANDOFF_WITHDRAWAL_CAUSES,
  type CaseClosingOutcome,
  type CaseOutcomeKind,
  type CasePhase,
  type HandoffDeclineReason,
  type HandoffRef,
  type HandoffWithdrawalCause,
} from './case.schemas';
export * from './case-opened.v1';
export * from './handoff-proposed.v1';
export * from './handoff-accepted.v1';
export * from './handoff-declined.v1';
export * from './handoff-withdrawn.v1';
export * from './handoff-escalated.v1';
export * from './handoff-expired.v1';
export * from './consent-revoked.v1';
export * from './outcome-recorded.v1';
export * from './case-closed.v1';

/** Every integration event the relay publishes on `baton.relay.v1`, keyed by firm id. */
export const relayContracts: readonly IntegrationEventDefinition[] = [
  caseOpenedV1,
  handoffProposedV1,
  handoffAcceptedV1,
  handoffDeclinedV1,
  handoffWithdrawnV1,
  handoffEscalatedV1,
  handoffExpiredV1,
  consentRevokedV1,
  outcomeRecordedV1,
  caseClosedV1,
];
