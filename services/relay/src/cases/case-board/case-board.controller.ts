import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ActorGuard,
  CurrentActor,
  ProblemError,
  waitForReadModel,
  type PositionWaiter,
  type RequestActor,
} from '@baton/platform';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { DataSource } from 'typeorm';

export const CASE_BOARD = Symbol('CASE_BOARD');
export const RELAY_DATA_SOURCE = Symbol('RELAY_DATA_SOURCE');
export const CONSISTENCY_TIMEOUT_MS = Symbol('CONSISTENCY_TIMEOUT_MS');

export class ReadYourWritesDto {
  @ApiPropertyOptional({ description: 'A `position` from a command: answer once the read model has it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  waitFor?: string;
}

class CaseIdParams {
  @IsUUID()
  caseId!: string;
}
class AgencyIdParams {
  @IsUUID()
  agencyId!: string;
}

const PROPOSAL = `proposal_id AS "proposalId", case_id AS "caseId", firm_id AS "firmId", from_agency AS "from",
  to_agency AS "to", reason, next_phase AS "nextPhase", status, due_at AS "dueAt", expires_at AS "expiresAt",
  proposed_at AS "proposedAt", ended_at AS "endedAt", decline`;

/** Agencies see their own inbox and outgoing proposals; oversight roles see every agency's. */
const OVERSIGHT = new Set(['ministry', 'regional-office', 'auditor', 'admin']);

@ApiTags('cases')
@Controller()
@UseGuards(ActorGuard)
export class CaseBoardController {
  constructor(
    @Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CASE_BOARD) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'A case: holder, phase, status and every proposal with how it ended' })
  async one(
    @Param() { caseId }: CaseIdParams,
    @Query() q: ReadYourWritesDto,
    @CurrentActor() actor: RequestActor,
  ) {
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const [row] = await this.dataSource.query(
      `SELECT case_id AS "caseId", firm_id AS "firmId", region_code AS "regionCode", holder, phase, status, goals,
              opened_at AS "openedAt", revision FROM cases WHERE case_id = $1`,
      [caseId],
    );
    if (!row) throw new ProblemError(404, 'case-not-found', 'No such case', `No case ${caseId}`);
    const proposals = await this.dataSource.query(
      `SELECT ${PROPOSAL} FROM proposals WHERE case_id = $1 ORDER BY proposed_at`,
      [caseId],
    );
    // An agency sees a case it holds or took part in a hand-off of (ARCHITECTURE: cases it holds or is offered).
    const parties = new Set<string>([
      row.holder,
      ...proposals.flatMap((p: { from: string; to: string }) => [p.from, p.to]),
    ]);
    if (!OVERSIGHT.has(actor.role) && !(actor.agencyId && parties.has(actor.agencyId)))
      throw new ProblemError(
        403,
        'forbidden',
        'Not your case',
        'An agency sees the cases it holds or was offered',
      );
    return { ...row, proposals };
  }

  @Get('agencies/:agencyId/inbox')
  @ApiOperation({ summary: 'Incoming open proposals of an agency, most urgent (earliest due) first' })
  async inbox(
    @Param() { agencyId }: AgencyIdParams,
    @Query() q: ReadYourWritesDto,
    @CurrentActor() actor: RequestActor,
  ) {
    return this.proposalsOf(
      actor,
      agencyId,
      q,
      `to_agency = $1 AND status IN ('pending', 'escalated')
       ORDER BY due_at, proposal_id`,
    );
  }

  @Get('agencies/:agencyId/outgoing')
  @ApiOperation({ summary: 'Proposals an agency made, newest first, with how each ended' })
  async outgoing(
    @Param() { agencyId }: AgencyIdParams,
    @Query() q: ReadYourWritesDto,
    @CurrentActor() actor: RequestActor,
  ) {
    return this.proposalsOf(actor, agencyId, q, `from_agency = $1 ORDER BY proposed_at DESC`);
  }

  @Get('agencies/:agencyId/escalations')
  @ApiOperation({ summary: 'Overdue proposals escalated to this regional SME office, oldest due first' })
  async escalations(
    @Param() { agencyId }: AgencyIdParams,
    @Query() q: ReadYourWritesDto,
    @CurrentActor() actor: RequestActor,
  ) {
    return this.proposalsOf(actor, agencyId, q, `escalated_to = $1 AND status = 'escalated' ORDER BY due_at`);
  }

  /** An agency's proposals matching `where` (with `$1` = the agency), at most 200, once it may read them. */
  private async proposalsOf(actor: RequestActor, agencyId: string, q: ReadYourWritesDto, where: string) {
    this.mayRead(actor, agencyId);
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const items = await this.dataSource.query(`SELECT ${PROPOSAL} FROM proposals WHERE ${where} LIMIT 200`, [
      agencyId,
    ]);
    return { items };
  }

  private mayRead(actor: RequestActor, agencyId: string) {
    if (!OVERSIGHT.has(actor.role) && actor.agencyId !== agencyId)
      throw new ProblemError(403, 'forbidden', 'Not your agency', 'An agency sees only its own proposals');
  }
}
