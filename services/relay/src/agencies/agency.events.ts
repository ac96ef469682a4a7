import type { Event } from '@baton/eventsourcing';
import type { AgencyType, Confidence, RegionCode, SourceRef } from '@baton/reference-data';
import { PHASES, PHASE_IDS, type Phase } from '../phases';

/** The phases of the firm life cycle an agency supports: one list for the relay (../phases.ts). */
export const LIFE_CYCLE_PHASES = PHASE_IDS;
export type LifeCyclePhase = Phase;
export const LIFE_CYCLE_PHASE_NAMES = Object.fromEntries(
  PHASES.map(({ phase, nameKo, nameEn }) => [phase, { nameKo, nameEn }]),
) as { readonly [P in LifeCyclePhase]: { nameKo: string; nameEn: string } };

/** `agency-staff` works cases; `agency-admin` also manages the agency's profile and staff. */
export const STAFF_ROLES = ['agency-staff', 'agency-admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CONFIDENCES: readonly Confidence[] = ['verified', 'single-source', 'unverified'];

/** The directory fields a profile update may change. The agency type is fixed at registration. */
export interface AgencyProfileChanges {
  readonly nameKo?: string;
  readonly nameEn?: string;
  readonly regionsServed?: readonly RegionCode[];
  readonly phasesSupported?: readonly LifeCyclePhase[];
  readonly source?: SourceRef;
  readonly confidence?: Confidence;
}

export type AgencyRegistered = Event<
  'AgencyRegistered',
  {
    agencyId: string;
    type: AgencyType;
    nameKo: string;
    nameEn: string;
    regionsServed: readonly RegionCode[];
    phasesSupported: readonly LifeCyclePhase[];
    /** The most cases the agency holds open at once. */
    capacity: number;
    source: SourceRef;
    confidence: Confidence;
    registeredAt: string;
  }
>;
export type AgencyProfileUpdated = Event<
  'AgencyProfileUpdated',
  { agencyId: string; changes: AgencyProfileChanges; updatedAt: string }
>;
export type AgencyCapacityChanged = Event<
  'AgencyCapacityChanged',
  { agencyId: string; previousCapacity: number; capacity: number; reason: string | null; changedAt: string }
>;
export type AgencyDeactivated = Event<
  'AgencyDeactivated',
  { agencyId: string; reason: string; deactivatedAt: string }
>;
export type AgencyReactivated = Event<
  'AgencyReactivated',
  { agencyId: string; reason: string; reactivatedAt: string }
>;
/**
 * A user who acts for the agency. `userId` is the identity provider's subject; the display name is the only
 * personal data the stream holds (no e-mail, no phone number).
 */
export type StaffMemberAdded = Event<
  'StaffMemberAdded',
  { agencyId: string; userId: string; role: StaffRole; displayName: string; addedAt: string }
>;
export type StaffMemberRemoved = Event<
  'StaffMemberRemoved',
  { agencyId: string; userId: string; reason: string | null; removedAt: string }
>;

/** The stored events of an agency stream (`agency-<agencyId>`), one support organisation (지원기관). */
export type AgencyEvent =
  | AgencyRegistered
  | AgencyProfileUpdated
  | AgencyCapacityChanged
  | AgencyDeactivated
  | AgencyReactivated
  | StaffMemberAdded
  | StaffMemberRemoved;

export const AGENCY_STREAM_PREFIX = 'agency-';
export const agencyStreamId = (agencyId: string): string => `${AGENCY_STREAM_PREFIX}${agencyId}`;
