import type { RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { CASE_STREAM_PREFIX, type CaseEvent } from '../case.events';

/** What a batch changes on a case row: the last revision, and holder, phase, goals or closure when they changed. */
interface CasePatch {
  case_id: string;
  revision: number;
  holder?: string;
  phase?: string;
  goals?: readonly string[];
  closed?: boolean;
}

/**
 * Cases and their proposals as agencies work them: who holds each case, in which phase; every proposal
 * with its due time and how it ended. Feeds the inbox (incoming, most urgent first) and the outgoing list.
 */
export const caseBoardProjection: Projection = {
  name: 'relay.case-board',
  filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
  /**
   * Set-based: a batch is folded in memory into rows per table, then written with a fixed number of
   * statements whatever its size (a statement per event made a busy process fall behind: every round trip
   * waits its turn on the event loop). The order of the statements is the order the events imply: cases
   * before their proposals, escalations before endings (an ending is final), case patches last.
   */
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    const opened: object[] = [];
    const proposed: object[] = [];
    const escalated: object[] = [];
    const ended: object[] = [];
    const revoked: object[] = [];
    const patches = new Map<string, CasePatch>();
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const at = recorded.metadata.recordedAt;
      const touch = (caseId: string, change: Partial<CasePatch> = {}) =>
        patches.set(caseId, {
          ...patches.get(caseId),
          ...change,
          case_id: caseId,
          revision: recorded.revision,
        });
      const end = (proposalId: string, status: string, decline: unknown = null) =>
        ended.push({ proposal_id: proposalId, status, ended_at: at, decline });
      switch (event.type) {
        case 'CaseOpened': {
          const d = event.data;
          opened.push({
            case_id: d.caseId,
            firm_id: d.firmId,
            region_code: d.regionCode,
            holder: d.holder,
            phase: d.phase,
            goals: d.goals,
            opened_at: d.openedAt,
            revision: recorded.revision,
          });
          break;
        }
        case 'GoalsRevised':
          touch(event.data.caseId, { goals: event.data.goals });
          break;
        case 'HandoffProposed': {
          const d = event.data;
          proposed.push({
            proposal_id: d.proposalId,
            case_id: d.caseId,
            firm_id: d.firmId,
            from_agency: d.from,
            to_agency: d.to,
            reason: d.reason,
            next_phase: d.nextPhase,
            due_at: d.dueAt,
            expires_at: d.expiresAt,
            proposed_at: d.proposedAt,
            summary: d.consent.includesSummary ? d.package.summary : null,
            documents: d.package.documents.filter((doc) => d.consent.items.includes(doc.documentId)),
            consent: d.consent,
          });
          touch(d.caseId);
          break;
        }
        case 'HandoffAccepted':
          end(event.data.proposalId, 'accepted');
          touch(event.data.caseId, { holder: event.data.to, phase: event.data.phase });
          break;
        case 'HandoffDeclined':
          end(event.data.proposalId, 'declined', event.data.reason);
          touch(event.data.caseId);
          break;
        case 'HandoffWithdrawn':
          end(event.data.proposalId, 'withdrawn');
          touch(event.data.caseId);
          break;
        case 'HandoffExpired':
          end(event.data.proposalId, 'expired');
          touch(event.data.caseId);
          break;
        case 'HandoffEscalated':
          escalated.push({ proposal_id: event.data.proposalId, escalated_to: event.data.escalatedTo });
          touch(event.data.caseId);
          break;
        case 'CaseClosed':
          touch(event.data.caseId, { closed: true });
          break;
        case 'ConsentRevoked':
          revoked.push({ proposal_id: event.data.proposalId, revoked_at: event.data.revokedAt });
          touch(event.data.caseId);
          break;
        case 'InterimUpdateRecorded':
        case 'OutcomeRecorded':
          touch(event.data.caseId);
          break;
      }
    }
    const rows = (list: object[]) => JSON.stringify(list);
    if (opened.length)
      await manager.query(
        `INSERT INTO cases (case_id, firm_id, region_code, holder, phase, status, goals, opened_at, revision,
                            opened_by, opened_phase)
         SELECT r.case_id, r.firm_id, r.region_code, r.holder, r.phase, 'open',
                ARRAY(SELECT jsonb_array_elements_text(r.goals)), r.opened_at, r.revision, r.holder, r.phase
           FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, firm_id uuid, region_code text, holder uuid,
                phase text, goals jsonb, opened_at timestamptz, revision integer)
         ON CONFLICT (case_id) DO NOTHING`,
        [rows(opened)],
      );
    if (proposed.length) {
      await manager.query(
        `INSERT INTO proposals (proposal_id, case_id, firm_id, from_agency, to_agency, reason, next_phase, status,
                                due_at, expires_at, proposed_at)
         SELECT r.proposal_id, r.case_id, r.firm_id, r.from_agency, r.to_agency, r.reason, r.next_phase, 'pending',
                r.due_at, r.expires_at, r.proposed_at
           FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, case_id uuid, firm_id uuid, from_agency uuid,
                to_agency uuid, reason text, next_phase text, due_at timestamptz, expires_at timestamptz,
                proposed_at timestamptz)
         ON CONFLICT (proposal_id) DO NOTHING`,
        [rows(proposed)],
      );
      await manager.query(
        `INSERT INTO shared_packages (proposal_id, case_id, from_agency, to_agency, summary, documents, consent)
         SELECT r.proposal_id, r.case_id, r.from_agency, r.to_agency, r.summary, r.documents, r.consent
           FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, case_id uuid, from_agency uuid, to_agency uuid,
                summary text, documents jsonb, consent jsonb)
         ON CONFLICT (proposal_id) DO NOTHING`,
        [rows(proposed)],
      );
    }
    if (escalated.length)
      await manager.query(
        `UPDATE proposals p SET status = 'escalated', escalated_to = r.escalated_to
           FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, escalated_to uuid)
          WHERE p.proposal_id = r.proposal_id`,
        [rows(escalated)],
      );
    if (ended.length)
      await manager.query(
        `UPDATE proposals p SET status = r.status, ended_at = r.ended_at, decline = r.decline
           FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, status text, ended_at timestamptz, decline jsonb)
          WHERE p.proposal_id = r.proposal_id`,
        [rows(ended)],
      );
    if (revoked.length)
      await manager.query(
        `UPDATE shared_packages s SET revoked_at = r.revoked_at
           FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, revoked_at timestamptz)
          WHERE s.proposal_id = r.proposal_id`,
        [rows(revoked)],
      );
    if (patches.size)
      await manager.query(
        `UPDATE cases c SET revision = r.revision, holder = COALESCE(r.holder, c.holder),
                phase = COALESCE(r.phase, c.phase),
                goals = CASE WHEN r.goals IS NULL THEN c.goals ELSE ARRAY(SELECT jsonb_array_elements_text(r.goals)) END,
                status = CASE WHEN r.closed THEN 'closed' ELSE c.status END
           FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, revision integer, holder uuid, phase text,
                goals jsonb, closed boolean)
          WHERE c.case_id = r.case_id`,
        [rows([...patches.values()])],
      );
  },
  async reset(manager: EntityManager) {
    await manager.query('TRUNCATE cases, proposals, shared_packages');
  },
};
