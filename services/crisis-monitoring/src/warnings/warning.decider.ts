import {
  assertNever,
  deterministicUuid,
  type Actor,
  type CommandMetadata,
  type Decider,
} from '@baton/eventsourcing';
import { isRegionCode, type RegionCode } from '@baton/reference-data';
import type { FindingInputs, Measured } from '../rules/evaluate-rule';
import { instantMs } from '../rules/instant';
import type { Signal } from '../rules/signals';
import { isWarningLevel, severityOf, type WarningLevel } from '../rules/warning-level';
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
import {
  RESOLUTION_OUTCOMES,
  ROUTING_REASONS,
  type ResolutionOutcome,
  type RoutingReason,
  type SupportLink,
  type WarningEvent,
  type WarningLevelChanged,
} from './warning.events';

/*
 * One stream per firm and signal (`crisis-warning-<firmId>-<signal>`), holding that pair's warnings one after
 * another (episodes). Why not one stream per warning: "no second open warning for the same firm and signal" is
 * then an invariant of a single stream, kept by its optimistic concurrency: two evaluations racing to raise the
 * same warning cannot both succeed, and the loser's retry sees the open warning and updates its level instead.
 * With a stream per warning it would be a set-uniqueness rule across streams (a reservation or a unique index).
 * The cost — commands name the warning by id, and ended episodes stay in the state as ids — is small.
 */

// ---- state ----------------------------------------------------------------------------------------------

export interface OpenWarning {
  readonly warningId: string;
  readonly region: RegionCode;
  /** Of the raise: precision is counted per rule that raised the warning. */
  readonly ruleSetVersion: number;
  readonly ruleId: string;
  /** null: the signal cleared; the warning awaits resolution. */
  readonly level: WarningLevel | null;
  readonly routedTo: string;
  readonly ackDueAt: string;
  readonly acknowledgedAt: string | null;
  readonly escalatedTo: string | null;
  /** Ids of plans, support and referrals recorded. */
  readonly recordIds: readonly string[];
}

export type WarningEnd = 'resolved' | 'dismissed';

/** The warnings of one firm and signal (위기 경보), as far as `decide` needs them. */
export type WarningStream =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly firmId: string;
      readonly signal: Signal;
      readonly episodes: number;
      readonly ended: Readonly<Record<string, WarningEnd>>;
      readonly warning: OpenWarning;
    }
  | {
      readonly status: 'closed';
      readonly firmId: string;
      readonly signal: Signal;
      readonly episodes: number;
      readonly ended: Readonly<Record<string, WarningEnd>>;
    };
type OpenStream = Extract<WarningStream, { status: 'open' }>;

/** The id of a firm's n-th warning on a signal (1-based): the same in a live run, a replay and a backtest. */
export const warningIdFor = (firmId: string, signal: Signal, episode: number): string =>
  deterministicUuid(`crisis-warning:${firmId}:${signal}:${episode}`);

// ---- commands -------------------------------------------------------------------------------------------

/** Roles of the security model (ARCHITECTURE.md) plus `system` for the service's own evaluations and timers. */
export type WarningRole =
  'system' | 'crisis-center' | 'regional-office' | 'agency-staff' | 'ministry' | 'admin' | 'auditor';

export interface WarningActor extends Actor {
  readonly userId: string;
  readonly role: WarningRole;
  readonly agencyId?: string;
  /** Regions a regional office acts for (관할). */
  readonly regions?: readonly string[];
}
export interface WarningCommandMetadata extends CommandMetadata {
  readonly actor: WarningActor;
}
type WarningCommandOf<Type extends string, Data> = Readonly<{
  type: Type;
  data: Data;
  metadata: WarningCommandMetadata;
}>;

export interface WarningRoutingData {
  readonly agencyId: string;
  readonly reason: RoutingReason;
}

/** From an evaluation: raise a warning, or, when one is open on the stream, move its level (de-duplication). */
export type RaiseWarning = WarningCommandOf<
  'RaiseWarning',
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
    routing: WarningRoutingData;
    /** The rule set's acknowledgement SLA for the level. */
    ackSlaHours: number;
  }
>;
export type ChangeWarningLevel = WarningCommandOf<
  'ChangeWarningLevel',
  {
    warningId: string;
    firmId: string;
    signal: Signal;
    level: WarningLevel | null;
    ruleSetVersion: number;
    ruleId: string;
    measured: Measured;
    inputs: FindingInputs;
    /** The SLA of the new level; null when the signal cleared. */
    ackSlaHours: number | null;
  }
>;
export type AcknowledgeWarning = WarningCommandOf<'AcknowledgeWarning', { warningId: string }>;
export type EscalateOverdueWarning = WarningCommandOf<
  'EscalateOverdueWarning',
  { warningId: string; regionalOfficeAgencyId: string }
>;
export type RecordPreventionPlan = WarningCommandOf<
  'RecordPreventionPlan',
  { warningId: string; planId: string; summary: string; measures: readonly string[] }
>;
export type GiveEmergencySupport = WarningCommandOf<
  'GiveEmergencySupport',
  { warningId: string; supportId: string; link: SupportLink; note?: string }
>;
export type ReferForBusinessConversion = WarningCommandOf<
  'ReferForBusinessConversion',
  { warningId: string; referralId: string; centerAgencyId: string; note?: string }
>;
export type ResolveWarning = WarningCommandOf<
  'ResolveWarning',
  { warningId: string; outcome: string; note?: string }
>;
export type DismissWarning = WarningCommandOf<'DismissWarning', { warningId: string; reason: string }>;

export type WarningCommand =
  | RaiseWarning
  | ChangeWarningLevel
  | AcknowledgeWarning
  | EscalateOverdueWarning
  | RecordPreventionPlan
  | GiveEmergencySupport
  | ReferForBusinessConversion
  | ResolveWarning
  | DismissWarning;

// ---- rules ----------------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;

const blank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';
const optionalText = (text: string | undefined): string | null => (blank(text) ? null : text!.trim());

function requireText(field: string, text: unknown, rule: string): string {
  if (blank(text)) throw new InvalidWarningInput(field, rule, `${field} must not be empty`);
  return (text as string).trim();
}

function instant(field: string, value: string): number {
  const ms = instantMs(value);
  if (ms === undefined)
    throw new InvalidWarningInput(field, 'invalid-instant', `${field} must be an ISO instant with an offset`);
  return ms;
}

function slaMs(field: string, hours: unknown): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0)
    throw new InvalidWarningInput(field, 'invalid-sla', `${field} must be a number of hours above 0`);
  return hours * HOUR_MS;
}

function requireSystem(command: WarningCommand): void {
  const actor = command.metadata.actor;
  if (actor.role !== 'system')
    throw new Forbidden(`Only the crisis monitoring service itself may ${command.type}`, {
      rule: 'system-only',
      command: command.type,
      role: String(actor.role),
      agencyId: actor.agencyId ?? null,
    });
}

/**
 * Who may act on a warning: the agency it was routed to, the regional SME office it was escalated to, and the
 * staff of the regional office whose 관할 includes the firm's region.
 */
function requireHandler(command: WarningCommand, warning: OpenWarning): void {
  const actor = command.metadata.actor;
  const agencyId = actor.agencyId;
  const isHandler =
    (agencyId !== undefined && (agencyId === warning.routedTo || agencyId === warning.escalatedTo)) ||
    (actor.role === 'regional-office' && (actor.regions ?? []).includes(warning.region));
  if (!isHandler)
    throw new Forbidden(
      `Only the agency the warning was routed to, or its region's office, may ${command.type}`,
      {
        rule: 'not-a-handler',
        command: command.type,
        role: String(actor.role),
        agencyId: agencyId ?? null,
      },
    );
}

/** The open warning a command names: refused clearly when it ended, or is unknown. */
function openWarningNamed(
  state: WarningStream,
  warningId: string,
): { stream: OpenStream; warning: OpenWarning } {
  if (state.status !== 'none') {
    const ended = state.ended[warningId];
    if (ended === 'resolved') throw new WarningAlreadyResolved(warningId);
    if (ended === 'dismissed') throw new WarningAlreadyDismissed(warningId);
    if (state.status === 'open' && state.warning.warningId === warningId)
      return { stream: state, warning: state.warning };
  }
  throw new WarningNotFound(warningId);
}

function checkStream(state: WarningStream, firmId: string, signal: Signal): void {
  if (state.status === 'none') return;
  if (state.firmId !== firmId) throw new StreamMismatch('firmId', state.firmId, firmId);
  if (state.signal !== signal) throw new StreamMismatch('signal', state.signal, signal);
}

function checkMeasurement(measured: Measured, ruleId: string, ruleSetVersion: number): void {
  if (typeof measured?.value !== 'number' || !Number.isFinite(measured.value))
    throw new InvalidWarningInput(
      'measured.value',
      'invalid-measurement',
      'measured.value must be a finite number',
    );
  requireText('ruleId', ruleId, 'rule-id-required');
  if (!Number.isInteger(ruleSetVersion) || ruleSetVersion < 1)
    throw new InvalidWarningInput('ruleSetVersion', 'invalid-rule-set-version', 'ruleSetVersion must be ≥ 1');
}

/**
 * The level move of an open warning. An unacknowledged warning escalating to a level with a shorter SLA gets the
 * earlier due time; an eased or cleared one keeps its due time.
 */
function levelChange(
  stream: OpenStream,
  data: Pick<
    ChangeWarningLevel['data'],
    'level' | 'ruleSetVersion' | 'ruleId' | 'measured' | 'inputs' | 'ackSlaHours'
  >,
  now: string,
  nowMs: number,
): WarningLevelChanged[] {
  const w = stream.warning;
  if (data.level === w.level) return [];
  const direction = severityOf(data.level) > severityOf(w.level) ? 'escalated' : 'eased';
  let ackDueAt = w.ackDueAt;
  if (direction === 'escalated' && w.acknowledgedAt === null && w.escalatedTo === null) {
    const dueMs = nowMs + slaMs('ackSlaHours', data.ackSlaHours);
    if (dueMs < instant('ackDueAt', w.ackDueAt)) ackDueAt = new Date(dueMs).toISOString();
  }
  return [
    {
      type: 'WarningLevelChanged',
      data: {
        warningId: w.warningId,
        firmId: stream.firmId,
        signal: stream.signal,
        from: w.level,
        to: data.level,
        direction,
        ruleSetVersion: data.ruleSetVersion,
        ruleId: data.ruleId,
        measured: data.measured,
        inputs: data.inputs,
        ackDueAt,
        routedTo: w.routedTo,
        escalatedTo: w.escalatedTo,
        changedAt: now,
      },
    },
  ];
}

function checkRecordId(warning: OpenWarning, field: string, id: string): string {
  const recordId = requireText(field, id, 'id-required');
  if (warning.recordIds.includes(recordId)) throw new RecordIdTaken(field, recordId);
  return recordId;
}

function checkLink(link: SupportLink): SupportLink {
  switch (link?.kind) {
    case 'relay-case':
      return {
        kind: 'relay-case',
        caseId: requireText('link.caseId', link.caseId, 'link-required'),
        handoffId: optionalText(link.handoffId ?? undefined),
      };
    case 'program':
      return { kind: 'program', programId: requireText('link.programId', link.programId, 'link-required') };
    default:
      throw new InvalidWarningInput(
        'link.kind',
        'unknown-link-kind',
        'Emergency support links to a relay case or a program',
      );
  }
}

// ---- decide / evolve ------------------------------------------------------------------------------------

export function decide(command: WarningCommand, state: WarningStream): WarningEvent[] {
  const now = command.metadata.now;
  const nowMs = instant('metadata.now', now);
  const actor = command.metadata.actor;
  switch (command.type) {
    case 'RaiseWarning': {
      requireSystem(command);
      const d = command.data;
      checkStream(state, d.firmId, d.signal);
      if (!isWarningLevel(d.level))
        throw new InvalidWarningInput('level', 'unknown-level', `${d.level} is not a level`);
      checkMeasurement(d.measured, d.ruleId, d.ruleSetVersion);
      const sla = slaMs('ackSlaHours', d.ackSlaHours);
      // De-duplication: one open warning per firm and signal; a new evaluation moves its level.
      if (state.status === 'open') return levelChange(state, d, now, nowMs);
      if (state.status === 'closed' && state.ended[d.warningId]) throw new WarningIdTaken(d.warningId);
      requireText('warningId', d.warningId, 'id-required');
      if (!isRegionCode(d.region))
        throw new InvalidWarningInput('region', 'unknown-region', `${String(d.region)} is not a 시·도 code`);
      const routedTo = requireText('routing.agencyId', d.routing?.agencyId, 'routed-agency-required');
      if (!ROUTING_REASONS.includes(d.routing.reason))
        throw new InvalidWarningInput(
          'routing.reason',
          'unknown-routing-reason',
          `${d.routing.reason} is not a reason`,
        );
      return [
        {
          type: 'WarningRaised',
          data: {
            warningId: d.warningId,
            firmId: d.firmId,
            signal: d.signal,
            region: d.region,
            industryId: d.industryId,
            level: d.level,
            ruleSetVersion: d.ruleSetVersion,
            ruleId: d.ruleId,
            measured: d.measured,
            inputs: d.inputs,
            routedTo,
            routingReason: d.routing.reason,
            ackDueAt: new Date(nowMs + sla).toISOString(),
            raisedAt: now,
          },
        },
      ];
    }
    case 'ChangeWarningLevel': {
      requireSystem(command);
      const d = command.data;
      checkStream(state, d.firmId, d.signal);
      const { stream } = openWarningNamed(state, d.warningId);
      if (d.level !== null && !isWarningLevel(d.level))
        throw new InvalidWarningInput('level', 'unknown-level', `${String(d.level)} is not a level`);
      checkMeasurement(d.measured, d.ruleId, d.ruleSetVersion);
      return levelChange(stream, d, now, nowMs);
    }
    case 'AcknowledgeWarning': {
      const { stream, warning } = openWarningNamed(state, command.data.warningId);
      requireHandler(command, warning);
      if (warning.acknowledgedAt !== null)
        throw new WarningAlreadyAcknowledged(warning.warningId, warning.acknowledgedAt);
      return [
        {
          type: 'WarningAcknowledged',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            agencyId: actor.agencyId ?? null,
            userId: actor.userId,
            acknowledgedAt: now,
          },
        },
      ];
    }
    case 'EscalateOverdueWarning': {
      requireSystem(command);
      const { stream, warning } = openWarningNamed(state, command.data.warningId);
      // A timer races people: acknowledged or escalated meanwhile needs nothing more.
      if (warning.acknowledgedAt !== null || warning.escalatedTo !== null) return [];
      if (nowMs < instant('ackDueAt', warning.ackDueAt))
        throw new WarningNotOverdue(warning.warningId, warning.ackDueAt);
      const office = requireText(
        'regionalOfficeAgencyId',
        command.data.regionalOfficeAgencyId,
        'regional-office-required',
      );
      // Routed to the office already (no center in the region): there is no one further up to tell.
      if (office === warning.routedTo) return [];
      return [
        {
          type: 'WarningEscalated',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            routedTo: warning.routedTo,
            escalatedTo: office,
            ackDueAt: warning.ackDueAt,
            escalatedAt: now,
          },
        },
      ];
    }
    case 'RecordPreventionPlan': {
      const d = command.data;
      const { stream, warning } = openWarningNamed(state, d.warningId);
      requireHandler(command, warning);
      const planId = checkRecordId(warning, 'planId', d.planId);
      const summary = requireText('summary', d.summary, 'summary-required');
      if (!Array.isArray(d.measures))
        throw new InvalidWarningInput('measures', 'measures-required', 'measures must be a list');
      d.measures.forEach((m, i) => requireText(`measures[${i}]`, m, 'measure-empty'));
      return [
        {
          type: 'PreventionPlanRecorded',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            planId,
            summary,
            measures: d.measures.map((m) => m.trim()),
            recordedBy: actor.agencyId ?? null,
            recordedAt: now,
          },
        },
      ];
    }
    case 'GiveEmergencySupport': {
      const d = command.data;
      const { stream, warning } = openWarningNamed(state, d.warningId);
      requireHandler(command, warning);
      const supportId = checkRecordId(warning, 'supportId', d.supportId);
      return [
        {
          type: 'EmergencySupportGiven',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            supportId,
            link: checkLink(d.link),
            note: optionalText(d.note),
            givenBy: actor.agencyId ?? null,
            givenAt: now,
          },
        },
      ];
    }
    case 'ReferForBusinessConversion': {
      const d = command.data;
      const { stream, warning } = openWarningNamed(state, d.warningId);
      requireHandler(command, warning);
      const referralId = checkRecordId(warning, 'referralId', d.referralId);
      return [
        {
          type: 'ReferredForBusinessConversion',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            referralId,
            centerAgencyId: requireText('centerAgencyId', d.centerAgencyId, 'center-required'),
            note: optionalText(d.note),
            referredBy: actor.agencyId ?? null,
            referredAt: now,
          },
        },
      ];
    }
    case 'ResolveWarning': {
      const d = command.data;
      const { stream, warning } = openWarningNamed(state, d.warningId);
      requireHandler(command, warning);
      if (!RESOLUTION_OUTCOMES.some((o) => o.outcome === d.outcome))
        throw new InvalidWarningInput('outcome', 'unknown-outcome', `${d.outcome} is not an outcome`);
      if (d.outcome === 'other') requireText('note', d.note, 'note-required');
      return [
        {
          type: 'WarningResolved',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            signal: stream.signal,
            ruleSetVersion: warning.ruleSetVersion,
            ruleId: warning.ruleId,
            outcome: d.outcome as ResolutionOutcome,
            note: optionalText(d.note),
            resolvedBy: actor.agencyId ?? null,
            resolvedAt: now,
          },
        },
      ];
    }
    case 'DismissWarning': {
      const d = command.data;
      const { stream, warning } = openWarningNamed(state, d.warningId);
      requireHandler(command, warning);
      return [
        {
          type: 'WarningDismissed',
          data: {
            warningId: warning.warningId,
            firmId: stream.firmId,
            signal: stream.signal,
            ruleSetVersion: warning.ruleSetVersion,
            ruleId: warning.ruleId,
            reason: requireText('reason', d.reason, 'reason-required'),
            dismissedBy: actor.agencyId ?? null,
            dismissedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'warning command');
  }
}

const withWarning = (state: WarningStream, change: (w: OpenWarning) => OpenWarning): WarningStream =>
  state.status === 'open' ? { ...state, warning: change(state.warning) } : state;

const ending = (state: WarningStream, warningId: string, end: WarningEnd): WarningStream =>
  state.status === 'open' && state.warning.warningId === warningId
    ? {
        status: 'closed',
        firmId: state.firmId,
        signal: state.signal,
        episodes: state.episodes,
        ended: { ...state.ended, [warningId]: end },
      }
    : state;

export function evolve(state: WarningStream, event: WarningEvent): WarningStream {
  switch (event.type) {
    case 'WarningRaised': {
      const d = event.data;
      return {
        status: 'open',
        firmId: d.firmId,
        signal: d.signal,
        episodes: (state.status === 'none' ? 0 : state.episodes) + 1,
        ended: state.status === 'none' ? {} : state.ended,
        warning: {
          warningId: d.warningId,
          region: d.region,
          ruleSetVersion: d.ruleSetVersion,
          ruleId: d.ruleId,
          level: d.level,
          routedTo: d.routedTo,
          ackDueAt: d.ackDueAt,
          acknowledgedAt: null,
          escalatedTo: null,
          recordIds: [],
        },
      };
    }
    case 'WarningLevelChanged':
      return withWarning(state, (w) => ({ ...w, level: event.data.to, ackDueAt: event.data.ackDueAt }));
    case 'WarningAcknowledged':
      return withWarning(state, (w) => ({ ...w, acknowledgedAt: event.data.acknowledgedAt }));
    case 'WarningEscalated':
      return withWarning(state, (w) => ({ ...w, escalatedTo: event.data.escalatedTo }));
    case 'PreventionPlanRecorded':
      return withWarning(state, (w) => ({ ...w, recordIds: [...w.recordIds, event.data.planId] }));
    case 'EmergencySupportGiven':
      return withWarning(state, (w) => ({ ...w, recordIds: [...w.recordIds, event.data.supportId] }));
    case 'ReferredForBusinessConversion':
      return withWarning(state, (w) => ({ ...w, recordIds: [...w.recordIds, event.data.referralId] }));
    case 'WarningResolved':
      return ending(state, event.data.warningId, 'resolved');
    case 'WarningDismissed':
      return ending(state, event.data.warningId, 'dismissed');
    default:
      return assertNever(event, 'warning event');
  }
}

export const warningDecider: Decider<WarningStream, WarningCommand, WarningEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
