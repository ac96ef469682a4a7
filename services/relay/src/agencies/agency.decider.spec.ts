import { DeciderSpecification, type DomainError } from '@baton/eventsourcing';
import type { AgencyType, Confidence, RegionCode } from '@baton/reference-data';
import {
  agencyDecider,
  type AddStaffMember,
  type AgencyCommand,
  type ChangeCapacity,
  type DeactivateAgency,
  type ReactivateAgency,
  type RegisterAgency,
  type RemoveStaffMember,
  type UpdateAgencyProfile,
} from './agency.decider';
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
  LIFE_CYCLE_PHASES,
  agencyStreamId,
  type AgencyCapacityChanged,
  type AgencyDeactivated,
  type AgencyEvent,
  type AgencyProfileChanges,
  type AgencyReactivated,
  type AgencyRegistered,
  type LifeCyclePhase,
  type StaffMemberAdded,
  type StaffMemberRemoved,
  type StaffRole,
} from './agency.events';

const spec = DeciderSpecification(agencyDecider);

const NOW = '2026-03-02T00:00:00.000Z';
const EARLIER = '2026-01-05T00:00:00.000Z';
const meta = { now: NOW };

const AGENCY_ID = '0b7a1c52-3f1e-4c8e-9a55-6f1d2e3c4b5a';
const OTHER_AGENCY_ID = '5d0c2a9e-7b41-4e02-8f63-1a2b3c4d5e6f';

const daeguTp: RegisterAgency['data'] = {
  agencyId: AGENCY_ID,
  type: 'technopark',
  nameKo: '대구테크노파크',
  nameEn: 'Daegu Technopark',
  regionsServed: ['27'],
  phasesSupported: LIFE_CYCLE_PHASES,
  capacity: 50,
  source: { refs: ['S30', 'S31'] },
  confidence: 'verified',
};

// Commands
const register = (data: Partial<RegisterAgency['data']> = {}): RegisterAgency => ({
  type: 'RegisterAgency',
  data: { ...daeguTp, ...data },
  metadata: meta,
});
const update = (changes: AgencyProfileChanges, agencyId = AGENCY_ID): UpdateAgencyProfile => ({
  type: 'UpdateAgencyProfile',
  data: { agencyId, changes },
  metadata: meta,
});
const changeCapacity = (capacity: number, reason?: string): ChangeCapacity => ({
  type: 'ChangeCapacity',
  data: { agencyId: AGENCY_ID, capacity, ...(reason !== undefined && { reason }) },
  metadata: meta,
});
const deactivate = (reason = '기관 통폐합'): DeactivateAgency => ({
  type: 'DeactivateAgency',
  data: { agencyId: AGENCY_ID, reason },
  metadata: meta,
});
const reactivate = (reason = '지원사업 재개'): ReactivateAgency => ({
  type: 'ReactivateAgency',
  data: { agencyId: AGENCY_ID, reason },
  metadata: meta,
});
const addStaff = (
  userId = 'user-kim',
  role: StaffRole = 'agency-staff',
  displayName = '김지원',
): AddStaffMember => ({
  type: 'AddStaffMember',
  data: { agencyId: AGENCY_ID, userId, role, displayName },
  metadata: meta,
});
const removeStaff = (userId = 'user-kim', reason?: string): RemoveStaffMember => ({
  type: 'RemoveStaffMember',
  data: { agencyId: AGENCY_ID, userId, ...(reason !== undefined && { reason }) },
  metadata: meta,
});

// Events
const registered = (data: Partial<RegisterAgency['data']> = {}): AgencyRegistered => ({
  type: 'AgencyRegistered',
  data: { ...daeguTp, ...data, registeredAt: EARLIER },
});
const capacityChanged = (previousCapacity: number, capacity: number): AgencyCapacityChanged => ({
  type: 'AgencyCapacityChanged',
  data: { agencyId: AGENCY_ID, previousCapacity, capacity, reason: null, changedAt: EARLIER },
});
const deactivated: AgencyDeactivated = {
  type: 'AgencyDeactivated',
  data: { agencyId: AGENCY_ID, reason: '기관 통폐합', deactivatedAt: EARLIER },
};
const reactivated: AgencyReactivated = {
  type: 'AgencyReactivated',
  data: { agencyId: AGENCY_ID, reason: '지원사업 재개', reactivatedAt: EARLIER },
};
const staffAdded = (userId = 'user-kim', role: StaffRole = 'agency-staff'): StaffMemberAdded => ({
  type: 'StaffMemberAdded',
  data: { agencyId: AGENCY_ID, userId, role, displayName: '김지원', addedAt: EARLIER },
});
const staffRemoved = (userId = 'user-kim'): StaffMemberRemoved => ({
  type: 'StaffMemberRemoved',
  data: { agencyId: AGENCY_ID, userId, reason: null, removedAt: EARLIER },
});

/** A thenThrows check that pins the broken rule (`code`) and the input at fault (`details.field`). */
const rule =
  (code: string, field: string) =>
  (error: DomainError): boolean =>
    error.code === code && error.details.field === field;

/** Every command that needs a registered agency, for the not-found rules. */
const commandsOnAnAgency: [string, AgencyCommand][] = [
  ['UpdateAgencyProfile', update({ nameEn: 'Daegu TP' })],
  ['ChangeCapacity', changeCapacity(60)],
  ['DeactivateAgency', deactivate()],
  ['ReactivateAgency', reactivate()],
  ['AddStaffMember', addStaff()],
  ['RemoveStaffMember', removeStaff()],
];

describe('agency stream', () => {
  it('is named agency-<agencyId>', () => {
    expect(agencyStreamId(AGENCY_ID)).toBe(`agency-${AGENCY_ID}`);
  });
});

describe('RegisterAgency', () => {
  it('registers the agency, stamped with the decision time', () => {
    spec
      .given([])
      .when(register())
      .then([{ type: 'AgencyRegistered', data: { ...daeguTp, registeredAt: NOW } }]);
  });

  it('trims the names', () => {
    spec
      .given([])
      .when(register({ nameKo: ' 대구테크노파크 ', nameEn: 'Daegu Technopark  ' }))
      .then([{ type: 'AgencyRegistered', data: { ...daeguTp, registeredAt: NOW } }]);
  });

  it('accepts a capacity of zero (an agency that takes no new cases for now)', () => {
    spec
      .given([])
      .when(register({ capacity: 0 }))
      .then([{ type: 'AgencyRegistered', data: { ...daeguTp, capacity: 0, registeredAt: NOW } }]);
  });

  it('accepts a source that is only a note', () => {
    const source = { refs: [], note: '기관 제출 자료' };
    spec
      .given([])
      .when(register({ source }))
      .then([{ type: 'AgencyRegistered', data: { ...daeguTp, source, registeredAt: NOW } }]);
  });

  it('refuses a second registration of the same agency', () => {
    spec
      .given([registered()])
      .when(register())
      .thenThrows(AgencyAlreadyExists, rule('agency-already-exists', 'agencyId'));
  });

  it('refuses a registration even after the agency was deactivated', () => {
    spec
      .given([registered(), deactivated])
      .when(register())
      .thenThrows(AgencyAlreadyExists, rule('agency-already-exists', 'agencyId'));
  });

  it.each(['daegu-tp', '', '0B7A1C52-3F1E-4C8E-9A55-6F1D2E3C4B5A', `${AGENCY_ID}0`])(
    'refuses an agencyId that is not a lowercase UUID: %j',
    (agencyId) => {
      spec
        .given([])
        .when(register({ agencyId }))
        .thenThrows(InvalidAgencyInput, rule('agency-id-format', 'agencyId'));
    },
  );

  it('refuses an unknown agency type', () => {
    spec
      .given([])
      .when(register({ type: 'incubator' as AgencyType }))
      .thenThrows(InvalidAgencyInput, rule('unknown-agency-type', 'type'));
  });

  it.each(['nameKo', 'nameEn'] as const)('refuses a blank %s', (field) => {
    spec
      .given([])
      .when(register({ [field]: '  ' }))
      .thenThrows(InvalidAgencyInput, rule('name-required', field));
  });

  it.each(['99', '42', '45', '27-1'])('refuses an unknown region %j (legacy codes included)', (code) => {
    spec
      .given([])
      .when(register({ regionsServed: ['27', code as RegionCode] }))
      .thenThrows(
        InvalidAgencyInput,
        (e) => rule('unknown-region', 'regionsServed')(e) && (e.details.unknown as string[])[0] === code,
      );
  });

  it('refuses a region listed twice', () => {
    spec
      .given([])
      .when(register({ regionsServed: ['27', '47', '27'] }))
      .thenThrows(InvalidAgencyInput, rule('duplicate-region', 'regionsServed'));
  });

  it.each<AgencyType>(['crisis-support-center', 'regional-sme-office'])(
    'refuses a %s that serves no region: routing finds it by region',
    (type) => {
      spec
        .given([])
        .when(register({ type, regionsServed: [], phasesSupported: [] }))
        .thenThrows(
          InvalidAgencyInput,
          (e) =>
            rule('region-required', 'regionsServed')(e) &&
            e.details.agencyType === type &&
            /found by region/.test(e.message),
        );
    },
  );

  it('refuses any other agency that serves no region (a nationwide one lists all 17)', () => {
    spec
      .given([])
      .when(register({ regionsServed: [] }))
      .thenThrows(InvalidAgencyInput, rule('region-required', 'regionsServed'));
  });

  it('refuses an unknown life-cycle phase', () => {
    spec
      .given([])
      .when(register({ phasesSupported: ['commercialisation', 'export' as LifeCyclePhase] }))
      .thenThrows(
        InvalidAgencyInput,
        (e) => rule('unknown-phase', 'phasesSupported')(e) && (e.details.unknown as string[])[0] === 'export',
      );
  });

  it('refuses a phase listed twice', () => {
    spec
      .given([])
      .when(register({ phasesSupported: ['marketing', 'marketing'] }))
      .thenThrows(InvalidAgencyInput, rule('duplicate-phase', 'phasesSupported'));
  });

  it.each<AgencyType>(['technopark', 'creative-economy-innovation-center', 'regional-sme-office'])(
    'refuses a %s that supports no phase',
    (type) => {
      spec
        .given([])
        .when(register({ type, phasesSupported: [] }))
        .thenThrows(InvalidAgencyInput, rule('phase-required', 'phasesSupported'));
    },
  );

  it.each<AgencyType>(['crisis-support-center', 'structural-innovation-support-center'])(
    'registers a %s without a phase: its work runs beside the life cycle',
    (type) => {
      spec
        .given([])
        .when(register({ type, phasesSupported: [] }))
        .then([
          { type: 'AgencyRegistered', data: { ...daeguTp, type, phasesSupported: [], registeredAt: NOW } },
        ]);
    },
  );

  it('refuses a negative capacity', () => {
    spec
      .given([])
      .when(register({ capacity: -1 }))
      .thenThrows(InvalidAgencyInput, rule('capacity-negative', 'capacity'));
  });

  it.each([2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a capacity that is not an integer: %p',
    (c) => {
      spec
        .given([])
        .when(register({ capacity: c }))
        .thenThrows(InvalidAgencyInput, rule('capacity-not-integer', 'capacity'));
    },
  );

  it('refuses an agency that does not say where its data comes from', () => {
    spec
      .given([])
      .when(register({ source: { refs: [], note: ' ' } }))
      .thenThrows(InvalidAgencyInput, rule('source-required', 'source'));
  });

  it('refuses an unknown confidence', () => {
    spec
      .given([])
      .when(register({ confidence: 'probably' as Confidence }))
      .thenThrows(InvalidAgencyInput, rule('unknown-confidence', 'confidence'));
  });
});

describe.each(commandsOnAnAgency)('%s on an agency that does not exist', (_, command) => {
  it('is refused: no agency in this stream', () => {
    spec.given([]).when(command).thenThrows(AgencyNotFound, rule('agency-not-found', 'agencyId'));
  });

  it('is refused when it names another agency than the stream holds', () => {
    spec
      .given([registered({ agencyId: OTHER_AGENCY_ID })])
      .when(command)
      .thenThrows(AgencyNotFound, (e) => e.details.agencyId === AGENCY_ID);
  });
});

describe('UpdateAgencyProfile', () => {
  it('records the changed fields, names trimmed', () => {
    spec
      .given([registered()])
      .when(
        update({ nameEn: ' Daegu Technopark (DGTP) ', regionsServed: ['27', '47'], confidence: 'verified' }),
      )
      .then([
        {
          type: 'AgencyProfileUpdated',
          data: {
            agencyId: AGENCY_ID,
            changes: {
              nameEn: 'Daegu Technopark (DGTP)',
              regionsServed: ['27', '47'],
              confidence: 'verified',
            },
            updatedAt: NOW,
          },
        },
      ]);
  });

  it('leaves out fields given as undefined', () => {
    spec
      .given([registered()])
      .when(update({ nameKo: '대구TP', nameEn: undefined }))
      .then([
        {
          type: 'AgencyProfileUpdated',
          data: { agencyId: AGENCY_ID, changes: { nameKo: '대구TP' }, updatedAt: NOW },
        },
      ]);
  });

  it('corrects the directory data of an inactive agency too', () => {
    spec
      .given([registered(), deactivated])
      .when(update({ source: { refs: ['S30'], note: 'checked' } }))
      .then([
        {
          type: 'AgencyProfileUpdated',
          data: {
            agencyId: AGENCY_ID,
            changes: { source: { refs: ['S30'], note: 'checked' } },
            updatedAt: NOW,
          },
        },
      ]);
  });

  it.each([{}, { nameKo: undefined }])('refuses an update that changes nothing: %p', (changes) => {
    spec
      .given([registered()])
      .when(update(changes))
      .thenThrows(InvalidAgencyInput, rule('nothing-to-update', 'changes'));
  });

  it('refuses to change the agency type, or what has its own command', () => {
    spec
      .given([registered()])
      .when(update({ type: 'crisis-support-center' } as AgencyProfileChanges))
      .thenThrows(InvalidAgencyInput, rule('not-updatable', 'changes.type'));
    spec
      .given([registered()])
      .when(update({ nameKo: '대구TP', capacity: 10 } as AgencyProfileChanges))
      .thenThrows(InvalidAgencyInput, rule('not-updatable', 'changes.capacity'));
  });

  it('refuses a blank name', () => {
    spec
      .given([registered()])
      .when(update({ nameKo: '' }))
      .thenThrows(InvalidAgencyInput, rule('name-required', 'nameKo'));
  });

  it('refuses an unknown region', () => {
    spec
      .given([registered()])
      .when(update({ regionsServed: ['42' as RegionCode] }))
      .thenThrows(InvalidAgencyInput, rule('unknown-region', 'regionsServed'));
  });

  it.each<AgencyType>(['crisis-support-center', 'regional-sme-office'])(
    'refuses to leave a %s without a region',
    (type) => {
      spec
        .given([registered({ type, phasesSupported: [] })])
        .when(update({ regionsServed: [] }))
        .thenThrows(
          InvalidAgencyInput,
          (e) => rule('region-required', 'regionsServed')(e) && e.details.agencyType === type,
        );
    },
  );

  it('refuses an unknown phase', () => {
    spec
      .given([registered()])
      .when(update({ phasesSupported: ['ipo' as LifeCyclePhase] }))
      .thenThrows(InvalidAgencyInput, rule('unknown-phase', 'phasesSupported'));
  });

  it('refuses to leave a technopark without a phase, but not a crisis support center', () => {
    spec
      .given([registered()])
      .when(update({ phasesSupported: [] }))
      .thenThrows(InvalidAgencyInput, rule('phase-required', 'phasesSupported'));
    spec
      .given([registered({ type: 'crisis-support-center', phasesSupported: ['commercialisation'] })])
      .when(update({ phasesSupported: [] }))
      .then([
        {
          type: 'AgencyProfileUpdated',
          data: { agencyId: AGENCY_ID, changes: { phasesSupported: [] }, updatedAt: NOW },
        },
      ]);
  });

  it('refuses an empty source and an unknown confidence', () => {
    spec
      .given([registered()])
      .when(update({ source: { refs: [] } }))
      .thenThrows(InvalidAgencyInput, rule('source-required', 'source'));
    spec
      .given([registered()])
      .when(update({ confidence: 'high' as Confidence }))
      .thenThrows(InvalidAgencyInput, rule('unknown-confidence', 'confidence'));
  });
});

describe('ChangeCapacity', () => {
  it('records the new capacity with the previous one', () => {
    spec
      .given([registered()])
      .when(changeCapacity(80, ' 전담인력 충원 '))
      .then([
        {
          type: 'AgencyCapacityChanged',
          data: {
            agencyId: AGENCY_ID,
            previousCapacity: 50,
            capacity: 80,
            reason: '전담인력 충원',
            changedAt: NOW,
          },
        },
      ]);
  });

  it('knows the capacity of the last change', () => {
    spec
      .given([registered(), capacityChanged(50, 20)])
      .when(changeCapacity(0))
      .then([
        {
          type: 'AgencyCapacityChanged',
          data: { agencyId: AGENCY_ID, previousCapacity: 20, capacity: 0, reason: null, changedAt: NOW },
        },
      ]);
  });

  it('does nothing when the capacity does not change', () => {
    spec
      .given([registered(), capacityChanged(50, 20)])
      .when(changeCapacity(20))
      .thenNothingHappens();
  });

  it('refuses a negative capacity', () => {
    spec
      .given([registered()])
      .when(changeCapacity(-5))
      .thenThrows(InvalidAgencyInput, rule('capacity-negative', 'capacity'));
  });

  it('refuses a capacity that is not an integer', () => {
    spec
      .given([registered()])
      .when(changeCapacity(12.5))
      .thenThrows(InvalidAgencyInput, rule('capacity-not-integer', 'capacity'));
  });
});

describe('DeactivateAgency and ReactivateAgency', () => {
  it('deactivates an active agency, with the reason', () => {
    spec
      .given([registered()])
      .when(deactivate(' 기관 통폐합 '))
      .then([
        {
          type: 'AgencyDeactivated',
          data: { agencyId: AGENCY_ID, reason: '기관 통폐합', deactivatedAt: NOW },
        },
      ]);
  });

  it('refuses to deactivate an inactive agency', () => {
    spec
      .given([registered(), deactivated])
      .when(deactivate())
      .thenThrows(AgencyAlreadyInactive, rule('agency-already-inactive', 'agencyId'));
  });

  it('reactivates an inactive agency, with the reason', () => {
    spec
      .given([registered(), deactivated])
      .when(reactivate())
      .then([
        {
          type: 'AgencyReactivated',
          data: { agencyId: AGENCY_ID, reason: '지원사업 재개', reactivatedAt: NOW },
        },
      ]);
  });

  it('refuses to reactivate an active agency', () => {
    spec
      .given([registered()])
      .when(reactivate())
      .thenThrows(AgencyAlreadyActive, rule('agency-already-active', 'agencyId'));
    spec
      .given([registered(), deactivated, reactivated])
      .when(reactivate())
      .thenThrows(AgencyAlreadyActive, rule('agency-already-active', 'agencyId'));
  });

  it('can deactivate again after a reactivation', () => {
    spec
      .given([registered(), deactivated, reactivated])
      .when(deactivate())
      .then([
        {
          type: 'AgencyDeactivated',
          data: { agencyId: AGENCY_ID, reason: '기관 통폐합', deactivatedAt: NOW },
        },
      ]);
  });

  it('requires a reason for either', () => {
    spec
      .given([registered()])
      .when(deactivate('  '))
      .thenThrows(InvalidAgencyInput, rule('reason-required', 'reason'));
    spec
      .given([registered(), deactivated])
      .when(reactivate(''))
      .thenThrows(InvalidAgencyInput, rule('reason-required', 'reason'));
  });
});

describe('AddStaffMember', () => {
  it('adds a member with a role and a display name', () => {
    spec
      .given([registered()])
      .when(addStaff('user-lee', 'agency-admin', ' 이담당 '))
      .then([
        {
          type: 'StaffMemberAdded',
          data: {
            agencyId: AGENCY_ID,
            userId: 'user-lee',
            role: 'agency-admin',
            displayName: '이담당',
            addedAt: NOW,
          },
        },
      ]);
  });

  it('refuses to add a member twice, whatever the role', () => {
    spec
      .given([registered(), staffAdded('user-kim', 'agency-staff')])
      .when(addStaff('user-kim', 'agency-admin'))
      .thenThrows(
        StaffMemberAlreadyExists,
        (e) => rule('staff-member-already-exists', 'userId')(e) && e.details.role === 'agency-staff',
      );
  });

  it('adds a member again after their removal', () => {
    spec
      .given([registered(), staffAdded(), staffRemoved()])
      .when(addStaff())
      .then([
        {
          type: 'StaffMemberAdded',
          data: {
            agencyId: AGENCY_ID,
            userId: 'user-kim',
            role: 'agency-staff',
            displayName: '김지원',
            addedAt: NOW,
          },
        },
      ]);
  });

  it('refuses to add a member to an inactive agency', () => {
    spec
      .given([registered(), deactivated])
      .when(addStaff())
      .thenThrows(AgencyIsInactive, rule('agency-inactive', 'agencyId'));
  });

  it('refuses a blank userId', () => {
    spec
      .given([registered()])
      .when(addStaff(' '))
      .thenThrows(InvalidAgencyInput, rule('user-id-required', 'userId'));
  });

  it('refuses an unknown role', () => {
    spec
      .given([registered()])
      .when(addStaff('user-kim', 'ministry-admin' as StaffRole))
      .thenThrows(InvalidAgencyInput, rule('unknown-role', 'role'));
  });

  it('refuses a blank or an overlong display name', () => {
    spec
      .given([registered()])
      .when(addStaff('user-kim', 'agency-staff', ''))
      .thenThrows(InvalidAgencyInput, rule('display-name-required', 'displayName'));
    spec
      .given([registered()])
      .when(addStaff('user-kim', 'agency-staff', '가'.repeat(101)))
      .thenThrows(InvalidAgencyInput, rule('display-name-too-long', 'displayName'));
  });

  it.each(['김지원 kim@dgtp.or.kr', '김지원 010-1234-5678', '김지원 (053) 757 4114'])(
    'keeps contact data out of the stream: refuses the display name %j',
    (displayName) => {
      spec
        .given([registered()])
        .when(addStaff('user-kim', 'agency-staff', displayName))
        .thenThrows(InvalidAgencyInput, rule('display-name-contact-data', 'displayName'));
    },
  );

  it('accepts a display name with a team and a short number', () => {
    spec
      .given([registered()])
      .when(addStaff('user-kim', 'agency-staff', '김지원 (기업지원2팀)'))
      .then([
        {
          type: 'StaffMemberAdded',
          data: {
            agencyId: AGENCY_ID,
            userId: 'user-kim',
            role: 'agency-staff',
            displayName: '김지원 (기업지원2팀)',
            addedAt: NOW,
          },
        },
      ]);
  });
});

describe('RemoveStaffMember', () => {
  it('removes a member, with an optional reason', () => {
    spec
      .given([registered(), staffAdded()])
      .when(removeStaff('user-kim', '전보'))
      .then([
        {
          type: 'StaffMemberRemoved',
          data: { agencyId: AGENCY_ID, userId: 'user-kim', reason: '전보', removedAt: NOW },
        },
      ]);
  });

  it('removes members of an inactive agency too (off-boarding)', () => {
    spec
      .given([registered(), staffAdded(), deactivated])
      .when(removeStaff())
      .then([
        {
          type: 'StaffMemberRemoved',
          data: { agencyId: AGENCY_ID, userId: 'user-kim', reason: null, removedAt: NOW },
        },
      ]);
  });

  it('refuses to remove a non-member', () => {
    spec
      .given([registered(), staffAdded('user-kim')])
      .when(removeStaff('user-park'))
      .thenThrows(StaffMemberNotFound, rule('staff-member-not-found', 'userId'));
  });

  it('refuses to remove a member twice', () => {
    spec
      .given([registered(), staffAdded(), staffRemoved()])
      .when(removeStaff())
      .thenThrows(StaffMemberNotFound, rule('staff-member-not-found', 'userId'));
  });
});

describe('evolve', () => {
  it('folds the whole history into what decide needs', () => {
    const history: AgencyEvent[] = [
      registered(),
      capacityChanged(50, 30),
      staffAdded('user-kim', 'agency-admin'),
      staffAdded('user-lee'),
      staffRemoved('user-lee'),
      deactivated,
    ];
    const state = history.reduce(agencyDecider.evolve, agencyDecider.initialState());
    expect(state).toEqual({
      status: 'inactive',
      agencyId: AGENCY_ID,
      type: 'technopark',
      capacity: 30,
      staff: new Map([['user-kim', 'agency-admin']]),
    });
  });
});
