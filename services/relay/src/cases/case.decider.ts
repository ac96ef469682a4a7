import { assertNever, type Actor, type CommandMetadata, type Decider } from '@baton/eventsourcing';
import {
  CaseAlreadyExists,
  CaseIsClosed,
  CaseNotFound,
  ConsentDoesNotCoverPackage,
  FirmIsClosed,
  FirmNotFound,
  Forbidden,
  HandoffNotOverdue,
  InvalidCaseInput,
  NotTheHolder,
  NotTheTarget,
  ProposalAlreadyOpen,
  ProposalExpired,
  ProposalIdTaken,
  ProposalNotEscalated,
  ProposalNotExpiredYet,
  ProposalNotFound,
  ProposalNotOpen,
  TargetAtCapacity,
  TargetInactive,
  TargetIsHolder,
  TargetOutOfRegion,
  TargetPhaseNotCovered,
  UnknownPhase,
  type ForbiddenDetails,
} from './case.errors';
import {
  CASE_CLOSURE_OUTCOMES,
  DECLINE_REASONS,
  isPhase,
  OUTCOME_KINDS,
  type CaseClosureOutcome,
  type CaseEvent,
  type DeclineReasonCode,
  type HandoffWithdrawn,
  type HandoverPackage,
  type OutcomeKind,
  type OutcomeValue,
  type Phase,
  type SharingConsent,
} from './case.events';
import { CASE_PERMISSIONS, permittedRelations, type CaseRelation, type CaseRole } from './case.permissions';

// ---- state ----------------------------------------------------------------------------------------------

export interface OpenProposal {
  readonly proposalId: string;
  readonly from: string;
  readonly to: string;
  readonly nextPhase: Phase;
  readonly dueAt: string;
  readonly expiresAt: string;
  /** `escalated`: overdue and told to the regional office; it can still be accepted until it expires. */
  readonly status: 'pending' | 'escalated';
  readonly escalatedTo: string | null;
}

export type ProposalEnd = 'accepted' | 'declined' | 'withdrawn' | 'expired';

/** What a proposal's consent let its receiver see, and whether the firm took it back. */
export interface SharedPackage {
  readonly sharedWith: string;
  readonly items: readonly string[];
  readonly revoked: boolean;
}

/** A support case (지원 사례), one per firm journey, as far as `decide` needs it; views belong to projections. */
export type Case =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly caseId: string;
      readonly firmId: string;
      readonly regionCode: string;
      /** The one agency holding the baton. */
      readonly holder: string;
      readonly phase: Phase;
      readonly goals: readonly string[];
      /** Every agency that held the case, in order, the current holder last (outcomes go back to the others). */
      readonly holders: readonly string[];
      /** At most one at a time. */
      readonly openProposal: OpenProposal | null;
      readonly endedProposals: Readonly<Record<string, { ended: ProposalEnd; expiresAt: string }>>;
      /** Per proposal id (every proposal ever made). */
      readonly consents: Readonly<Record<string, SharedPackage>>;
    }
  | {
      readonly status: 'closed';
      readonly caseId: string;
      readonly firmId: string;
      readonly regionCode: string;
      readonly holder: string;
      readonly consents: Readonly<Record<string, SharedPackage>>;
    };
export type CaseStatus = Case['status'];
type OpenCaseState = Extract<Case, { status: 'open' }>;

// ---- commands -------------------------------------------------------------------------------------------

/**
 * Who issues a case command, resolved at the edge from the request (platform RequestActor) or, for the
 * relay's own timers and reactions, `{ userId: 'relay', role: 'system' }`. It travels in the command's
 * metadata, not its data: the command handler stamps it on every event it writes (who did it, for audit).
 */
export interface CaseActor extends Actor {
  readonly userId: string;
  readonly role: CaseRole;
  /** The agency the user acts for; an agency role without one may not open a case. */
  readonly agencyId?: string;
  /** Regions the actor acts for (a regional office's 관할); empty or absent = none. */
  readonly regions?: readonly string[];
}
export interface CaseCommandMetadata extends CommandMetadata {
  readonly actor: CaseActor;
}
type CaseCommandOf<Type extends string, Data> = Readonly<{
  type: Type;
  data: Data;
  metadata: CaseCommandMetadata;
}>;

/** The firm as the relay knows it locally (from the firm registry's published events). */
export interface FirmSnapshot {
  readonly firmId: string;
  readonly regionCode: string;
  readonly status: 'active' | 'closed';
}

/** The target agency as the agency directory knows it when the proposal is made. */
export interface TargetAgencySnapshot {
  readonly agencyId: string;
  readonly active: boolean;
  /** Regions it serves; empty = nationwide. */
  readonly regions: readonly string[];
  /** Life-cycle phases it supports. */
  readonly phases: readonly string[];
  /** How many open cases it takes on; null = no limit. */
  readonly capacity: number | null;
  readonly openCases: number;
}

export type OpenCase = CaseCommandOf<
  'OpenCase',
  {
    caseId: string;
    firmId: string;
    /** undefined: the relay knows no such firm. */
    firm: FirmSnapshot | undefined;
    goals: readonly string[];
    phase: string;
  }
>;
export type ReviseGoals = CaseCommandOf<'ReviseGoals', { caseId: string; goals: readonly string[] }>;
export type ProposeHandoff = CaseCommandOf<
  'ProposeHandoff',
  {
    caseId: string;
    proposalId: string;
    target: TargetAgencySnapshot;
    reason: string;
    nextPhase: string;
    package: HandoverPackage;
    consent: SharingConsent;
    /** KOREAN_BUSINESS_CALENDAR.dueAt(now, N), computed at the edge. */
    dueAt: string;
    expiresAt: string;
  }
>;
export type AcceptHandoff = CaseCommandOf<'AcceptHandoff', { caseId: string; proposalId: string }>;
export type DeclineHandoff = CaseCommandOf<
  'DeclineHandoff',
  { caseId: string; proposalId: string; reason: { code: string; text?: string } }
>;
export type WithdrawHandoff = CaseCommandOf<
  'WithdrawHandoff',
  { caseId: string; proposalId: string; note?: string }
>;
export type EscalateOverdueHandoff = CaseCommandOf<
  'EscalateOverdueHandoff',
  { caseId: string; proposalId: string; regionalOfficeAgencyId: string }
>;
export type ExpireHandoff = CaseCommandOf<'ExpireHandoff', { caseId: string; proposalId: string }>;
export type RevokeConsent = CaseCommandOf<
  'RevokeConsent',
  { caseId: string; proposalId: string; revokedBy: string; revokedAt: string; note?: string }
>;
export type RecordInterimUpdate = CaseCommandOf<
  'RecordInterimUpdate',
  { caseId: string; updateId: string; note: string }
>;
export type RecordOutcome = CaseCommandOf<
  'RecordOutcome',
  { caseId: string; outcomeId: string; kind: string; value?: OutcomeValue; note?: string }
>;
export type CloseCase = CaseCommandOf<'CloseCase', { caseId: string; outcome: string; note?: string }>;
/** The reaction to firm-registry.firm-closed.v1 for one open case of the firm. */
export type CloseCaseForClosedFirm = CaseCommandOf<
  'CloseCaseForClosedFirm',
  { caseId: string; firmId: string; reason: string; closedOn: string }
>;

export type CaseCommand =
  | OpenCase
  | ReviseGoals
  | ProposeHandoff
  | AcceptHandoff
  | DeclineHandoff
  | WithdrawHandoff
  | EscalateOverdueHandoff
  | ExpireHandoff
  | RevokeConsent
  | RecordInterimUpdate
  | RecordOutcome
  | CloseCase
  | CloseCaseForClosedFirm;

// ---- rules ----------------------------------------------------------------------------------------------

const MAX_GOALS = 10;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO instant with an offset (dueAt comes as `…T18:00:00+09:00`: compare instants, not strings). */
function instant(field: string, value: string): number {
  const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw new InvalidCaseInput(field, 'invalid-instant', `${field} must be an ISO instant with an offset`);
  return ms;
}

const blank = (text: string | undefined | null): boolean => typeof text !== 'string' || text.trim() === '';

function requireText(field: string, text: string | undefined, rule: string): string {
  if (blank(text)) throw new InvalidCaseInput(field, rule, `${field} must not be empty`);
  return text!.trim();
}

function requireGoals(goals: readonly string[]): string[] {
  if (!Array.isArray(goals) || goals.length < 1 || goals.length > MAX_GOALS)
    throw new InvalidCaseInput('goals', 'goals-count', `A case has 1 to ${MAX_GOALS} goals`);
  if (goals.some((g) => blank(g)))
    throw new InvalidCaseInput('goals', 'goal-empty', 'A goal must not be empty');
  return goals.map((g) => g.trim());
}

function requirePhase(field: string, phase: string): Phase {
  if (!isPhase(phase)) throw new UnknownPhase(field, String(phase));
  return phase;
}

/** The actor's relations to the case; `other` when it stands in none of the rest. */
export function relationsOf(actor: CaseActor, state: Case): CaseRelation[] {
  const relations: CaseRelation[] = [];
  if (state.status !== 'none') {
    if (actor.agencyId !== undefined && actor.agencyId === state.holder) relations.push('holder');
    if (state.status === 'open' && state.openProposal && actor.agencyId === state.openProposal.to)
      relations.push('target');
    if (actor.role === 'regional-office' && (actor.regions ?? []).includes(state.regionCode))
      relations.push('regional-office');
  }
  return relations.length ? relations : ['other'];
}

function forbiddenDetails(command: CaseCommand, state: Case, allowed: readonly CaseRelation[]) {
  const actor = command.metadata.actor;
  return {
    command: command.type,
    role: String(actor.role),
    agencyId: actor.agencyId ?? null,
    relations: relationsOf(actor, state),
    allowed,
  } satisfies Omit<ForbiddenDetails, 'rule'>;
}

/** CASE_PERMISSIONS, relation part: the actor must stand in one of the relations its role is allowed. */
function authorize(command: CaseCommand, state: Case): CaseRelation[] {
  const allowed = permittedRelations(command.metadata.actor.role, command.type);
  const details = forbiddenDetails(command, state, allowed);
  const granted = details.relations.filter((r) => allowed.includes(r));
  if (granted.length) return granted;
  const holder = state.status === 'none' ? '' : state.holder;
  const target = state.status === 'open' ? (state.openProposal?.to ?? null) : null;
  if (allowed.includes('holder') && !allowed.includes('target')) throw new NotTheHolder(details, holder);
  if (allowed.includes('target') && !allowed.includes('holder')) throw new NotTheTarget(details, target);
  throw new Forbidden(`Not allowed to ${command.type} in this case`, {
    ...details,
    rule: 'relation-not-permitted',
  });
}

/**
 * CASE_PERMISSIONS, role and state part, checked before anything else: a role that may never issue the
 * command is refused first (nothing about the case leaks), then a case in the wrong state.
 */
function admit(command: CaseCommand, state: Case): void {
  const actor = command.metadata.actor;
  const allowed = permittedRelations(actor.role, command.type);
  if (allowed.length === 0)
    throw new Forbidden(`Role ${String(actor.role)} may not ${command.type}`, {
      ...forbiddenDetails(command, state, allowed),
      rule: 'role-not-permitted',
    });
  const states: readonly CaseStatus[] = CASE_PERMISSIONS[command.type].states;
  if (states.includes(state.status)) return;
  if (state.status === 'none') throw new CaseNotFound(command.data.caseId);
  if (state.status === 'closed') throw new CaseIsClosed(state.caseId);
  throw new CaseAlreadyExists(state.caseId);
}

function open(state: Case): OpenCaseState {
  if (state.status !== 'open')
    throw new Error(`Unreachable: case is ${state.status}, admit() let it through`);
  return state;
}

/**
 * The proposal a command names, which must be the open one. Checked before the actor's relation: once a
 * proposal was withdrawn its target is nobody's target, and the race "accept vs. withdraw" must answer
 * proposal-not-open (the other side won), not forbidden.
 */
function openProposalNamed(state: OpenCaseState, proposalId: string): OpenProposal {
  if (state.openProposal?.proposalId === proposalId) return state.openProposal;
  const ended = state.endedProposals[proposalId];
  if (!ended) throw new ProposalNotFound(proposalId);
  if (ended.ended === 'expired') throw new ProposalExpired(proposalId, ended.expiresAt);
  throw new ProposalNotOpen(proposalId, ended.ended);
}

const withdrawal = (
  state: OpenCaseState,
  cause: HandoffWithdrawn['data']['cause'],
  withdrawnBy: string | null,
  note: string | null,
  now: string,
): HandoffWithdrawn[] =>
  state.openProposal
    ? [
        {
          type: 'HandoffWithdrawn',
          data: {
            caseId: state.caseId,
            firmId: state.firmId,
            proposalId: state.openProposal.proposalId,
            from: state.openProposal.from,
            to: state.openProposal.to,
            cause,
            withdrawnBy,
            note,
            withdrawnAt: now,
          },
        },
      ]
    : [];

function checkPackageAndConsent(
  pkg: HandoverPackage,
  consent: SharingConsent,
  targetId: string,
  nowMs: number,
) {
  requireText('package.summary', pkg.summary, 'summary-required');
  const seen = new Set<string>();
  pkg.documents.forEach((doc, i) => {
    for (const key of ['documentId', 'title', 'uri'] as const)
      requireText(`package.documents[${i}].${key}`, doc[key], 'document-incomplete');
    if (seen.has(doc.documentId))
      throw new InvalidCaseInput(
        `package.documents[${i}].documentId`,
        'duplicate-document',
        `Document ${doc.documentId} is listed twice`,
      );
    seen.add(doc.documentId);
  });
  if (consent.sharedWith !== targetId)
    throw new ConsentDoesNotCoverPackage(
      'consent.sharedWith',
      `The firm consented to share with ${consent.sharedWith}, not with the target ${targetId}`,
      { sharedWith: consent.sharedWith, target: targetId },
    );
  const missing = pkg.documents.map((d) => d.documentId).filter((id) => !consent.items.includes(id));
  if (missing.length)
    throw new ConsentDoesNotCoverPackage(
      'consent.items',
      `The firm did not consent to share ${missing.join(', ')}`,
      { missing },
    );
  if (!consent.includesSummary)
    throw new ConsentDoesNotCoverPackage(
      'consent.includesSummary',
      'The firm did not consent to share the summary of the package',
    );
  requireText('consent.grantedBy', consent.grantedBy, 'consent-grantor-required');
  if (instant('consent.grantedAt', consent.grantedAt) > nowMs)
    throw new InvalidCaseInput(
      'consent.grantedAt',
      'instant-in-future',
      'The consent cannot be granted later',
    );
}

function checkTarget(state: OpenCaseState, target: TargetAgencySnapshot, nextPhase: Phase) {
  if (target.agencyId === state.holder) throw new TargetIsHolder(target.agencyId);
  if (!target.active) throw new TargetInactive(target.agencyId);
  if (!target.phases.includes(nextPhase))
    throw new TargetPhaseNotCovered(target.agencyId, nextPhase, target.phases);
  if (target.regions.length > 0 && !target.regions.includes(state.regionCode))
    throw new TargetOutOfRegion(target.agencyId, state.regionCode, target.regions);
  if (target.capacity !== null && target.openCases >= target.capacity)
    throw new TargetAtCapacity(target.agencyId, target.capacity, target.openCases);
}

/** Earlier holders, most recent first, without the current one. */
const earlierHolders = (state: OpenCaseState): string[] =>
  [...new Set([...state.holders].reverse())].filter((h) => h !== state.holder);

// ---- decide / evolve ------------------------------------------------------------------------------------

export function decide(command: CaseCommand, state: Case): CaseEvent[] {
  const now = command.metadata.now;
  const nowMs = instant('metadata.now', now);
  const actor = command.metadata.actor;
  admit(command, state);
  switch (command.type) {
    case 'OpenCase': {
      const d = command.data;
      authorize(command, state);
      if (blank(actor.agencyId))
        throw new Forbidden('Only an actor acting for an agency may open a case', {
          ...forbiddenDetails(command, state, permittedRelations(actor.role, command.type)),
          rule: 'actor-without-agency',
        });
      if (!d.firm) throw new FirmNotFound(d.firmId);
      if (d.firm.status === 'closed') throw new FirmIsClosed(d.firm.firmId);
      const goals = requireGoals(d.goals);
      const phase = requirePhase('phase', d.phase);
      return [
        {
          type: 'CaseOpened',
          data: {
            caseId: d.caseId,
            firmId: d.firm.firmId,
            regionCode: d.firm.regionCode,
            holder: actor.agencyId!,
            goals,
            phase,
            openedAt: now,
          },
        },
      ];
    }
    case 'ReviseGoals': {
      const c = open(state);
      authorize(command, state);
      const goals = requireGoals(command.data.goals);
      if (goals.length === c.goals.length && goals.every((g, i) => g === c.goals[i])) return [];
      return [
        {
          type: 'GoalsRevised',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            goals,
            previousGoals: [...c.goals],
            revisedBy: c.holder,
            revisedAt: now,
          },
        },
      ];
    }
    case 'ProposeHandoff': {
      const c = open(state);
      const d = command.data;
      authorize(command, state);
      if (c.openProposal) throw new ProposalAlreadyOpen(c.openProposal.proposalId);
      if (c.consents[d.proposalId]) throw new ProposalIdTaken(d.proposalId);
      const nextPhase = requirePhase('nextPhase', d.nextPhase);
      checkTarget(c, d.target, nextPhase);
      const reason = requireText('reason', d.reason, 'reason-required');
      checkPackageAndConsent(d.package, d.consent, d.target.agencyId, nowMs);
      const dueMs = instant('dueAt', d.dueAt);
      if (dueMs <= nowMs)
        throw new InvalidCaseInput('dueAt', 'due-not-in-future', 'dueAt must lie in the future');
      if (instant('expiresAt', d.expiresAt) < dueMs)
        throw new InvalidCaseInput('expiresAt', 'expiry-before-due', 'expiresAt cannot come before dueAt');
      return [
        {
          type: 'HandoffProposed',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            proposalId: d.proposalId,
            from: c.holder,
            to: d.target.agencyId,
            reason,
            currentPhase: c.phase,
            nextPhase,
            package: {
              summary: d.package.summary.trim(),
              documents: d.package.documents.map(({ documentId, title, uri }) => ({
                documentId,
                title,
                uri,
              })),
            },
            consent: {
              grantedBy: d.consent.grantedBy,
              grantedAt: d.consent.grantedAt,
              sharedWith: d.consent.sharedWith,
              items: [...d.consent.items],
              includesSummary: d.consent.includesSummary,
            },
            dueAt: d.dueAt,
            expiresAt: d.expiresAt,
            proposedAt: now,
          },
        },
      ];
    }
    case 'AcceptHandoff': {
      const c = open(state);
      const p = openProposalNamed(c, command.data.proposalId);
      if (nowMs >= instant('expiresAt', p.expiresAt)) throw new ProposalExpired(p.proposalId, p.expiresAt);
      authorize(command, state);
      return [
        {
          type: 'HandoffAccepted',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            proposalId: p.proposalId,
            from: p.from,
            to: p.to,
            previousPhase: c.phase,
            phase: p.nextPhase,
            acceptedAt: now,
          },
        },
      ];
    }
    case 'DeclineHandoff': {
      const c = open(state);
      const p = openProposalNamed(c, command.data.proposalId);
      authorize(command, state);
      const { code, text } = command.data.reason;
      if (!DECLINE_REASONS.some((r) => r.code === code))
        throw new InvalidCaseInput(
          'reason.code',
          'unknown-decline-reason',
          `${code} is not a decline reason`,
        );
      if (code === 'other' && blank(text))
        throw new InvalidCaseInput(
          'reason.text',
          'decline-text-required',
          'Say why when the reason is "other"',
        );
      return [
        {
          type: 'HandoffDeclined',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            proposalId: p.proposalId,
            from: p.from,
            to: p.to,
            reason: { code: code as DeclineReasonCode, text: blank(text) ? null : text!.trim() },
            declinedAt: now,
          },
        },
      ];
    }
    case 'WithdrawHandoff': {
      const c = open(state);
      openProposalNamed(c, command.data.proposalId);
      const as = authorize(command, state);
      const note = blank(command.data.note) ? null : command.data.note!.trim();
      if (as.includes('holder')) return withdrawal(c, 'proposer', actor.agencyId!, note, now);
      if (c.openProposal!.status !== 'escalated') throw new ProposalNotEscalated(command.data.proposalId);
      return withdrawal(c, 'regional-office', actor.agencyId ?? null, note, now);
    }
    case 'EscalateOverdueHandoff': {
      const c = open(state);
      const d = command.data;
      // A timer races people: a proposal that ended meanwhile, or was escalated already, needs nothing.
      if (c.openProposal?.proposalId !== d.proposalId) {
        if (!c.endedProposals[d.proposalId]) throw new ProposalNotFound(d.proposalId);
        return [];
      }
      authorize(command, state);
      const p = c.openProposal;
      if (p.status === 'escalated') return [];
      if (nowMs < instant('dueAt', p.dueAt)) throw new HandoffNotOverdue(p.proposalId, p.dueAt);
      if (nowMs >= instant('expiresAt', p.expiresAt)) throw new ProposalExpired(p.proposalId, p.expiresAt);
      const office = requireText(
        'regionalOfficeAgencyId',
        d.regionalOfficeAgencyId,
        'regional-office-required',
      );
      return [
        {
          type: 'HandoffEscalated',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            proposalId: p.proposalId,
            from: p.from,
            to: p.to,
            escalatedTo: office,
            dueAt: p.dueAt,
            escalatedAt: now,
          },
        },
      ];
    }
    case 'ExpireHandoff': {
      const c = open(state);
      const d = command.data;
      if (c.openProposal?.proposalId !== d.proposalId) {
        if (!c.endedProposals[d.proposalId]) throw new ProposalNotFound(d.proposalId);
        return [];
      }
      authorize(command, state);
      const p = c.openProposal;
      if (nowMs < instant('expiresAt', p.expiresAt))
        throw new ProposalNotExpiredYet(p.proposalId, p.expiresAt);
      return [
        {
          type: 'HandoffExpired',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            proposalId: p.proposalId,
            from: p.from,
            to: p.to,
            expiresAt: p.expiresAt,
            expiredAt: now,
          },
        },
      ];
    }
    case 'RevokeConsent': {
      if (state.status === 'none') throw new CaseNotFound(command.data.caseId);
      const d = command.data;
      const shared = state.consents[d.proposalId];
      if (!shared) throw new ProposalNotFound(d.proposalId);
      authorize(command, state);
      if (shared.revoked) return [];
      const revokedBy = requireText('revokedBy', d.revokedBy, 'revoker-required');
      if (instant('revokedAt', d.revokedAt) > nowMs)
        throw new InvalidCaseInput('revokedAt', 'instant-in-future', 'revokedAt lies in the future');
      const revoked: CaseEvent = {
        type: 'ConsentRevoked',
        data: {
          caseId: state.caseId,
          firmId: state.firmId,
          proposalId: d.proposalId,
          sharedWith: shared.sharedWith,
          items: [...shared.items],
          revokedBy,
          revokedAt: d.revokedAt,
          recordedBy: actor.agencyId!,
          note: blank(d.note) ? null : d.note!.trim(),
        },
      };
      // Without the firm's consent the package cannot go on: an open proposal ends with it.
      if (state.status === 'open' && state.openProposal?.proposalId === d.proposalId)
        return [revoked, ...withdrawal(state, 'consent-revoked', null, null, now)];
      return [revoked];
    }
    case 'RecordInterimUpdate': {
      const c = open(state);
      authorize(command, state);
      const note = requireText('note', command.data.note, 'note-required');
      return [
        {
          type: 'InterimUpdateRecorded',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            updateId: command.data.updateId,
            recordedBy: c.holder,
            phase: c.phase,
            note,
            recordedAt: now,
          },
        },
      ];
    }
    case 'RecordOutcome': {
      const c = open(state);
      const d = command.data;
      authorize(command, state);
      if (!OUTCOME_KINDS.some((k) => k.kind === d.kind))
        throw new InvalidCaseInput('kind', 'unknown-outcome-kind', `${d.kind} is not an outcome kind`);
      if (d.value !== undefined) {
        if (!Number.isFinite(d.value.amount) || d.value.amount < 0)
          throw new InvalidCaseInput(
            'value.amount',
            'amount-not-negative',
            'value.amount must be a number ≥ 0',
          );
        requireText('value.unit', d.value.unit, 'unit-required');
      }
      if (d.kind === 'other') requireText('note', d.note, 'note-required');
      return [
        {
          type: 'OutcomeRecorded',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            outcomeId: d.outcomeId,
            kind: d.kind as OutcomeKind,
            value: d.value === undefined ? null : { amount: d.value.amount, unit: d.value.unit.trim() },
            note: blank(d.note) ? null : d.note!.trim(),
            phase: c.phase,
            recordedBy: c.holder,
            notify: earlierHolders(c),
            recordedAt: now,
          },
        },
      ];
    }
    case 'CloseCase': {
      const c = open(state);
      const d = command.data;
      authorize(command, state);
      if (!CASE_CLOSURE_OUTCOMES.some((o) => o.outcome === d.outcome))
        throw new InvalidCaseInput(
          'outcome',
          'unknown-closure-outcome',
          `${d.outcome} is not a case outcome`,
        );
      if (d.outcome === 'firm-closed')
        throw new InvalidCaseInput(
          'outcome',
          'outcome-reserved',
          'firm-closed is recorded when the firm registry closes the firm',
        );
      if (d.outcome === 'other') requireText('note', d.note, 'note-required');
      return [
        ...withdrawal(c, 'case-closed', c.holder, null, now),
        {
          type: 'CaseClosed',
          data: {
            caseId: c.caseId,
            firmId: c.firmId,
            outcome: d.outcome as CaseClosureOutcome,
            note: blank(d.note) ? null : d.note!.trim(),
            holder: c.holder,
            closedBy: c.holder,
            closedAt: now,
          },
        },
      ];
    }
    case 'CloseCaseForClosedFirm': {
      if (state.status !== 'open') return []; // already closed: the reaction is idempotent
      const d = command.data;
      authorize(command, state);
      if (d.firmId !== state.firmId)
        throw new InvalidCaseInput(
          'firmId',
          'firm-mismatch',
          `Case ${state.caseId} is not about firm ${d.firmId}`,
        );
      return [
        ...withdrawal(state, 'case-closed', null, null, now),
        {
          type: 'CaseClosed',
          data: {
            caseId: state.caseId,
            firmId: state.firmId,
            outcome: 'firm-closed',
            note: `The firm was closed on ${d.closedOn} (${d.reason})`,
            holder: state.holder,
            closedBy: null,
            closedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'case command');
  }
}

const endProposal = (state: Case, proposalId: string, ended: ProposalEnd): Case => {
  if (state.status !== 'open' || state.openProposal?.proposalId !== proposalId) return state;
  return {
    ...state,
    openProposal: null,
    endedProposals: {
      ...state.endedProposals,
      [proposalId]: { ended, expiresAt: state.openProposal.expiresAt },
    },
  };
};

export function evolve(state: Case, event: CaseEvent): Case {
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      return {
        status: 'open',
        caseId: d.caseId,
        firmId: d.firmId,
        regionCode: d.regionCode,
        holder: d.holder,
        phase: d.phase,
        goals: d.goals,
        holders: [d.holder],
        openProposal: null,
        endedProposals: {},
        consents: {},
      };
    }
    case 'GoalsRevised':
      return state.status === 'open' ? { ...state, goals: event.data.goals } : state;
    case 'HandoffProposed': {
      if (state.status !== 'open') return state;
      const d = event.data;
      return {
        ...state,
        openProposal: {
          proposalId: d.proposalId,
          from: d.from,
          to: d.to,
          nextPhase: d.nextPhase,
          dueAt: d.dueAt,
          expiresAt: d.expiresAt,
          status: 'pending',
          escalatedTo: null,
        },
        consents: {
          ...state.consents,
          [d.proposalId]: { sharedWith: d.consent.sharedWith, items: d.consent.items, revoked: false },
        },
      };
    }
    case 'HandoffAccepted': {
      const ended = endProposal(state, event.data.proposalId, 'accepted');
      if (ended.status !== 'open') return ended;
      return {
        ...ended,
        holder: event.data.to,
        phase: event.data.phase,
        holders: [...ended.holders, event.data.to],
      };
    }
    case 'HandoffDeclined':
      return endProposal(state, event.data.proposalId, 'declined');
    case 'HandoffWithdrawn':
      return endProposal(state, event.data.proposalId, 'withdrawn');
    case 'HandoffExpired':
      return endProposal(state, event.data.proposalId, 'expired');
    case 'HandoffEscalated':
      if (state.status !== 'open' || state.openProposal?.proposalId !== event.data.proposalId) return state;
      return {
        ...state,
        openProposal: { ...state.openProposal, status: 'escalated', escalatedTo: event.data.escalatedTo },
      };
    case 'ConsentRevoked': {
      if (state.status === 'none') return state;
      const shared = state.consents[event.data.proposalId];
      if (!shared) return state;
      return {
        ...state,
        consents: { ...state.consents, [event.data.proposalId]: { ...shared, revoked: true } },
      };
    }
    case 'InterimUpdateRecorded':
    case 'OutcomeRecorded':
      return state;
    case 'CaseClosed':
      if (state.status !== 'open') return state;
      return {
        status: 'closed',
        caseId: state.caseId,
        firmId: state.firmId,
        regionCode: state.regionCode,
        holder: state.holder,
        consents: state.consents,
      };
    default:
      return assertNever(event, 'case event');
  }
}

export const caseDecider: Decider<Case, CaseCommand, CaseEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
