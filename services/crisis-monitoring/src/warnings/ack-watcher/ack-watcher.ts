import { DomainError } from '@baton/eventsourcing';
import { PeriodicTask, type Logger } from '@baton/platform';
import type { DataSource } from 'typeorm';
import { regionalOfficeAgencyIdFor } from '../../routing/warning-routing';
import { SYSTEM_ACTOR } from '../warning-commands';
import type { WarningDesk } from '../warning-desk';

/**
 * The acknowledgement SLA's clock: an open warning nobody acknowledged by its due time escalates to the
 * regional SME office of the firm's region. Any replica may run it: the command is keyed per warning, and
 * the decider refuses what no longer applies (acknowledged meanwhile, already with the office, closed).
 */
export class AckWatcher {
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: WarningDesk,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    this.task = new PeriodicTask('acknowledgement check', intervalMs, () => this.tick(), logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round at `now`: how many warnings it escalated. */
  async tick(now: Date = new Date()): Promise<number> {
    const overdue: { warning_id: string; region_code: string }[] = await this.dataSource.query(
      `SELECT warning_id, region_code FROM warnings
       WHERE status = 'open' AND acknowledged_at IS NULL AND escalated_to IS NULL AND ack_due_at <= $1
       ORDER BY ack_due_at LIMIT 500`,
      [now.toISOString()],
    );
    let escalated = 0;
    for (const row of overdue) {
      const office = regionalOfficeAgencyIdFor(row.region_code as never);
      if (!office) {
        this.logger.warn(
          { warningId: row.warning_id, region: row.region_code },
          'overdue warning: no regional office',
        );
        continue;
      }
      try {
        const outcome = await this.desk.execute(
          {
            type: 'EscalateOverdueWarning',
            data: { warningId: row.warning_id, regionalOfficeAgencyId: office },
            metadata: { now: now.toISOString(), actor: SYSTEM_ACTOR },
          },
          { idempotencyKey: `ack-overdue:${row.warning_id}` },
        );
        if (outcome.events.length && !outcome.replayed) escalated++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.info({ warningId: row.warning_id, code: error.code }, 'overdue warning not escalated');
      }
    }
    return escalated;
  }
}
