import {
  CASE_CLOSING_OUTCOMES,
  CASE_OUTCOME_KINDS,
  CASE_PHASES,
  HANDOFF_DECLINE_REASONS,
  HANDOFF_WITHDRAWAL_CAUSES,
  REGIONS,
  type FirmClosureReason,
  type GrowthStage,
  type RegionCode,
} from '@baton/contracts';
import { assertNever } from '@baton/eventsourcing';
import { effectiveAt, inEffectOrder } from './as-of';
import { CRISIS_MONITORING_PREFIX, knownEvent, type KnownEvent } from './known-events';
import type { ReplayEntry } from './replay.state';

/** One line of a firm's history for an auditor. */
export interface TimelineItem {
  readonly sequence: number;
  readonly eventId: string;
  /** Business time (effectiveAt). */
  readonly at: string;
  /** When the ledger recorded it: later than `at` by much means a back-dated fact. */
  readonly recordedAt: string;
  readonly type: string;
  /** The user who did it (envelope `actor`). */
  readonly actor: string | null;
  readonly actorRole: string | null;
  /** The agency the actor acted for (envelope `actoragency`). */
  readonly agency: string | null;
  /** The reason the event gives, where its contract carries one. */
  readonly reason: string | null;
  readonly correlationId: string | null;
  readonly summary: string;
}

/** 성장단계 labels (firm.schemas.ts in @baton/contracts names them in a description only). */
const GROWTH_STAGE_LABELS: Readonly<Record<GrowthStage, string>> = {
  potential: '잠재기업',
  preliminary: '예비기업',
  leading: '선도기업',
  'super-regional-leading': '초광역권 선도기업',
};

const CLOSURE_LABELS: Readonly<Record<FirmClosureReason, string>> = {
  'business-closed': '폐업',
  bankrupt: '파산',
  merged: '합병',
};

const labelled = (id: string, label: string | undefined) => (label === undefined ? id : `${id} (${label})`);
const region = (code: RegionCode) => labelled(code, REGIONS[code]);
const phase = (id: keyof typeof CASE_PHASES) => labelled(id, CASE_PHASES[id]);

/** Every entry as a timeline item, in business-time order (ties in ledger order). */
export function timeline(entries: readonly ReplayEntry[]): TimelineItem[] {
  return inEffectOrder(entries).map((entry) => {
    const p = entry.payload;
    const event = knownEvent(p);
    const { reason, summary } =
      event !== undefined ? describe(event) : { reason: null, summary: describeUnknown(p.type) };
    return {
      sequence: entry.sequence,
      eventId: entry.eventId,
      at: effectiveAt(entry),
      recordedAt: entry.recordedAt,
      type: p.type,
      actor: p.actor ?? null,
      actorRole: p.actorrole ?? null,
      agency: p.actoragency ?? null,
      reason,
      correlationId: p.correlationid ?? null,
      summary,
    };
  });
}

function describeUnknown(type: string): string {
  return type.startsWith(CRISIS_MONITORING_PREFIX)
    ? `Crisis monitoring (위기 징후): ${type.slice(CRISIS_MONITORING_PREFIX.length)}`
    : `Event not folded by the replay: ${type}`;
}

function describe(event: KnownEvent): { reason: string | null; summary: string } {
  const plain = (summary: string) => ({ reason: null, summary });
  switch (event.type) {
    case 'firm-registry.firm-registered.v1': {
      const d = event.data;
      return plain(
        `Firm registered: ${d.name}, region ${region(d.regionCode)}, industry ${d.industryId}, ` +
          `stage ${labelled(d.growthStage, GROWTH_STAGE_LABELS[d.growthStage])}`,
      );
    }
    case 'firm-registry.firm-profile-amended.v1': {
      const d = event.data;
      const changes = [
        d.name !== undefined && `name ${d.name}`,
        d.industryId !== undefined && `industry ${d.industryId}`,
        d.size !== undefined && `size ${d.size}`,
        d.ksicCode !== undefined && `KSIC ${d.ksicCode ?? 'removed'}`,
      ].filter((change): change is string => change !== false);
      return plain(`Profile amended: ${changes.join(', ')}`);
    }
    case 'firm-registry.firm-relocated.v1':
      return plain(
        `Head office moved from ${region(event.data.fromRegionCode)} to ${region(event.data.toRegionCode)}`,
      );
    case 'firm-registry.growth-stage-assessed.v1': {
      const d = event.data;
      return plain(
        `Growth stage assessed: ${labelled(d.stage, GROWTH_STAGE_LABELS[d.stage])} from ${d.effectiveAt} ` +
          `(innovation ${d.scores.innovation}, growth ${d.scores.growth}, ` +
          `job creation ${d.scores.jobCreation})`,
      );
    }
    case 'firm-registry.indicators-reported.v1': {
      const { firmId: _firmId, period, reportedAt: _reportedAt, ...figures } = event.data;
      return plain(`Indicators for ${period}: ${Object.keys(figures).join(', ')}`);
    }
    case 'firm-registry.firm-closed.v1': {
      const d = event.data;
      const reason = labelled(d.reason, CLOSURE_LABELS[d.reason]);
      const successor = d.successorFirmId !== undefined ? ` into ${d.successorFirmId}` : '';
      return { reason, summary: `Firm closed: ${reason}${successor}` };
    }
    case 'relay.case-opened.v1': {
      const d = event.data;
      return plain(`Case ${d.caseId} opened by ${d.holderAgencyId} in phase ${phase(d.phase)}`);
    }
    case 'relay.handoff-proposed.v1': {
      const d = event.data;
      return {
        reason: d.reason,
        summary:
          `Hand-off proposed from ${d.fromAgencyId} to ${d.toAgencyId} ` +
          `for phase ${phase(d.nextPhase)}, due ${d.dueAt}`,
      };
    }
    case 'relay.handoff-accepted.v1': {
      const d = event.data;
      return plain(`Hand-off accepted: ${d.toAgencyId} holds case ${d.caseId} in phase ${phase(d.phase)}`);
    }
    case 'relay.handoff-declined.v1': {
      const d = event.data;
      const code = labelled(d.reason.code, HANDOFF_DECLINE_REASONS[d.reason.code]);
      const reason = d.reason.text !== undefined ? `${code}: ${d.reason.text}` : code;
      return {
        reason,
        summary: `Hand-off declined by ${d.toAgencyId}; ${d.fromAgencyId} keeps case ${d.caseId}`,
      };
    }
    case 'relay.handoff-withdrawn.v1': {
      const d = event.data;
      const reason = labelled(d.cause, HANDOFF_WITHDRAWAL_CAUSES[d.cause]);
      return { reason, summary: `Hand-off to ${d.toAgencyId} withdrawn` };
    }
    case 'relay.handoff-escalated.v1': {
      const d = event.data;
      return plain(
        `Hand-off to ${d.toAgencyId} overdue since ${d.dueAt}: escalated to ${d.escalatedToAgencyId}`,
      );
    }
    case 'relay.handoff-expired.v1':
      return plain(`Hand-off to ${event.data.toAgencyId} expired unanswered at ${event.data.expiresAt}`);
    case 'relay.consent-revoked.v1':
      return plain(`Consent to share the hand-over package with ${event.data.sharedWithAgencyId} revoked`);
    case 'relay.outcome-recorded.v1': {
      const d = event.data;
      const value = d.value !== undefined ? `: ${d.value.amount} ${d.value.unit}` : '';
      const kind = labelled(d.kind, CASE_OUTCOME_KINDS[d.kind]);
      return plain(`Outcome recorded by ${d.recordedByAgencyId}: ${kind}${value}`);
    }
    case 'relay.case-closed.v1': {
      const d = event.data;
      const reason = labelled(d.outcome, CASE_CLOSING_OUTCOMES[d.outcome]);
      return { reason, summary: `Case ${d.caseId} closed by ${d.holderAgencyId}: ${reason}` };
    }
    default:
      return assertNever(event, 'integration event');
  }
}
