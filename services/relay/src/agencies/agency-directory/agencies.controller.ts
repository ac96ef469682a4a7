import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, ProblemError } from '@baton/platform';
import { IsUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import { RELAY_DATA_SOURCE } from '../../cases/case-board/case-board.controller';

class AgencyIdParams {
  @IsUUID()
  agencyId!: string;
}

const AGENCY = `agency_id AS "agencyId", type, name_ko AS "nameKo", name_en AS "nameEn", regions_served AS "regionsServed",
  phases_supported AS "phasesSupported", capacity, active, confidence, source,
  (SELECT count(*)::int FROM cases c WHERE c.holder = a.agency_id AND c.status = 'open') AS "openCases"`;

/** The agencies directory (지원기관): seeded from REFDATA §3, each entry with its source and confidence. */
@ApiTags('agencies')
@Controller('agencies')
@UseGuards(ActorGuard)
export class AgenciesController {
  constructor(@Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Agencies with type, regions served, phases supported, capacity and open cases' })
  async list() {
    return { items: await this.dataSource.query(`SELECT ${AGENCY} FROM agencies a ORDER BY type, name_ko`) };
  }

  @Get(':agencyId')
  async one(@Param() { agencyId }: AgencyIdParams) {
    const [row] = await this.dataSource.query(`SELECT ${AGENCY} FROM agencies a WHERE agency_id = $1`, [
      agencyId,
    ]);
    if (!row) throw new ProblemError(404, 'agency-not-found', 'No such agency', `No agency ${agencyId}`);
    return row;
  }
}
