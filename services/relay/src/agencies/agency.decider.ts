import { assertNever, type Command, type Decider } from '@baton/eventsourcing';
import {
  isAgencyType,
  isRegionCode,
  type AgencyType,
  type Confidence,
  type RegionCode,
  type SourceRef,
} from '@baton/reference-data';
import {
  AgencyAlreadyActive,
  AgencyAlreadyExists,
  AgencyAlreadyInactive,
  AgencyIsInactive,
  AgencyNotFound,
  InvalidAgencyInput,
  StaffMemberAlreadyExists,
  StaffMemberNotFound,
} from './agency.errors';
import {
  CONFIDENCES,
  LIFE_CYCLE_PHASES,
  STAFF_ROLES,
  type AgencyEvent,
  type AgencyProfileChanges,
  type LifeCyclePhase,
  type StaffRole,
} from './agency.events';

/** What `decide` needs to know of an agency; the directory view belongs to a projection. */
interface RegisteredAgency {
  readonly agencyId: string;
  readonly type: AgencyType;
  readonly capacity: number;
  /** userId → role. */
  readonly staff: ReadonlyMap<string, StaffRole>;
}
export type Agency =
  | { readonly status: 'unregistered' }
  | (RegisteredAgency & { readonly status: 'active' })
  | (RegisteredAgency & { readonly status: 'inactive' });

export type RegisterAgency = Command<
  'RegisterAgency',
  {
    /** A UUID in canonical lowercase form, chosen by the caller (a seed derives it from a slug). */
    agencyId: string;
    type: AgencyType;
    nameKo: string;
    nameEn: string;
    regionsServed: readonly RegionCode[];
    phasesSupported: readonly LifeCyclePhase[];
    capacity: number;
    source: SourceRef;
    confidence: Confidence;
  }
>;
export type UpdateAgencyProfile = Command<
  'UpdateAgencyProfile',
  { agencyId: string; changes: AgencyProfileChanges }
>;
export type ChangeCapacity = Command<
  'ChangeCapacity',
  { agencyId: string; capacity: number; reason?: string }
>;
export type DeactivateAgency = Command<'DeactivateAgency', { agencyId: string; reason: string }>;
export type ReactivateAgency = Command<'ReactivateAgency', { agencyId: string; reason: string }>;
export type AddStaffMember = Command<
  'AddStaffMember',
  { agencyId: string; userId: string; role: StaffRole; displayName: string }
>;
export type RemoveStaffMember = Command<
  'RemoveStaffMember',
  { agencyId: string; userId: string; reason?: string }
>;

export type AgencyCommand =
  | RegisterAgency
  | UpdateAgencyProfile
  | ChangeCapacity
  | DeactivateAgency
  | ReactivateAgency
  | AddStaffMember
  | RemoveStaffMember;

/**
 * Agency types whose work is not a phase of the firm life cycle: crisis response (위기지원센터) and business
 * conversion (구조혁신지원센터, 사업전환) run beside the relay, so they may register without a phase.
 */
export const PHASELESS_AGENCY_TYPES: readonly AgencyType[] = [
  'crisis-support-center',
  'structural-innovation-support-center',
];

/** Types that routing finds by region: the escalation target (지방청) and the crisis center of a region. */
const REGIONAL_ROUTING_TYPES: readonly AgencyType[] = ['regional-sme-office', 'crisis-support-center'];

const PROFILE_FIELDS = [
  'nameKo',
  'nameEn',
  'regionsServed',
  'phasesSupported',
  'source',
  'confidence',
] as const satisfies readonly (keyof AgencyProfileChanges)[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_DISPLAY_NAME = 100;
/** An e-mail address or a phone-number-like run of digits: contact data that does not belong in a name. */
const CONTACT_DATA = /\S+@\S+\.\S+|\d[\d\s().-]{6,}\d/;

const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

function checkName(field: 'nameKo' | 'nameEn', value: string): void {
  if (blank(value)) throw new InvalidAgencyInput(field, 'name-required', `${field} must not be empty`);
}

function checkRegions(type: AgencyType, regions: readonly string[]): void {
  if (!Array.isArray(regions) || regions.length === 0)
    throw new InvalidAgencyInput(
      'regionsServed',
      'region-required',
      REGIONAL_ROUTING_TYPES.includes(type)
        ? `A ${type} is found by region: it must serve at least one 시·도`
        : 'An agency serves at least one 시·도 (a nationwide one lists all 17)',
      { agencyType: type },
    );
  const unknown = regions.filter((r) => !isRegionCode(r));
  if (unknown.length)
    throw new InvalidAgencyInput(
      'regionsServed',
      'unknown-region',
      `Unknown 시·도 codes: ${unknown.join(', ')} (legacy codes 42 and 45 are now 51 and 52)`,
      { unknown },
    );
  if (new Set(regions).size !== regions.length)
    throw new InvalidAgencyInput('regionsServed', 'duplicate-region', 'A region is listed twice');
}

function checkPhases(type: AgencyType, phases: readonly string[]): void {
  if (!Array.isArray(phases))
    throw new InvalidAgencyInput('phasesSupported', 'unknown-phase', 'phasesSupported must be a list');
  const unknown = phases.filter((p) => !(LIFE_CYCLE_PHASES as readonly string[]).includes(p));
  if (unknown.length)
    throw new InvalidAgencyInput(
      'phasesSupported',
      'unknown-phase',
      `Unknown life-cycle phases: ${unknown.join(', ')} (known: ${LIFE_CYCLE_PHASES.join(', ')})`,
      { unknown },
    );
  if (new Set(phases).size !== phases.length)
    throw new InvalidAgencyInput('phasesSupported', 'duplicate-phase', 'A phase is listed twice');
  if (phases.length === 0 && !PHASELESS_AGENCY_TYPES.includes(type))
    throw new InvalidAgencyInput(
      'phasesSupported',
      'phase-required',
      `A ${type} supports at least one life-cycle phase`,
      { agencyType: type },
    );
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity))
    throw new InvalidAgencyInput(
      'capacity',
      'capacity-not-integer',
      'capacity is a whole number of open cases',
    );
  if (capacity < 0)
    throw new InvalidAgencyInput('capacity', 'capacity-negative', 'capacity cannot be negative');
}

function checkSource(source: SourceRef): void {
  if (!source || !Array.isArray(source.refs) || (source.refs.length === 0 && blank(source.note)))
    throw new InvalidAgencyInput(
      'source',
      'source-required',
      'Every agency says where its data comes from (refs, or a note)',
    );
}

function checkConfidence(confidence: Confidence): void {
  if (!CONFIDENCES.includes(confidence))
    throw new InvalidAgencyInput(
      'confidence',
      'unknown-confidence',
      `confidence must be one of ${CONFIDENCES.join(', ')}`,
    );
}

function checkReason(reason: string): string {
  if (blank(reason)) throw new InvalidAgencyInput('reason', 'reason-required', 'Give a reason');
  return reason.trim();
}

function checkStaffMember(userId: string, role: StaffRole, displayName: string): void {
  if (blank(userId)) throw new InvalidAgencyInput('userId', 'user-id-required', 'userId must not be empty');
  if (!STAFF_ROLES.includes(role))
    throw new InvalidAgencyInput('role', 'unknown-role', `role must be one of ${STAFF_ROLES.join(', ')}`);
  if (blank(displayName))
    throw new InvalidAgencyInput('displayName', 'display-name-required', 'displayName must not be empty');
  if (displayName.trim().length > MAX_DISPLAY_NAME)
    throw new InvalidAgencyInput(
      'displayName',
      'display-name-too-long',
      `displayName has at most ${MAX_DISPLAY_NAME} characters`,
    );
  if (CONTACT_DATA.test(displayName))
    throw new InvalidAgencyInput(
      'displayName',
      'display-name-contact-data',
      'displayName must not hold an e-mail address or a phone number: the stream keeps no contact data',
    );
}

function registered(state: Agency, agencyId: string): RegisteredAgency & { status: 'active' | 'inactive' } {
  if (state.status === 'unregistered' || state.agencyId !== agencyId) throw new AgencyNotFound(agencyId);
  return state;
}

export function decide(command: AgencyCommand, state: Agency): AgencyEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RegisterAgency': {
      const d = command.data;
      if (state.status !== 'unregistered') throw new AgencyAlreadyExists(d.agencyId);
      if (typeof d.agencyId !== 'string' || !UUID.test(d.agencyId))
        throw new InvalidAgencyInput('agencyId', 'agency-id-format', 'agencyId must be a lowercase UUID');
      if (!isAgencyType(d.type))
        throw new InvalidAgencyInput('type', 'unknown-agency-type', `Unknown agency type ${String(d.type)}`);
      checkName('nameKo', d.nameKo);
      checkName('nameEn', d.nameEn);
      checkRegions(d.type, d.regionsServed);
      checkPhases(d.type, d.phasesSupported);
      checkCapacity(d.capacity);
      checkSource(d.source);
      checkConfidence(d.confidence);
      return [
        {
          type: 'AgencyRegistered',
          data: {
            agencyId: d.agencyId,
            type: d.type,
            nameKo: d.nameKo.trim(),
            nameEn: d.nameEn.trim(),
            regionsServed: d.regionsServed,
            phasesSupported: d.phasesSupported,
            capacity: d.capacity,
            source: d.source,
            confidence: d.confidence,
            registeredAt: now,
          },
        },
      ];
    }
    case 'UpdateAgencyProfile': {
      const agency = registered(state, command.data.agencyId);
      const changes = command.data.changes ?? {};
      const named = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined);
      const fixed = named.filter((k) => !(PROFILE_FIELDS as readonly string[]).includes(k));
      if (fixed.length)
        throw new InvalidAgencyInput(
          `changes.${fixed[0]}`,
          'not-updatable',
          `${fixed.join(', ')} cannot be changed by a profile update (the agency type is fixed at ` +
            'registration; capacity, status and staff have their own commands)',
        );
      if (named.length === 0)
        throw new InvalidAgencyInput('changes', 'nothing-to-update', 'Name at least one field to change');
      if (changes.nameKo !== undefined) checkName('nameKo', changes.nameKo);
      if (changes.nameEn !== undefined) checkName('nameEn', changes.nameEn);
      if (changes.regionsServed !== undefined) checkRegions(agency.type, changes.regionsServed);
      if (changes.phasesSupported !== undefined) checkPhases(agency.type, changes.phasesSupported);
      if (changes.source !== undefined) checkSource(changes.source);
      if (changes.confidence !== undefined) checkConfidence(changes.confidence);
      const normalised = Object.fromEntries(
        named.map((k) => {
          const value = changes[k as keyof AgencyProfileChanges];
          return [k, typeof value === 'string' && k.startsWith('name') ? value.trim() : value];
        }),
      ) as AgencyProfileChanges;
      return [
        {
          type: 'AgencyProfileUpdated',
          data: { agencyId: agency.agencyId, changes: normalised, updatedAt: now },
        },
      ];
    }
    case 'ChangeCapacity': {
      const agency = registered(state, command.data.agencyId);
      checkCapacity(command.data.capacity);
      if (command.data.capacity === agency.capacity) return [];
      return [
        {
          type: 'AgencyCapacityChanged',
          data: {
            agencyId: agency.agencyId,
            previousCapacity: agency.capacity,
            capacity: command.data.capacity,
            reason: blank(command.data.reason) ? null : command.data.reason!.trim(),
            changedAt: now,
          },
        },
      ];
    }
    case 'DeactivateAgency': {
      const agency = registered(state, command.data.agencyId);
      const reason = checkReason(command.data.reason);
      if (agency.status === 'inactive') throw new AgencyAlreadyInactive(agency.agencyId);
      return [{ type: 'AgencyDeactivated', data: { agencyId: agency.agencyId, reason, deactivatedAt: now } }];
    }
    case 'ReactivateAgency': {
      const agency = registered(state, command.data.agencyId);
      const reason = checkReason(command.data.reason);
      if (agency.status === 'active') throw new AgencyAlreadyActive(agency.agencyId);
      return [{ type: 'AgencyReactivated', data: { agencyId: agency.agencyId, reason, reactivatedAt: now } }];
    }
    case 'AddStaffMember': {
      const agency = registered(state, command.data.agencyId);
      const { userId, role, displayName } = command.data;
      if (agency.status === 'inactive') throw new AgencyIsInactive(agency.agencyId);
      checkStaffMember(userId, role, displayName);
      const current = agency.staff.get(userId);
      if (current) throw new StaffMemberAlreadyExists(agency.agencyId, userId, current);
      return [
        {
          type: 'StaffMemberAdded',
          data: { agencyId: agency.agencyId, userId, role, displayName: displayName.trim(), addedAt: now },
        },
      ];
    }
    case 'RemoveStaffMember': {
      const agency = registered(state, command.data.agencyId);
      const { userId, reason } = command.data;
      if (!agency.staff.has(userId)) throw new StaffMemberNotFound(agency.agencyId, userId);
      return [
        {
          type: 'StaffMemberRemoved',
          data: {
            agencyId: agency.agencyId,
            userId,
            reason: blank(reason) ? null : reason!.trim(),
            removedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'agency command');
  }
}

export function evolve(state: Agency, event: AgencyEvent): Agency {
  if (event.type === 'AgencyRegistered') {
    const { agencyId, type, capacity } = event.data;
    return { status: 'active', agencyId, type, capacity, staff: new Map() };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'AgencyProfileUpdated':
      return state;
    case 'AgencyCapacityChanged':
      return { ...state, capacity: event.data.capacity };
    case 'AgencyDeactivated':
      return { ...state, status: 'inactive' };
    case 'AgencyReactivated':
      return { ...state, status: 'active' };
    case 'StaffMemberAdded':
      return { ...state, staff: new Map(state.staff).set(event.data.userId, event.data.role) };
    case 'StaffMemberRemoved': {
      const staff = new Map(state.staff);
      staff.delete(event.data.userId);
      return { ...state, staff };
    }
    default:
      return assertNever(event, 'agency event');
  }
}

export const agencyDecider: Decider<Agency, AgencyCommand, AgencyEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
