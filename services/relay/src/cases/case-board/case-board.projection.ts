import type { RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { CASE_STREAM_PREFIX, type CaseEvent } from '../case.events';

/**
 * Cases and their proposals as agencies work them: who holds each case, in which phase; every proposal
 * with its due time and how it ended. Feeds the inbox (incoming, most urgent first) and the outgoing list.
 */
export const caseBoardProjection: Projection = {
  name: 'relay.case-board',
  filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const at = recorded.metadata.recordedAt;
      const endProposal = (proposalId: string, status: string, decline: unknown = null) =>
        manager.query(
          'UPDATE proposals SET status = $2, ended_at = $3, decline = $4 WHERE proposal_id = $1',
          [proposalId, status, at, decline],
        );
      const touchCase = (caseId: string, sets = '', params: unknown[] = []) =>
        manager.query(`UPDATE cases SET ${sets ? `${sets}, ` : ''}revision = $2 WHERE case_id = $1`, [
          caseId,
          recorded.revision,
          ...params,
        ]);
      switch (event.type) {
        case 'CaseOpened': {
          const d = event.data;
          await manager.query(
            `INSERT INTO cases (case_id, firm_id, region_code, holder, phase, status, goals, opened_at, revision,
                                opened_by, opened_phase)
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $4, $5) ON CONFLICT (case_id) DO NOTHING`,
            [d.caseId, d.firmId, d.regionCode, d.holder, d.phase, d.goals, d.openedAt, recorded.revision],
          );
          break;
        }
        case 'GoalsRevised':
          await touchCase(event.data.caseId, 'goals = $3', [event.data.goals]);
          break;
        case 'HandoffProposed': {
          const d = event.data;
          await manager.query(
            `INSERT INTO proposals (proposal_id, case_id, firm_id, from_agency, to_agency, reason, next_phase, status,
                                    due_at, expires_at, proposed_at)
             SELECT $1, $2, firm_id, $3, $4, $5, $6, 'pending', $7, $8, $9 FROM cases WHERE case_id = $2
             ON CONFLICT (proposal_id) DO NOTHING`,
            [d.proposalId, d.caseId, d.from, d.to, d.reason, d.nextPhase, d.dueAt, d.expiresAt, d.proposedAt],
          );
          await manager.query(
            `INSERT INTO shared_packages (proposal_id, case_id, from_agency, to_agency, summary, documents, consent)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (proposal_id) DO NOTHING`,
            [
              d.proposalId,
              d.caseId,
              d.from,
              d.to,
              d.consent.includesSummary ? d.package.summary : null,
              JSON.stringify(d.package.documents.filter((doc) => d.consent.items.includes(doc.documentId))),
              d.consent,
            ],
          );
          await touchCase(d.caseId);
          break;
        }
        case 'HandoffAccepted':
          await endProposal(event.data.proposalId, 'accepted');
          await touchCase(event.data.caseId, 'holder = $3, phase = $4', [event.data.to, event.data.phase]);
          break;
        case 'HandoffDeclined':
          await endProposal(event.data.proposalId, 'declined', event.data.reason);
          await touchCase(event.data.caseId);
          break;
        case 'HandoffWithdrawn':
          await endProposal(event.data.proposalId, 'withdrawn');
          await touchCase(event.data.caseId);
          break;
        case 'HandoffExpired':
          await endProposal(event.data.proposalId, 'expired');
          await touchCase(event.data.caseId);
          break;
        case 'HandoffEscalated':
          await manager.query(
            `UPDATE proposals SET status = 'escalated', escalated_to = $2 WHERE proposal_id = $1`,
            [event.data.proposalId, event.data.escalatedTo],
          );
          await touchCase(event.data.caseId);
          break;
        case 'CaseClosed':
          await touchCase(event.data.caseId, `status = 'closed'`);
          break;
        case 'ConsentRevoked':
          await manager.query('UPDATE shared_packages SET revoked_at = $2 WHERE proposal_id = $1', [
            event.data.proposalId,
            event.data.revokedAt,
          ]);
          await touchCase(event.data.caseId);
          break;
        case 'InterimUpdateRecorded':
        case 'OutcomeRecorded':
          await touchCase(event.data.caseId);
          break;
      }
    }
  },
  async reset(manager: EntityManager) {
    await manager.query('TRUNCATE cases, proposals, shared_packages');
  },
};
