import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENCY_TYPES, REGIONS } from '@baton/reference-data';

/** Read-only reference data every client needs for its forms; public, no actor required. */
@ApiTags('reference data')
@Controller()
export class ReferenceDataController {
  @Get('regions')
  @ApiOperation({ summary: 'The 17 시·도 with current and legacy codes, capital-area flag and source' })
  regions() {
    return { items: REGIONS };
  }

  @Get('agency-types')
  @ApiOperation({ summary: 'Agency types (테크노파크, 창조경제혁신센터, 위기지원센터, …)' })
  agencyTypes() {
    return { items: AGENCY_TYPES };
  }
}
