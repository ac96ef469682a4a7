import { WrongExpectedRevisionError } from '@baton/eventsourcing';
import { PeriodicTask, type Logger } from '@baton/platform';
import { isRegionCode } from '@baton/reference-data';
import type { DataSource } from 'typeorm';
import { regionalSmeOfficeFor } from '../../agencies/agency-seed';
import type { CaseCommands } from '../case-commands';
import type { CaseActor } from '../case.decider';

const SYSTEM: CaseActor = { userId: 'relay:deadline-watcher', role: 'system' };

/**
 * The clock of the hand-off protocol: a proposal past its due time escalates to the regional SME office of
 * the case's region; one past its expiry expires. Every replica may run it: the commands are idempotent
 * (keyed per proposal and step) and the decider does nothing for a proposal that already moved on.
 */
export class DeadlineWatcher {
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseCommands,
    private readonly logger: Logger,
    private readonly options: { intervalMs: number; fallbackOfficeId?: string },
  ) {
    this.task = new PeriodicTask('deadline check', options.intervalMs, () => this.tick(), logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round at `now`: returns how many proposals it escalated and expired. */
  async tick(now: Date = new Date()): Promise<{ escalated: number; expired: number }> {
    const due: { proposal_id: string; case_id: string; region_code: string; expired: boolean }[] =
      await this.dataSource.query(
        `SELECT p.proposal_id, p.case_id, c.region_code, p.expires_at <= $1 AS expired
         FROM proposals p JOIN cases c USING (case_id)
         WHERE (p.status = 'pending' AND p.due_at <= $1) OR (p.status IN ('pending', 'escalated') AND p.expires_at <= $1)
         ORDER BY p.due_at LIMIT 500`,
        [now.toISOString()],
      );
    const counts = { escalated: 0, expired: 0 };
    for (const row of due) {
      const metadata = { now: now.toISOString(), actor: SYSTEM };
      try {
        if (row.expired) {
          const outcome = await this.cases.execute(
            { type: 'ExpireHandoff', data: { caseId: row.case_id, proposalId: row.proposal_id }, metadata },
            { idempotencyKey: `deadline:${row.proposal_id}:expire` },
          );
          if (outcome.events.length && !outcome.replayed) counts.expired++;
          continue;
        }
        const office =
          (isRegionCode(row.region_code) ? regionalSmeOfficeFor(row.region_code)?.agencyId : undefined) ??
          this.options.fallbackOfficeId;
        if (!office) {
          this.logger.warn(
            { proposalId: row.proposal_id, region: row.region_code },
            'overdue, but no regional office to escalate to',
          );
          continue;
        }
        const outcome = await this.cases.execute(
          {
            type: 'EscalateOverdueHandoff',
            data: { caseId: row.case_id, proposalId: row.proposal_id, regionalOfficeAgencyId: office },
            metadata,
          },
          { idempotencyKey: `deadline:${row.proposal_id}:escalate` },
        );
        if (outcome.events.length && !outcome.replayed) counts.escalated++;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    if (counts.escalated || counts.expired) this.logger.info(counts, 'hand-off deadlines applied');
    return counts;
  }
}
