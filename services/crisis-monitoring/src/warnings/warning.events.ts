import type { Event } from '@baton/eventsourcing';
import type { RegionCode } from '@baton/reference-data';
import type { FindingInputs, Measured } from '../rules/evaluate-rule';
import type { Signal } from '../rules/signals';
import type { WarningLevel } from '../rules/warning-level';

/**
 * Why a warning went to its agency: the region's crisis support center (위기지원센터), the regional SME office
 * (지방중소벤처기업청) where the region had no center that day, or a configured agency where neither exists (제주).
 */
export const ROUTING_REASONS = ['center', 'regional-office-fallback', 'configured-fallback'] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

/** What the emergency support (긴급지원) was given through: a relay support case (and hand-off) or a program. */
export type SupportLink =
  | { readonly kind: 'relay-case'; readonly caseId: string; readonly handoffId: string | null }
  | { readonly kind: 'program'; readonly programId: string };

/** How a warning ended when it was real (a true positive for the rule's precision). */
export const RESOLUTION_OUTCOMES = [
  { outcome: 'recovered', nameKo: '정상화' },
  { outcome: 'business-converted', nameKo: '사업전환' },
  { outcome: 'firm-closed', nameKo: '폐업' },
  { outcome: 'other', nameKo: '기타' },
] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number]['outcome'];

export type WarningRaised = Event<
  'WarningRaised',
  {
    warningId: string;
    firmId: string;
    signal: Signal;
    region: RegionCode;
    industryId: string;
    level: WarningLevel;
    ruleSetVersion: number;
    ruleId: string;
    measured: Measured;
    inputs: FindingInputs;
    routedTo: string;
    routingReason: RoutingReason;
    /** Unacknowledged past this instant, the warning escalates to the regional SME office. */
    ackDueAt: string;
    raisedAt: string;
  }
>;
/**
 * A later evaluation moved the level (hysteresis applied). `to: null`: the signal fell below every threshold by
 * the clear margin; the warning stays open until someone resolves or dismisses it. `from: null`: it came back.
 */
export type WarningLevelChanged = Event<
  'WarningLevelChanged',
  {
    warningId: string;
    firmId: string;
    signal: Signal;
    from: WarningLevel | null;
    to: WarningLevel | null;
    direction: 'escalated' | 'eased';
    ruleSetVersion: number;
    ruleId: string;
    measured: Measured;
    inputs: FindingInputs;
    /** Unchanged, or earlier when an unacknowledged warning escalates to a level with a shorter SLA. */
    ackDueAt: string;
    /** Who holds the warning (and the office it escalated to, if it did): they are told of the change. */
    routedTo: string;
    escalatedTo: string | null;
    changedAt: string;
  }
>;
export type WarningAcknowledged = Event<
  'WarningAcknowledged',
  { warningId: string; firmId: string; agencyId: string | null; userId: string; acknowledgedAt: string }
>;
/** Not acknowledged within the SLA: the regional SME office is told. The routed agency still holds it. */
export type WarningEscalated = Event<
  'WarningEscalated',
  {
    warningId: string;
    firmId: string;
    routedTo: string;
    escalatedTo: string;
    ackDueAt: string;
    escalatedAt: string;
  }
>;
/** 위기예방계획 */
export type PreventionPlanRecorded = Event<
  'PreventionPlanRecorded',
  {
    warningId: string;
    firmId: string;
    planId: string;
    summary: string;
    measures: string[];
    recordedBy: string | null;
    recordedAt: string;
  }
>;
/** 긴급지원 */
export type EmergencySupportGiven = Event<
  'EmergencySupportGiven',
  {
    warningId: string;
    firmId: string;
    supportId: string;
    link: SupportLink;
    note: string | null;
    givenBy: string | null;
    givenAt: string;
  }
>;
/** Referred to a structural innovation support center (구조혁신지원센터) for business conversion (사업전환). */
export type ReferredForBusinessConversion = Event<
  'ReferredForBusinessConversion',
  {
    warningId: string;
    firmId: string;
    referralId: string;
    centerAgencyId: string;
    note: string | null;
    referredBy: string | null;
    referredAt: string;
  }
>;
export type WarningResolved = Event<
  'WarningResolved',
  {
    warningId: string;
    firmId: string;
    signal: Signal;
    ruleSetVersion: number;
    ruleId: string;
    outcome: ResolutionOutcome;
    note: string | null;
    resolvedBy: string | null;
    resolvedAt: string;
  }
>;
/** A false alarm (오경보): the reason is required; it counts against the rule's precision. */
export type WarningDismissed = Event<
  'WarningDismissed',
  {
    warningId: string;
    firmId: string;
    signal: Signal;
    ruleSetVersion: number;
    ruleId: string;
    reason: string;
    dismissedBy: string | null;
    dismissedAt: string;
  }
>;

/** The stored events of a warning stream (one stream per firm and signal: see warning.decider.ts). */
export type WarningEvent =
  | WarningRaised
  | WarningLevelChanged
  | WarningAcknowledged
  | WarningEscalated
  | PreventionPlanRecorded
  | EmergencySupportGiven
  | ReferredForBusinessConversion
  | WarningResolved
  | WarningDismissed;

export const WARNING_STREAM_PREFIX = 'crisis-warning-';
export const warningStreamId = (firmId: string, signal: Signal): string =>
  `${WARNING_STREAM_PREFIX}${firmId}-${signal}`;
