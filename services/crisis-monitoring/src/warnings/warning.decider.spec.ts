import { DeciderSpecification, DomainError, fold } from '@baton/eventsourcing';
import type { WarningLevel } from '../rules/warning-level';
import {
  warningDecider,
  warningIdFor,
  type AcknowledgeWarning,
  type ChangeWarningLevel,
  type DismissWarning,
  type EscalateOverdueWarning,
  type GiveEmergencySupport,
  type RaiseWarning,
  type RecordPreventionPlan,
  type ReferForBusinessConversion,
  type ResolveWarning,
  type WarningActor,
  type WarningCommand,
} from './warning.decider';
import {
  Forbidden,
  InvalidWarningInput,
  RecordIdTaken,
  StreamMismatch,
  WarningAlreadyAcknowledged,
  WarningAlreadyDismissed,
  WarningAlreadyResolved,
  WarningIdTaken,
  WarningNotFound,
  WarningNotOverdue,
} from './warning.errors';
import type {
  EmergencySupportGiven,
  PreventionPlanRecorded,
  ReferredForBusinessConversion,
  WarningAcknowledged,
  WarningDismissed,
  WarningEscalated,
  WarningEvent,
  WarningLevelChanged,
  WarningRaised,
  WarningResolved,
} from './warning.events';

const spec = DeciderSpecification(warningDecider);

const FIRM = 'firm-hanbit';
const WID = warningIdFor(FIRM, 'debt-ratio', 1);
const WID2 = warningIdFor(FIRM, 'debt-ratio', 2);
const DAEGU = '27';
const CENTER = 'agency-daegu-crisis-center'; // 대구 지역중소기업 위기지원센터
const OFFICE = 'agency-daegu-gyeongbuk-office'; // 대구경북지방중소벤처기업청
const OTHER = 'agency-busan-crisis-center';
const SIC = 'agency-daegu-structural-innovation-center'; // 구조혁신지원센터

const RAISED_AT = '2026-04-20T01:00:00.000Z';
const H = (hours: number) => new Date(Date.parse(RAISED_AT) + hours * 3_600_000).toISOString();

const SYSTEM: WarningActor = { userId: 'crisis-monitoring', role: 'system' };
const center: WarningActor = { userId: 'u-center', role: 'crisis-center', agencyId: CENTER };
const officeStaff = (regions: string[] = [DAEGU, '47']): WarningActor => ({
  userId: 'u-office',
  role: 'regional-office',
  agencyId: OFFICE,
  regions,
});
const other: WarningActor = { userId: 'u-busan', role: 'crisis-center', agencyId: OTHER };
const meta = (actor: WarningActor, now = H(1)) => ({ now, actor });

const MEASURED = { value: 410, unit: 'percent' as const };
const INPUTS = { periods: ['2026-Q1'], values: { '2026-Q1.debtRatio': 410 } };

// ---- commands -------------------------------------------------------------------------------------------

const raise = (data: Partial<RaiseWarning['data']> = {}, actor = SYSTEM, now = RAISED_AT): RaiseWarning => ({
  type: 'RaiseWarning',
  data: {
    warningId: WID,
    firmId: FIRM,
    signal: 'debt-ratio',
    region: DAEGU,
    industryId: 'daegu-robotics',
    level: 'alert',
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    measured: MEASURED,
    inputs: INPUTS,
    routing: { agencyId: CENTER, reason: 'center' },
    ackSlaHours: 24,
    ...data,
  },
  metadata: { now, actor },
});
const changeLevel = (
  level: WarningLevel | null,
  data: Partial<ChangeWarningLevel['data']> = {},
  now = H(1),
  actor = SYSTEM,
): ChangeWarningLevel => ({
  type: 'ChangeWarningLevel',
  data: {
    warningId: WID,
    firmId: FIRM,
    signal: 'debt-ratio',
    level,
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    measured: MEASURED,
    inputs: INPUTS,
    ackSlaHours: level === null ? null : { caution: 72, 'pre-alert': 48, alert: 24, insolvent: 8 }[level],
    ...data,
  },
  metadata: meta(actor, now),
});
const acknowledge = (actor = center, warningId = WID): AcknowledgeWarning => ({
  type: 'AcknowledgeWarning',
  data: { warningId },
  metadata: meta(actor),
});
const escalate = (now = H(25), office = OFFICE, actor = SYSTEM): EscalateOverdueWarning => ({
  type: 'EscalateOverdueWarning',
  data: { warningId: WID, regionalOfficeAgencyId: office },
  metadata: meta(actor, now),
});
const recordPlan = (
  data: Partial<RecordPreventionPlan['data']> = {},
  actor = center,
): RecordPreventionPlan => ({
  type: 'RecordPreventionPlan',
  data: {
    warningId: WID,
    planId: 'plan-1',
    summary: ' 유동성 위기 대응 계획 ',
    measures: ['정책자금 연계', ' 경영 컨설팅 '],
    ...data,
  },
  metadata: meta(actor),
});
const giveSupport = (
  data: Partial<GiveEmergencySupport['data']> = {},
  actor = center,
): GiveEmergencySupport => ({
  type: 'GiveEmergencySupport',
  data: {
    warningId: WID,
    supportId: 'support-1',
    link: { kind: 'relay-case', caseId: 'case-42', handoffId: 'p1' },
    note: '긴급경영안정자금',
    ...data,
  },
  metadata: meta(actor),
});
const refer = (
  data: Partial<ReferForBusinessConversion['data']> = {},
  actor = center,
): ReferForBusinessConversion => ({
  type: 'ReferForBusinessConversion',
  data: { warningId: WID, referralId: 'referral-1', centerAgencyId: SIC, note: '업종 전환 검토', ...data },
  metadata: meta(actor),
});
const resolve = (data: Partial<ResolveWarning['data']> = {}, actor = center): ResolveWarning => ({
  type: 'ResolveWarning',
  data: { warningId: WID, outcome: 'recovered', ...data },
  metadata: meta(actor),
});
const dismiss = (data: Partial<DismissWarning['data']> = {}, actor = center): DismissWarning => ({
  type: 'DismissWarning',
  data: { warningId: WID, reason: '결산 오류로 인한 일시적 수치', ...data },
  metadata: meta(actor),
});

// ---- events ---------------------------------------------------------------------------------------------

const raised = (level: WarningLevel = 'alert', ackDueAt = H(24), warningId = WID): WarningRaised => ({
  type: 'WarningRaised',
  data: {
    warningId,
    firmId: FIRM,
    signal: 'debt-ratio',
    region: DAEGU,
    industryId: 'daegu-robotics',
    level,
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    measured: MEASURED,
    inputs: INPUTS,
    routedTo: CENTER,
    routingReason: 'center',
    ackDueAt,
    raisedAt: RAISED_AT,
  },
});
const levelChanged = (
  from: WarningLevel | null,
  to: WarningLevel | null,
  direction: 'escalated' | 'eased',
  ackDueAt = H(24),
  changedAt = H(1),
  escalatedTo: string | null = null,
): WarningLevelChanged => ({
  type: 'WarningLevelChanged',
  data: {
    warningId: WID,
    firmId: FIRM,
    signal: 'debt-ratio',
    from,
    to,
    direction,
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    measured: MEASURED,
    inputs: INPUTS,
    ackDueAt,
    routedTo: CENTER,
    escalatedTo,
    changedAt,
  },
});
const acknowledged: WarningAcknowledged = {
  type: 'WarningAcknowledged',
  data: { warningId: WID, firmId: FIRM, agencyId: CENTER, userId: 'u-center', acknowledgedAt: H(1) },
};
const escalated: WarningEscalated = {
  type: 'WarningEscalated',
  data: {
    warningId: WID,
    firmId: FIRM,
    routedTo: CENTER,
    escalatedTo: OFFICE,
    ackDueAt: H(24),
    escalatedAt: H(25),
  },
};
const planRecorded: PreventionPlanRecorded = {
  type: 'PreventionPlanRecorded',
  data: {
    warningId: WID,
    firmId: FIRM,
    planId: 'plan-1',
    summary: '유동성 위기 대응 계획',
    measures: ['정책자금 연계', '경영 컨설팅'],
    recordedBy: CENTER,
    recordedAt: H(1),
  },
};
const supportGiven: EmergencySupportGiven = {
  type: 'EmergencySupportGiven',
  data: {
    warningId: WID,
    firmId: FIRM,
    supportId: 'support-1',
    link: { kind: 'relay-case', caseId: 'case-42', handoffId: 'p1' },
    note: '긴급경영안정자금',
    givenBy: CENTER,
    givenAt: H(1),
  },
};
const referred: ReferredForBusinessConversion = {
  type: 'ReferredForBusinessConversion',
  data: {
    warningId: WID,
    firmId: FIRM,
    referralId: 'referral-1',
    centerAgencyId: SIC,
    note: '업종 전환 검토',
    referredBy: CENTER,
    referredAt: H(1),
  },
};
const resolved: WarningResolved = {
  type: 'WarningResolved',
  data: {
    warningId: WID,
    firmId: FIRM,
    signal: 'debt-ratio',
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    outcome: 'recovered',
    note: null,
    resolvedBy: CENTER,
    resolvedAt: H(1),
  },
};
const dismissed: WarningDismissed = {
  type: 'WarningDismissed',
  data: {
    warningId: WID,
    firmId: FIRM,
    signal: 'debt-ratio',
    ruleSetVersion: 1,
    ruleId: 'debt-ratio',
    reason: '결산 오류로 인한 일시적 수치',
    dismissedBy: CENTER,
    dismissedAt: H(1),
  },
};

const code = (c: string, field?: string) => (e: DomainError) =>
  e.code === c && (field === undefined || e.details.field === field);
const forbidden = (rule: string) => (e: DomainError) => e.code === 'forbidden' && e.details.rule === rule;

// ---- RaiseWarning ---------------------------------------------------------------------------------------

describe('RaiseWarning', () => {
  it('raises a warning routed to the center, due for acknowledgement within the SLA', () => {
    spec
      .given([])
      .when(raise())
      .then([raised('alert', H(24))]);
  });

  it('records a regional-office fallback route as given', () => {
    spec
      .given([])
      .when(
        raise({
          routing: { agencyId: OFFICE, reason: 'regional-office-fallback' },
          level: 'caution',
          ackSlaHours: 72,
        }),
      )
      .then([
        {
          ...raised('caution', H(72)),
          data: {
            ...raised('caution', H(72)).data,
            routedTo: OFFICE,
            routingReason: 'regional-office-fallback',
          },
        },
      ]);
  });

  it('raises the next warning of the pair once the previous one ended', () => {
    spec
      .given([raised(), resolved])
      .when(raise({ warningId: WID2 }))
      .then([raised('alert', H(24), WID2)]);
  });

  it('de-duplicates: with a warning open, a new raise moves its level instead', () => {
    spec
      .given([raised('caution', H(72))])
      .when(raise({ warningId: WID2, level: 'alert', ackSlaHours: 24 }, SYSTEM, H(1)))
      .then([levelChanged('caution', 'alert', 'escalated', H(25))]);
  });

  it('de-duplicates: with a warning open at the same level, nothing happens', () => {
    spec
      .given([raised('alert')])
      .when(raise({ warningId: WID2 }, SYSTEM, H(1)))
      .thenNothingHappens();
  });

  it('refuses anyone but the service itself (system-only)', () => {
    spec.given([]).when(raise({}, center)).thenThrows(Forbidden, forbidden('system-only'));
  });

  it('refuses an id used by an ended warning of the stream', () => {
    spec
      .given([raised(), dismissed])
      .when(raise())
      .thenThrows(WarningIdTaken, code('warning-id-taken', 'warningId'));
  });

  it.each<[string, Partial<RaiseWarning['data']>, string]>([
    ['another firm', { firmId: 'firm-other' }, 'firmId'],
    ['another signal', { signal: 'sales-drop-yoy' }, 'signal'],
  ])('refuses a command about %s than the stream', (_what, data, field) => {
    spec.given([raised()]).when(raise(data)).thenThrows(StreamMismatch, code('stream-mismatch', field));
  });

  it.each<[string, Partial<RaiseWarning['data']>, string, string]>([
    ['an unknown level', { level: 'panic' as WarningLevel }, 'level', 'unknown-level'],
    ['an SLA of 0 hours', { ackSlaHours: 0 }, 'ackSlaHours', 'invalid-sla'],
    ['an SLA of NaN', { ackSlaHours: NaN }, 'ackSlaHours', 'invalid-sla'],
    [
      'a measured NaN',
      { measured: { value: NaN, unit: 'percent' } },
      'measured.value',
      'invalid-measurement',
    ],
    ['no rule id', { ruleId: ' ' }, 'ruleId', 'rule-id-required'],
    ['rule set version 0', { ruleSetVersion: 0 }, 'ruleSetVersion', 'invalid-rule-set-version'],
    ['an empty warning id', { warningId: '' }, 'warningId', 'id-required'],
    ['an unknown region', { region: '42' as RaiseWarning['data']['region'] }, 'region', 'unknown-region'],
    [
      'no routed agency',
      { routing: { agencyId: '', reason: 'center' } },
      'routing.agencyId',
      'routed-agency-required',
    ],
    [
      'an unknown routing reason',
      { routing: { agencyId: CENTER, reason: 'guess' as 'center' } },
      'routing.reason',
      'unknown-routing-reason',
    ],
  ])('refuses %s', (_what, data, field, rule) => {
    spec.given([]).when(raise(data)).thenThrows(InvalidWarningInput, code(rule, field));
  });

  it('refuses a decision time that is not an instant', () => {
    spec
      .given([])
      .when(raise({}, SYSTEM, '2026-04-20'))
      .thenThrows(InvalidWarningInput, code('invalid-instant', 'metadata.now'));
  });
});

// ---- ChangeWarningLevel ---------------------------------------------------------------------------------

describe('ChangeWarningLevel', () => {
  it('escalates; an unacknowledged warning becomes due by the shorter SLA of the new level', () => {
    spec
      .given([raised('caution', H(72))])
      .when(changeLevel('alert'))
      .then([levelChanged('caution', 'alert', 'escalated', H(25))]);
  });

  it('escalates without moving the due time when the new SLA would end later', () => {
    spec
      .given([raised('alert', H(24))])
      .when(changeLevel('insolvent', { ackSlaHours: 48 }, H(2)))
      .then([levelChanged('alert', 'insolvent', 'escalated', H(24), H(2))]);
  });

  it('escalates without moving the due time of an acknowledged warning', () => {
    spec
      .given([raised('caution', H(72)), acknowledged])
      .when(changeLevel('insolvent'))
      .then([levelChanged('caution', 'insolvent', 'escalated', H(72))]);
  });

  it('eases, keeping the due time', () => {
    spec
      .given([raised('alert', H(24))])
      .when(changeLevel('caution'))
      .then([levelChanged('alert', 'caution', 'eased', H(24))]);
  });

  it('clears the level when the signal is gone; the warning stays open', () => {
    spec
      .given([raised('caution', H(72))])
      .when(changeLevel(null))
      .then([levelChanged('caution', null, 'eased', H(72))]);
    expect(
      fold(warningDecider, [raised('caution', H(72)), levelChanged('caution', null, 'eased', H(72))]),
    ).toMatchObject({
      status: 'open',
      warning: { level: null },
    });
  });

  it('escalates a cleared warning when the signal comes back', () => {
    spec
      .given([raised('caution', H(72)), levelChanged('caution', null, 'eased', H(72))])
      .when(changeLevel('pre-alert', {}, H(2)))
      .then([levelChanged(null, 'pre-alert', 'escalated', H(50), H(2))]);
  });

  it('does nothing when the level is already the one given', () => {
    spec
      .given([raised('alert')])
      .when(changeLevel('alert'))
      .thenNothingHappens();
  });

  it('refuses anyone but the service itself', () => {
    spec
      .given([raised()])
      .when(changeLevel('caution', {}, H(1), center))
      .thenThrows(Forbidden, forbidden('system-only'));
  });

  it('refuses an escalation without a valid SLA', () => {
    spec
      .given([raised('caution', H(72))])
      .when(changeLevel('alert', { ackSlaHours: null }))
      .thenThrows(InvalidWarningInput, code('invalid-sla', 'ackSlaHours'));
  });

  it('refuses an unknown level', () => {
    spec
      .given([raised()])
      .when(changeLevel('severe' as WarningLevel))
      .thenThrows(InvalidWarningInput, code('unknown-level', 'level'));
  });

  it('refuses a warning the stream does not hold', () => {
    spec.given([]).when(changeLevel('alert')).thenThrows(WarningNotFound, code('warning-not-found'));
    spec
      .given([raised()])
      .when(changeLevel('caution', { warningId: WID2 }))
      .thenThrows(WarningNotFound);
  });
});

// ---- AcknowledgeWarning ---------------------------------------------------------------------------------

describe('AcknowledgeWarning', () => {
  it('is recorded for the routed agency', () => {
    spec.given([raised()]).when(acknowledge()).then([acknowledged]);
  });

  it("is recorded for the staff of the region's regional SME office", () => {
    spec
      .given([raised()])
      .when(acknowledge(officeStaff()))
      .then([{ ...acknowledged, data: { ...acknowledged.data, agencyId: OFFICE, userId: 'u-office' } }]);
  });

  it('is recorded for the office the warning was escalated to', () => {
    const escalatedTo: WarningActor = { userId: 'u-office-2', role: 'agency-staff', agencyId: OFFICE };
    spec
      .given([raised(), escalated])
      .when(acknowledge(escalatedTo))
      .then([{ ...acknowledged, data: { ...acknowledged.data, agencyId: OFFICE, userId: 'u-office-2' } }]);
  });

  it.each<[string, WarningActor]>([
    ['another center', other],
    ['a regional office of other regions', officeStaff(['26'])],
    ['the ministry', { userId: 'u-mss', role: 'ministry' }],
    ['an auditor', { userId: 'u-audit', role: 'auditor' }],
  ])('refuses %s (not-a-handler)', (_what, actor) => {
    spec.given([raised()]).when(acknowledge(actor)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });

  it('refuses a second acknowledgement', () => {
    spec
      .given([raised(), acknowledged])
      .when(acknowledge())
      .thenThrows(WarningAlreadyAcknowledged, code('warning-already-acknowledged'));
  });
});

// ---- EscalateOverdueWarning -----------------------------------------------------------------------------

describe('EscalateOverdueWarning', () => {
  it('escalates an unacknowledged warning past its due time to the regional SME office', () => {
    spec
      .given([raised()])
      .when(escalate(H(25)))
      .then([escalated]);
  });

  it('escalates from the due instant itself', () => {
    spec
      .given([raised()])
      .when(escalate(H(24)))
      .then([{ ...escalated, data: { ...escalated.data, escalatedAt: H(24) } }]);
  });

  it('does nothing for an acknowledged warning (the timer raced a person)', () => {
    spec.given([raised(), acknowledged]).when(escalate()).thenNothingHappens();
  });

  it('does nothing a second time', () => {
    spec
      .given([raised(), escalated])
      .when(escalate(H(30)))
      .thenNothingHappens();
  });

  it('does nothing when the warning was routed to that office in the first place', () => {
    const toOffice = {
      ...raised(),
      data: { ...raised().data, routedTo: OFFICE, routingReason: 'regional-office-fallback' },
    };
    spec
      .given([toOffice as WarningRaised])
      .when(escalate())
      .thenNothingHappens();
  });

  it('refuses before the due time', () => {
    spec
      .given([raised()])
      .when(escalate(H(23)))
      .thenThrows(WarningNotOverdue, code('warning-not-overdue'));
  });

  it('refuses without an office', () => {
    spec
      .given([raised()])
      .when(escalate(H(25), ' '))
      .thenThrows(InvalidWarningInput, code('regional-office-required', 'regionalOfficeAgencyId'));
  });

  it('refuses anyone but the service itself', () => {
    spec
      .given([raised()])
      .when(escalate(H(25), OFFICE, center))
      .thenThrows(Forbidden, forbidden('system-only'));
  });
});

// ---- prevention, emergency support, conversion ----------------------------------------------------------

describe('RecordPreventionPlan', () => {
  it('records a crisis prevention plan (위기예방계획), trimmed', () => {
    spec.given([raised()]).when(recordPlan()).then([planRecorded]);
  });

  it.each<[string, Partial<RecordPreventionPlan['data']>, string, string]>([
    ['an empty summary', { summary: ' ' }, 'summary', 'summary-required'],
    ['an empty measure', { measures: ['정책자금 연계', ''] }, 'measures[1]', 'measure-empty'],
    [
      'measures that are not a list',
      { measures: '정책자금' as unknown as string[] },
      'measures',
      'measures-required',
    ],
    ['an empty plan id', { planId: '' }, 'planId', 'id-required'],
  ])('refuses %s', (_what, data, field, rule) => {
    spec.given([raised()]).when(recordPlan(data)).thenThrows(InvalidWarningInput, code(rule, field));
  });

  it('refuses a plan id already recorded', () => {
    spec
      .given([raised(), planRecorded])
      .when(recordPlan())
      .thenThrows(RecordIdTaken, code('record-id-taken', 'planId'));
  });

  it('refuses an agency that does not handle the warning', () => {
    spec.given([raised()]).when(recordPlan({}, other)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });
});

describe('GiveEmergencySupport', () => {
  it('records emergency support (긴급지원) linked to a relay case and hand-off', () => {
    spec.given([raised()]).when(giveSupport()).then([supportGiven]);
  });

  it('records emergency support linked to a program, without a note', () => {
    spec
      .given([raised()])
      .when(giveSupport({ link: { kind: 'program', programId: 'program-emergency-fund' }, note: undefined }))
      .then([
        {
          ...supportGiven,
          data: {
            ...supportGiven.data,
            link: { kind: 'program', programId: 'program-emergency-fund' },
            note: null,
          },
        },
      ]);
  });

  it('records a relay case link without a hand-off', () => {
    spec
      .given([raised()])
      .when(giveSupport({ link: { kind: 'relay-case', caseId: 'case-42', handoffId: null } }))
      .then([
        {
          ...supportGiven,
          data: { ...supportGiven.data, link: { kind: 'relay-case', caseId: 'case-42', handoffId: null } },
        },
      ]);
  });

  it.each<[string, GiveEmergencySupport['data']['link'], string, string]>([
    [
      'a relay link without a case',
      { kind: 'relay-case', caseId: '', handoffId: null },
      'link.caseId',
      'link-required',
    ],
    [
      'a program link without a program',
      { kind: 'program', programId: ' ' },
      'link.programId',
      'link-required',
    ],
    [
      'an unknown link',
      { kind: 'loan' } as unknown as GiveEmergencySupport['data']['link'],
      'link.kind',
      'unknown-link-kind',
    ],
  ])('refuses %s', (_what, link, field, rule) => {
    spec.given([raised()]).when(giveSupport({ link })).thenThrows(InvalidWarningInput, code(rule, field));
  });

  it('refuses an id already used by another record of the warning', () => {
    spec
      .given([raised(), planRecorded])
      .when(giveSupport({ supportId: 'plan-1' }))
      .thenThrows(RecordIdTaken, code('record-id-taken', 'supportId'));
  });

  it('refuses an agency that does not handle the warning', () => {
    spec.given([raised()]).when(giveSupport({}, other)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });
});

describe('ReferForBusinessConversion', () => {
  it('refers the firm to a structural innovation support center (사업전환)', () => {
    spec.given([raised()]).when(refer()).then([referred]);
  });

  it('refuses a referral without a center', () => {
    spec
      .given([raised()])
      .when(refer({ centerAgencyId: '' }))
      .thenThrows(InvalidWarningInput, code('center-required', 'centerAgencyId'));
  });

  it('refuses a referral id already recorded', () => {
    spec
      .given([raised(), referred])
      .when(refer())
      .thenThrows(RecordIdTaken, code('record-id-taken', 'referralId'));
  });

  it('refuses an agency that does not handle the warning', () => {
    spec.given([raised()]).when(refer({}, other)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });
});

// ---- ending ---------------------------------------------------------------------------------------------

describe('ResolveWarning', () => {
  it('resolves with an outcome, attributed to the rule that raised the warning', () => {
    spec.given([raised(), acknowledged, planRecorded, supportGiven]).when(resolve()).then([resolved]);
  });

  it("resolves as 'other' with a note", () => {
    spec
      .given([raised()])
      .when(resolve({ outcome: 'other', note: ' 대표자 변경 후 정상화 ' }, officeStaff()))
      .then([
        {
          ...resolved,
          data: { ...resolved.data, outcome: 'other', note: '대표자 변경 후 정상화', resolvedBy: OFFICE },
        },
      ]);
  });

  it("refuses 'other' without a note", () => {
    spec
      .given([raised()])
      .when(resolve({ outcome: 'other' }))
      .thenThrows(InvalidWarningInput, code('note-required', 'note'));
  });

  it('refuses an unknown outcome', () => {
    spec
      .given([raised()])
      .when(resolve({ outcome: 'fine' }))
      .thenThrows(InvalidWarningInput, code('unknown-outcome', 'outcome'));
  });

  it('refuses an agency that does not handle the warning', () => {
    spec.given([raised()]).when(resolve({}, other)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });
});

describe('DismissWarning', () => {
  it('dismisses a false alarm with its reason', () => {
    spec.given([raised()]).when(dismiss()).then([dismissed]);
  });

  it('refuses a dismissal without a reason', () => {
    spec
      .given([raised()])
      .when(dismiss({ reason: '  ' }))
      .thenThrows(InvalidWarningInput, code('reason-required', 'reason'));
  });

  it('refuses an agency that does not handle the warning', () => {
    spec.given([raised()]).when(dismiss({}, other)).thenThrows(Forbidden, forbidden('not-a-handler'));
  });
});

describe('terminal states: nothing is deleted, every further command on the warning is refused', () => {
  const commands: [string, WarningCommand][] = [
    ['ChangeWarningLevel', changeLevel('caution')],
    ['AcknowledgeWarning', acknowledge()],
    ['EscalateOverdueWarning', escalate()],
    ['RecordPreventionPlan', recordPlan()],
    ['GiveEmergencySupport', giveSupport()],
    ['ReferForBusinessConversion', refer()],
    ['ResolveWarning', resolve()],
    ['DismissWarning', dismiss()],
  ];

  it.each(commands)('%s after resolution: warning-resolved', (_type, command) => {
    spec
      .given([raised(), resolved])
      .when(command)
      .thenThrows(WarningAlreadyResolved, code('warning-resolved'));
  });

  it.each(commands)('%s after dismissal: warning-dismissed', (_type, command) => {
    spec
      .given([raised(), dismissed])
      .when(command)
      .thenThrows(WarningAlreadyDismissed, code('warning-dismissed'));
  });

  it.each(commands)('%s on an empty stream: warning-not-found', (_type, command) => {
    spec.given([]).when(command).thenThrows(WarningNotFound, code('warning-not-found', 'warningId'));
  });

  it('still refuses the first warning clearly while a second one is open', () => {
    spec
      .given([raised(), resolved, raised('alert', H(24), WID2)])
      .when(acknowledge())
      .thenThrows(WarningAlreadyResolved);
  });
});

describe('evolve', () => {
  it('keeps what decide needs: episodes, ended warnings, the open warning and its records', () => {
    const events: WarningEvent[] = [
      raised('caution', H(72)),
      dismissed,
      raised('alert', H(24), WID2),
      { ...acknowledged, data: { ...acknowledged.data, warningId: WID2 } },
      { ...planRecorded, data: { ...planRecorded.data, warningId: WID2 } },
      { ...escalated, data: { ...escalated.data, warningId: WID2 } },
    ];
    expect(fold(warningDecider, events)).toEqual({
      status: 'open',
      firmId: FIRM,
      signal: 'debt-ratio',
      episodes: 2,
      ended: { [WID]: 'dismissed' },
      warning: {
        warningId: WID2,
        region: DAEGU,
        ruleSetVersion: 1,
        ruleId: 'debt-ratio',
        level: 'alert',
        routedTo: CENTER,
        ackDueAt: H(24),
        acknowledgedAt: H(1),
        escalatedTo: OFFICE,
        recordIds: ['plan-1'],
      },
    });
  });

  it('closes the stream on resolution', () => {
    expect(fold(warningDecider, [raised(), resolved])).toEqual({
      status: 'closed',
      firmId: FIRM,
      signal: 'debt-ratio',
      episodes: 1,
      ended: { [WID]: 'resolved' },
    });
  });

  it('derives warning ids per firm, signal and episode, stable across runs', () => {
    expect(warningIdFor(FIRM, 'debt-ratio', 1)).toBe(WID);
    expect(
      new Set([WID, WID2, warningIdFor(FIRM, 'sales-drop-yoy', 1), warningIdFor('firm-b', 'debt-ratio', 1)])
        .size,
    ).toBe(4);
    expect(WID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
