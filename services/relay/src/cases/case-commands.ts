import { CommandHandler, type StreamRevision } from '@baton/eventsourcing';
import type { EventStore } from '@baton/eventstore';
import { positionToken, type RequestActor } from '@baton/platform';
import { KOREAN_BUSINESS_CALENDAR } from '@baton/reference-data';
import type { DataSource } from 'typeorm';
import {
  caseDecider,
  type Case,
  type CaseActor,
  type CaseCommand,
  type FirmSnapshot,
  type TargetAgencySnapshot,
} from './case.decider';
import { caseStreamId, type CaseEvent } from './case.events';

export interface CaseOutcome {
  readonly caseId: string;
  readonly revision: StreamRevision | null;
  readonly position: string | null;
  readonly replayed: boolean;
  readonly events: readonly string[];
}

/** The edge of the support-case aggregate: looks up the firm and the target agency, stamps metadata. */
export class CaseCommands {
  private readonly handler: CommandHandler<Case, CaseCommand, CaseEvent>;

  constructor(
    store: EventStore,
    private readonly dataSource: DataSource,
    private readonly days: { due: number; expiry: number },
  ) {
    this.handler = new CommandHandler(store, caseDecider);
  }

  actorOf(actor: RequestActor): CaseActor {
    return {
      userId: actor.userId,
      role: actor.role,
      ...(actor.agencyId && { agencyId: actor.agencyId }),
      regions: actor.regions,
    };
  }

  async firm(firmId: string): Promise<FirmSnapshot | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT firm_id AS "firmId", region_code AS "regionCode", status FROM firm_snapshots WHERE firm_id = $1',
      [firmId],
    );
    return row;
  }

  async target(agencyId: string): Promise<TargetAgencySnapshot | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT a.agency_id AS "agencyId", a.active, a.regions_served AS regions, a.phases_supported AS phases,
              a.capacity, (SELECT count(*)::int FROM cases c WHERE c.holder = a.agency_id AND c.status = 'open') AS "openCases"
       FROM agencies a WHERE a.agency_id = $1`,
      [agencyId],
    );
    return row;
  }

  /** Due and expiry instants of a proposal made now: N Korean business days, 18:00 KST. */
  deadlines(now: string): { dueAt: string; expiresAt: string } {
    return {
      dueAt: KOREAN_BUSINESS_CALENDAR.dueAt(now, this.days.due),
      expiresAt: KOREAN_BUSINESS_CALENDAR.dueAt(now, this.days.expiry),
    };
  }

  async execute(
    command: CaseCommand,
    context: { idempotencyKey?: string; expectedRevision?: StreamRevision; expectNewStream?: boolean },
  ): Promise<CaseOutcome> {
    const caseId = command.data.caseId;
    const result = await this.handler.handle(caseStreamId(caseId), command, {
      idempotencyKey: context.idempotencyKey,
      expectedRevision: context.expectedRevision,
      retryOnConflict: context.expectedRevision === undefined ? 3 : 0,
      expectNewStream: context.expectNewStream,
    });
    return {
      caseId,
      revision: result.nextExpectedRevision ?? null,
      position: result.position ? positionToken(result.position) : null,
      replayed: result.alreadyHandled,
      events: result.newEvents.map((e) => e.type),
    };
  }
}
