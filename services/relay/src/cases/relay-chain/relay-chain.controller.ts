import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, waitForReadModel, type PositionWaiter } from '@baton/platform';
import { IsUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import {
  CASE_BOARD,
  CONSISTENCY_TIMEOUT_MS,
  ReadYourWritesDto,
  RELAY_DATA_SOURCE,
} from '../case-board/case-board.controller';

class FirmIdParams {
  @IsUUID()
  firmId!: string;
}

interface Leg {
  agencyId: string;
  phase: string;
  from: string;
  until: string | null;
  days: number;
}

/** Which agencies held the baton for a firm, in which phase, for how long (이어달리기, per case). */
@ApiTags('cases')
@Controller('firms/:firmId/relay-chain')
@UseGuards(ActorGuard)
export class RelayChainController {
  constructor(
    @Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CASE_BOARD) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The relay chain of a firm: every holder of each case, its phase and how long it held',
  })
  async chain(@Param() { firmId }: FirmIdParams, @Query() q: ReadYourWritesDto) {
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const cases: {
      case_id: string;
      opened_by: string;
      opened_phase: string;
      opened_at: Date;
      status: string;
    }[] = await this.dataSource.query(
      `SELECT case_id, opened_by, opened_phase, opened_at, status FROM cases WHERE firm_id = $1 ORDER BY opened_at`,
      [firmId],
    );
    const handoffs: { case_id: string; to_agency: string; next_phase: string; ended_at: Date }[] =
      await this.dataSource.query(
        `SELECT case_id, to_agency, next_phase, ended_at FROM proposals
         WHERE firm_id = $1 AND status = 'accepted' ORDER BY ended_at`,
        [firmId],
      );
    const now = Date.now();
    return {
      firmId,
      cases: cases.map((c) => {
        const starts = [
          { agencyId: c.opened_by, phase: c.opened_phase, at: new Date(c.opened_at) },
          ...handoffs
            .filter((h) => h.case_id === c.case_id)
            .map((h) => ({ agencyId: h.to_agency, phase: h.next_phase, at: new Date(h.ended_at) })),
        ];
        const legs: Leg[] = starts.map((start, i) => {
          const next = starts[i + 1]?.at;
          return {
            agencyId: start.agencyId,
            phase: start.phase,
            from: start.at.toISOString(),
            until: next ? next.toISOString() : null,
            days: Math.round((((next?.getTime() ?? now) - start.at.getTime()) / 86_400_000) * 10) / 10,
          };
        });
        return { caseId: c.case_id, status: c.status, legs };
      }),
    };
  }
}
