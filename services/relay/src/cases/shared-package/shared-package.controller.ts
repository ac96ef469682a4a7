import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ActorGuard,
  CurrentActor,
  ProblemError,
  waitForReadModel,
  type PositionWaiter,
  type RequestActor,
} from '@baton/platform';
import type { DataSource } from 'typeorm';
import {
  CASE_BOARD,
  CONSISTENCY_TIMEOUT_MS,
  ReadYourWritesDto,
  RELAY_DATA_SOURCE,
} from '../case-board/case-board.controller';
import { ProposalParams } from '../respond-to-handoff/respond-to-handoff.controller';

/**
 * The handover package as the receiving agency may see it: only what the firm consented to share with it.
 * After the firm revokes its consent the package is gone from view (410), while the history keeps that it
 * was shared and when the consent ended.
 */
@ApiTags('cases')
@Controller('cases/:caseId/handoffs/:proposalId/package')
@UseGuards(ActorGuard)
export class SharedPackageController {
  constructor(
    @Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CASE_BOARD) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The consented part of a handover package (sender and receiver only)' })
  async view(@Param() p: ProposalParams, @Query() q: ReadYourWritesDto, @CurrentActor() actor: RequestActor) {
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const [row] = await this.dataSource.query(
      `SELECT from_agency AS "from", to_agency AS "to", summary, documents, consent, revoked_at AS "revokedAt"
       FROM shared_packages WHERE proposal_id = $1 AND case_id = $2`,
      [p.proposalId, p.caseId],
    );
    if (!row)
      throw new ProblemError(404, 'proposal-not-found', 'No such proposal', `No proposal ${p.proposalId}`);
    if (actor.agencyId !== row.from && actor.agencyId !== row.to)
      throw new ProblemError(
        403,
        'forbidden',
        'Not shared with you',
        'Only the sending and the receiving agency see a package',
      );
    if (row.revokedAt)
      throw new ProblemError(
        410,
        'consent-revoked',
        'The firm revoked its consent',
        'The package is no longer shared',
        {
          revokedAt: new Date(row.revokedAt).toISOString(),
        },
      );
    return { summary: row.summary, documents: row.documents, consent: row.consent };
  }
}
