import type {
  CaseClosedV1,
  CaseOpenedV1,
  ConsentRevokedV1,
  FirmClosedV1,
  FirmProfileAmendedV1,
  FirmRegisteredV1,
  FirmRelocatedV1,
  GrowthStageAssessedV1,
  HandoffAcceptedV1,
  HandoffDeclinedV1,
  HandoffEscalatedV1,
  HandoffExpiredV1,
  HandoffProposedV1,
  HandoffWithdrawnV1,
  IndicatorsReportedV1,
  OutcomeRecordedV1,
} from '@baton/contracts';
import type { IntegrationEvent } from '@baton/messaging';

/** The published contracts folded field by field: firm-registry.* and relay.* (@baton/contracts). */
export type KnownEvent =
  | { readonly type: 'firm-registry.firm-registered.v1'; readonly data: FirmRegisteredV1 }
  | { readonly type: 'firm-registry.firm-profile-amended.v1'; readonly data: FirmProfileAmendedV1 }
  | { readonly type: 'firm-registry.firm-relocated.v1'; readonly data: FirmRelocatedV1 }
  | { readonly type: 'firm-registry.growth-stage-assessed.v1'; readonly data: GrowthStageAssessedV1 }
  | { readonly type: 'firm-registry.indicators-reported.v1'; readonly data: IndicatorsReportedV1 }
  | { readonly type: 'firm-registry.firm-closed.v1'; readonly data: FirmClosedV1 }
  | { readonly type: 'relay.case-opened.v1'; readonly data: CaseOpenedV1 }
  | { readonly type: 'relay.handoff-proposed.v1'; readonly data: HandoffProposedV1 }
  | { readonly type: 'relay.handoff-accepted.v1'; readonly data: HandoffAcceptedV1 }
  | { readonly type: 'relay.handoff-declined.v1'; readonly data: HandoffDeclinedV1 }
  | { readonly type: 'relay.handoff-withdrawn.v1'; readonly data: HandoffWithdrawnV1 }
  | { readonly type: 'relay.handoff-escalated.v1'; readonly data: HandoffEscalatedV1 }
  | { readonly type: 'relay.handoff-expired.v1'; readonly data: HandoffExpiredV1 }
  | { readonly type: 'relay.consent-revoked.v1'; readonly data: ConsentRevokedV1 }
  | { readonly type: 'relay.outcome-recorded.v1'; readonly data: OutcomeRecordedV1 }
  | { readonly type: 'relay.case-closed.v1'; readonly data: CaseClosedV1 };

export type KnownEventType = KnownEvent['type'];

/**
 * The data field holding each event's business time: when the fact took effect in the world. The envelope's
 * `time` is when the producer decided it (its command's clock), which differs for back-dated facts: a
 * relocation or closure takes effect on its stated date (relocatedAt, closedAt = 00:00 KST of that day), a
 * growth stage from effectiveAt, a consent revocation when the firm says it revoked. An expired hand-off is
 * placed at expiresAt, when it stopped being acceptable (expiredAt is when the relay noticed).
 */
export const EFFECTIVE_TIME_FIELD = {
  'firm-registry.firm-registered.v1': 'registeredAt',
  'firm-registry.firm-profile-amended.v1': 'amendedAt',
  'firm-registry.firm-relocated.v1': 'relocatedAt',
  'firm-registry.growth-stage-assessed.v1': 'effectiveAt',
  'firm-registry.indicators-reported.v1': 'reportedAt',
  'firm-registry.firm-closed.v1': 'closedAt',
  'relay.case-opened.v1': 'openedAt',
  'relay.handoff-proposed.v1': 'proposedAt',
  'relay.handoff-accepted.v1': 'acceptedAt',
  'relay.handoff-declined.v1': 'declinedAt',
  'relay.handoff-withdrawn.v1': 'withdrawnAt',
  'relay.handoff-escalated.v1': 'escalatedAt',
  'relay.handoff-expired.v1': 'expiresAt',
  'relay.consent-revoked.v1': 'revokedAt',
  'relay.outcome-recorded.v1': 'recordedAt',
  'relay.case-closed.v1': 'closedAt',
} as const satisfies { readonly [T in KnownEventType]: keyof Extract<KnownEvent, { type: T }>['data'] };

export const KNOWN_EVENT_TYPES: readonly KnownEventType[] = Object.keys(
  EFFECTIVE_TIME_FIELD,
) as KnownEventType[];

const known = new Set<string>(KNOWN_EVENT_TYPES);

/** The event as a KnownEvent when its type is one the replay folds; undefined otherwise. */
export function knownEvent(payload: IntegrationEvent): KnownEvent | undefined {
  return known.has(payload.type) ? ({ type: payload.type, data: payload.data } as KnownEvent) : undefined;
}

/** Crisis-monitoring events are folded generically into warnings until their contracts exist. */
export const CRISIS_MONITORING_PREFIX = 'crisis-monitoring.';
