import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard } from '@baton/platform';
import type { DataSource } from 'typeorm';
import { RELAY_DATA_SOURCE } from '../case-board/case-board.controller';

/** How the relay network performs: time to accept, why proposals are declined, overdue ones, where cases are. */
@ApiTags('network')
@Controller('network/kpis')
@UseGuards(ActorGuard)
export class NetworkKpisController {
  constructor(@Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary:
      'Median hours to accept per agency, decline reasons, overdue proposals, open cases per phase and region',
  })
  async kpis() {
    const [timeToAccept, declineReasons, overdue, casesPerPhase] = await Promise.all([
      this.dataSource.query(
        `SELECT to_agency AS "agencyId", count(*)::int AS accepted,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - proposed_at)) / 3600)::numeric, 2)::float AS "medianHoursToAccept"
         FROM proposals WHERE status = 'accepted' GROUP BY to_agency ORDER BY to_agency`,
      ),
      this.dataSource.query(
        `SELECT decline->>'code' AS reason, count(*)::int AS count FROM proposals WHERE status = 'declined'
         GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
      this.dataSource.query(
        `SELECT to_agency AS "agencyId", count(*)::int AS overdue,
                count(*) FILTER (WHERE status = 'escalated')::int AS escalated
         FROM proposals WHERE status IN ('pending', 'escalated') AND due_at < now() GROUP BY to_agency ORDER BY 2 DESC`,
      ),
      this.dataSource.query(
        `SELECT region_code AS "regionCode", phase, count(*)::int AS "openCases" FROM cases WHERE status = 'open'
         GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
    ]);
    return { timeToAccept, declineReasons, overdue, casesPerPhase };
  }
}
