import { assertNever } from '@baton/eventsourcing';
import { CRISIS_MONITORING_PREFIX, knownEvent } from './known-events';
import {
  initialReplayState,
  type BatonHolding,
  type CaseView,
  type HandoffView,
  type OtherReason,
  type ReplayEntry,
  type ReplayState,
  type WarningView,
} from './replay.state';

/**
 * Folds one published event into the replay state. Total: an event it cannot place (unknown type, unknown
 * case or proposal, a taken id) goes to `other` instead of failing. It applies what was published, in the
 * order given, without re-checking the producers' rules: the order (recording or business time) is the
 * caller's choice (as-of.ts).
 */
export function evolveReplay(state: ReplayState, entry: ReplayEntry): ReplayState {
  const event = knownEvent(entry.payload);
  if (event === undefined) {
    return entry.payload.type.startsWith(CRISIS_MONITORING_PREFIX)
      ? { ...state, warnings: withWarning(state.warnings, entry) }
      : withOther(state, entry, 'unknown-type');
  }
  const registry = state.registry;
  switch (event.type) {
    case 'firm-registry.firm-registered.v1': {
      const d = event.data;
      return {
        ...state,
        registry: {
          ...registry,
          status: 'active',
          profile: {
            ...registry.profile,
            name: d.name,
            businessRegistrationNumber: d.businessRegistrationNumber,
          },
          region: d.regionCode,
          industry: d.industryId,
          stage: { stage: d.growthStage, effectiveAt: d.registeredAt },
          registeredAt: d.registeredAt,
        },
      };
    }
    case 'firm-registry.firm-profile-amended.v1': {
      const d = event.data;
      return {
        ...state,
        registry: {
          ...registry,
          profile: {
            ...registry.profile,
            ...(d.name !== undefined && { name: d.name }),
            ...(d.size !== undefined && { size: d.size }),
            ...(d.ksicCode !== undefined && { ksicCode: d.ksicCode }),
          },
          ...(d.industryId !== undefined && { industry: d.industryId }),
        },
      };
    }
    case 'firm-registry.firm-relocated.v1':
      return { ...state, registry: { ...registry, region: event.data.toRegionCode } };
    case 'firm-registry.growth-stage-assessed.v1': {
      const d = event.data;
      return {
        ...state,
        registry: {
          ...registry,
          stage: {
            stage: d.stage,
            effectiveAt: d.effectiveAt,
            scores: { ...d.scores },
            assessingAgencyId: d.assessingAgencyId,
          },
        },
      };
    }
    case 'firm-registry.indicators-reported.v1': {
      // A later report for the same period is a restatement: it replaces the period's figures.
      const { firmId: _firmId, period, ...figures } = event.data;
      return {
        ...state,
        registry: { ...registry, indicators: put(registry.indicators, period, figures) },
      };
    }
    case 'firm-registry.firm-closed.v1': {
      const d = event.data;
      return {
        ...state,
        registry: {
          ...registry,
          status: 'closed',
          closure: {
            reason: d.reason,
            ...(d.successorFirmId !== undefined && { successorFirmId: d.successorFirmId }),
            closedAt: d.closedAt,
          },
        },
      };
    }
    case 'relay.case-opened.v1': {
      const d = event.data;
      if (state.cases[d.caseId] !== undefined) return withOther(state, entry, 'duplicate');
      const opened: CaseView = {
        caseId: d.caseId,
        regionCode: d.regionCode,
        status: 'open',
        phase: d.phase,
        holderAgencyId: d.holderAgencyId,
        goals: [...d.goals],
        openedAt: d.openedAt,
        handoffs: [],
        outcomes: [],
      };
      return {
        ...state,
        cases: put(state.cases, d.caseId, opened),
        batonHolders: append(state.batonHolders, {
          caseId: d.caseId,
          agencyId: d.holderAgencyId,
          phase: d.phase,
          from: d.openedAt,
        }),
      };
    }
    case 'relay.handoff-proposed.v1': {
      const d = event.data;
      const supportCase = state.cases[d.caseId];
      if (supportCase === undefined) return withOther(state, entry, 'unknown-case');
      if (supportCase.handoffs.some((h) => h.proposalId === d.proposalId)) {
        return withOther(state, entry, 'duplicate');
      }
      const proposed: HandoffView = {
        proposalId: d.proposalId,
        from: d.fromAgencyId,
        to: d.toAgencyId,
        status: 'pending',
        reason: d.reason,
        currentPhase: d.currentPhase,
        nextPhase: d.nextPhase,
        documentCount: d.documentCount,
        times: { proposedAt: d.proposedAt, dueAt: d.dueAt, expiresAt: d.expiresAt },
      };
      return withCase(state, { ...supportCase, handoffs: append(supportCase.handoffs, proposed) });
    }
    case 'relay.handoff-accepted.v1': {
      const d = event.data;
      const missing = missingHandoff(state, d.caseId, d.proposalId);
      if (missing !== undefined) return withOther(state, entry, missing);
      const answered = withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        status: 'accepted',
        times: { ...h.times, acceptedAt: d.acceptedAt },
      }));
      return {
        ...withCase(answered, { ...answered.cases[d.caseId], holderAgencyId: d.toAgencyId, phase: d.phase }),
        batonHolders: append(endHolding(state.batonHolders, d.caseId, d.acceptedAt), {
          caseId: d.caseId,
          agencyId: d.toAgencyId,
          phase: d.phase,
          from: d.acceptedAt,
        }),
      };
    }
    case 'relay.handoff-declined.v1': {
      const d = event.data;
      return withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        status: 'declined',
        times: { ...h.times, declinedAt: d.declinedAt },
        declineReason: { code: d.reason.code, ...(d.reason.text !== undefined && { text: d.reason.text }) },
      }));
    }
    case 'relay.handoff-withdrawn.v1': {
      const d = event.data;
      return withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        status: 'withdrawn',
        times: { ...h.times, withdrawnAt: d.withdrawnAt },
        withdrawalCause: d.cause,
      }));
    }
    case 'relay.handoff-escalated.v1': {
      const d = event.data;
      return withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        // Escalation leaves the proposal open; it never reopens an answered one.
        status: h.status === 'pending' ? 'escalated' : h.status,
        times: { ...h.times, escalatedAt: d.escalatedAt },
        escalatedToAgencyId: d.escalatedToAgencyId,
      }));
    }
    case 'relay.handoff-expired.v1': {
      const d = event.data;
      return withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        status: 'expired',
        times: { ...h.times, expiredAt: d.expiredAt },
      }));
    }
    case 'relay.consent-revoked.v1': {
      const d = event.data;
      return withHandoff(state, entry, d.caseId, d.proposalId, (h) => ({
        ...h,
        times: { ...h.times, consentRevokedAt: d.revokedAt },
      }));
    }
    case 'relay.outcome-recorded.v1': {
      const d = event.data;
      const supportCase = state.cases[d.caseId];
      if (supportCase === undefined) return withOther(state, entry, 'unknown-case');
      return withCase(state, {
        ...supportCase,
        outcomes: append(supportCase.outcomes, {
          outcomeId: d.outcomeId,
          kind: d.kind,
          ...(d.value !== undefined && { value: { amount: d.value.amount, unit: d.value.unit } }),
          phase: d.phase,
          recordedByAgencyId: d.recordedByAgencyId,
          notifyAgencyIds: [...d.notifyAgencyIds],
          recordedAt: d.recordedAt,
        }),
      });
    }
    case 'relay.case-closed.v1': {
      const d = event.data;
      const supportCase = state.cases[d.caseId];
      if (supportCase === undefined) return withOther(state, entry, 'unknown-case');
      return {
        ...withCase(state, {
          ...supportCase,
          status: 'closed',
          holderAgencyId: d.holderAgencyId,
          closedAt: d.closedAt,
          closingOutcome: d.outcome,
        }),
        batonHolders: endHolding(state.batonHolders, d.caseId, d.closedAt),
      };
    }
    default:
      return assertNever(event, 'integration event');
  }
}

/**
 * True while foldEntries runs: the collections of its intermediate states (cases, holdings, warnings,
 * indicators, other, a case's hand-offs and outcomes) were all made during this fold and no one else holds
 * them, so they are updated in place instead of copied. Copying them for every event made a fold quadratic
 * in the firm's history (a 10,000-entry ledger took ~0.8 s); evolveReplay on its own still copies.
 */
let drafting = false;

/** The state after folding `entries` in the order given, from the initial state. */
export function foldEntries(entries: Iterable<ReplayEntry>): ReplayState {
  let state = initialReplayState();
  const outer = drafting;
  drafting = true;
  try {
    for (const entry of entries) state = evolveReplay(state, entry);
  } finally {
    drafting = outer;
  }
  return state;
}

/** `{ ...record, [key]: value }`, in place while drafting. */
function put<V>(record: Readonly<Record<string, V>>, key: string, value: V): Record<string, V> {
  if (!drafting) return { ...record, [key]: value };
  (record as Record<string, V>)[key] = value;
  return record as Record<string, V>;
}

/** `[...items, item]`, in place while drafting. */
function append<T>(items: readonly T[], item: T): T[] {
  if (!drafting) return [...items, item];
  (items as T[]).push(item);
  return items as T[];
}

function withCase(state: ReplayState, supportCase: CaseView): ReplayState {
  return { ...state, cases: put(state.cases, supportCase.caseId, supportCase) };
}

function missingHandoff(state: ReplayState, caseId: string, proposalId: string): OtherReason | undefined {
  const supportCase = state.cases[caseId];
  if (supportCase === undefined) return 'unknown-case';
  return supportCase.handoffs.some((h) => h.proposalId === proposalId) ? undefined : 'unknown-proposal';
}

function withHandoff(
  state: ReplayState,
  entry: ReplayEntry,
  caseId: string,
  proposalId: string,
  change: (handoff: HandoffView) => HandoffView,
): ReplayState {
  const missing = missingHandoff(state, caseId, proposalId);
  if (missing !== undefined) return withOther(state, entry, missing);
  const supportCase = state.cases[caseId];
  return withCase(state, {
    ...supportCase,
    handoffs: supportCase.handoffs.map((h) => (h.proposalId === proposalId ? change(h) : h)),
  });
}

/** Ends the case's current holding (the latest one still open) at `at`. */
function endHolding(holders: readonly BatonHolding[], caseId: string, at: string): BatonHolding[] {
  const index = holders.findLastIndex((h) => h.caseId === caseId && h.to === undefined);
  if (!drafting) return holders.map((h, i) => (i === index ? { ...h, to: at } : h));
  if (index >= 0) (holders as BatonHolding[])[index] = { ...holders[index], to: at };
  return holders as BatonHolding[];
}

function withOther(state: ReplayState, entry: ReplayEntry, reason: OtherReason): ReplayState {
  return {
    ...state,
    other: append(state.other, {
      sequence: entry.sequence,
      eventId: entry.eventId,
      type: entry.payload.type,
      occurredAt: entry.occurredAt,
      recordedAt: entry.recordedAt,
      reason,
    }),
  };
}

function withWarning(
  warnings: Readonly<Record<string, WarningView>>,
  entry: ReplayEntry,
): Record<string, WarningView> {
  const raw = entry.payload.data;
  const data: Record<string, unknown> =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const warningId =
    typeof data.warningId === 'string' && data.warningId !== '' ? data.warningId : entry.eventId;
  const at = entry.occurredAt;
  const seen = { eventId: entry.eventId, type: entry.payload.type, at };
  const known = warnings[warningId];
  return put(
    warnings,
    warningId,
    known === undefined
      ? { warningId, firstAt: at, lastAt: at, lastType: seen.type, events: [seen], data: { ...data } }
      : {
          ...known,
          lastAt: at,
          lastType: seen.type,
          events: append(known.events, seen),
          data: drafting
            ? Object.assign(known.data as Record<string, unknown>, data)
            : { ...known.data, ...data },
        },
  );
}
