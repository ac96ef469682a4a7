import {
  caseClosedV1,
  caseOpenedV1,
  consentRevokedV1,
  handoffAcceptedV1,
  handoffDeclinedV1,
  handoffEscalatedV1,
  handoffExpiredV1,
  handoffProposedV1,
  handoffWithdrawnV1,
  outcomeRecordedV1,
  type CaseClosedV1,
  type CaseOpenedV1,
  type ConsentRevokedV1,
  type HandoffAcceptedV1,
  type HandoffDeclinedV1,
  type HandoffEscalatedV1,
  type HandoffExpiredV1,
  type HandoffProposedV1,
  type HandoffRef,
  type HandoffWithdrawnV1,
  type OutcomeRecordedV1,
  type RegionCode,
} from '@baton/contracts';
import { assertNever, type RecordedEvent } from '@baton/eventsourcing';
import type { Publication } from '@baton/messaging';
import type { CaseEvent } from './case.events';

const publish = <T>(definition: { type: string }, data: T): Publication => ({ type: definition.type, data });

/**
 * An instant as RFC 3339 requires it. The decider accepts `…T18:00+09:00` (no seconds) for instants that come
 * in with a command (dueAt, expiresAt, revokedAt); RFC 3339 and the contracts' `date-time` need the seconds.
 * Adding `:00` names the same instant and keeps the offset.
 */
export const rfc3339 = (instant: string): string =>
  instant.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/, '$1:00$2');

const handoffRef = (d: {
  caseId: string;
  firmId: string;
  proposalId: string;
  from: string;
  to: string;
}): HandoffRef => ({
  caseId: d.caseId,
  firmId: d.firmId,
  proposalId: d.proposalId,
  fromAgencyId: d.from,
  toAgencyId: d.to,
});

/**
 * Stored case events → the relay's published contract (libs/contracts/src/relay): the relay's publication
 * mapping (a `PublicationMapping`: pure, synchronous, over the stored event alone). Every relay event is keyed
 * by firm id, so one firm's events stay in order across the firm registry's and the relay's topics; every
 * stored case event names the firm of its case (a case's firm never changes: it is set by CaseOpened).
 *
 * Never published: the hand-over package (summary, documents) and the consent (who granted it, which items),
 * which the firm shared with one agency only and can take back; free-text notes; the people who acted (the
 * envelope's `ce_actor*` headers say who did it).
 */
export function casePublications(recorded: RecordedEvent): readonly Publication[] {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent;
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      return [
        publish<CaseOpenedV1>(caseOpenedV1, {
          caseId: d.caseId,
          firmId: d.firmId,
          // The relay's firm snapshot takes its region from the firm registry's events, which carry current codes.
          regionCode: d.regionCode as RegionCode,
          holderAgencyId: d.holder,
          phase: d.phase,
          goals: [...d.goals],
          openedAt: rfc3339(d.openedAt),
        }),
      ];
    }
    // The goals as revised, and interim progress notes, are working texts among the agencies on the case: no
    // other context acts on them, and free text on a topic can never be taken back. Results that matter
    // beyond the relay are published as outcomes (OutcomeRecorded); the goals as opened go with case-opened.
    case 'GoalsRevised':
    case 'InterimUpdateRecorded':
      return [];
    case 'HandoffProposed': {
      const d = event.data;
      return [
        publish<HandoffProposedV1>(handoffProposedV1, {
          ...handoffRef(d),
          reason: d.reason,
          currentPhase: d.currentPhase,
          nextPhase: d.nextPhase,
          documentCount: d.package.documents.length,
          dueAt: rfc3339(d.dueAt),
          expiresAt: rfc3339(d.expiresAt),
          proposedAt: rfc3339(d.proposedAt),
        }),
      ];
    }
    case 'HandoffAccepted': {
      const d = event.data;
      return [
        publish<HandoffAcceptedV1>(handoffAcceptedV1, {
          ...handoffRef(d),
          previousPhase: d.previousPhase,
          phase: d.phase,
          acceptedAt: rfc3339(d.acceptedAt),
        }),
      ];
    }
    case 'HandoffDeclined': {
      const d = event.data;
      return [
        publish<HandoffDeclinedV1>(handoffDeclinedV1, {
          ...handoffRef(d),
          reason: { code: d.reason.code, ...(d.reason.text !== null && { text: d.reason.text }) },
          declinedAt: rfc3339(d.declinedAt),
        }),
      ];
    }
    case 'HandoffWithdrawn': {
      const d = event.data;
      return [
        publish<HandoffWithdrawnV1>(handoffWithdrawnV1, {
          ...handoffRef(d),
          cause: d.cause,
          withdrawnAt: rfc3339(d.withdrawnAt),
        }),
      ];
    }
    case 'HandoffEscalated': {
      const d = event.data;
      return [
        publish<HandoffEscalatedV1>(handoffEscalatedV1, {
          ...handoffRef(d),
          escalatedToAgencyId: d.escalatedTo,
          dueAt: rfc3339(d.dueAt),
          escalatedAt: rfc3339(d.escalatedAt),
        }),
      ];
    }
    case 'HandoffExpired': {
      const d = event.data;
      return [
        publish<HandoffExpiredV1>(handoffExpiredV1, {
          ...handoffRef(d),
          expiresAt: rfc3339(d.expiresAt),
          expiredAt: rfc3339(d.expiredAt),
        }),
      ];
    }
    case 'ConsentRevoked': {
      const d = event.data;
      return [
        publish<ConsentRevokedV1>(consentRevokedV1, {
          caseId: d.caseId,
          firmId: d.firmId,
          proposalId: d.proposalId,
          sharedWithAgencyId: d.sharedWith,
          revokedAt: rfc3339(d.revokedAt),
        }),
      ];
    }
    case 'OutcomeRecorded': {
      const d = event.data;
      return [
        publish<OutcomeRecordedV1>(outcomeRecordedV1, {
          caseId: d.caseId,
          firmId: d.firmId,
          outcomeId: d.outcomeId,
          kind: d.kind,
          ...(d.value !== null && { value: { amount: d.value.amount, unit: d.value.unit } }),
          phase: d.phase,
          recordedByAgencyId: d.recordedBy,
          notifyAgencyIds: [...d.notify],
          recordedAt: rfc3339(d.recordedAt),
        }),
      ];
    }
    case 'CaseClosed': {
      const d = event.data;
      return [
        publish<CaseClosedV1>(caseClosedV1, {
          caseId: d.caseId,
          firmId: d.firmId,
          outcome: d.outcome,
          holderAgencyId: d.holder,
          closedAt: rfc3339(d.closedAt),
        }),
      ];
    }
    default:
      return assertNever(event, 'case event');
  }
}
