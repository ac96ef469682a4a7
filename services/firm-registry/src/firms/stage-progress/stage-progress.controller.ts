import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, waitForReadModel, type PositionWaiter } from '@baton/platform';
import {
  CONSISTENCY_TIMEOUT_MS,
  FIRM_DIRECTORY_RUNNER,
  ReadYourWritesDto,
} from '../firm-directory/firm-directory.controller';
import { StageProgressQuery } from './stage-progress.query';

@ApiTags('progress')
@Controller('progress')
@UseGuards(ActorGuard)
export class StageProgressController {
  constructor(
    private readonly query: StageProgressQuery,
    @Inject(FIRM_DIRECTORY_RUNNER) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get('stages')
  @ApiOperation({
    summary:
      'Firms per growth stage, by region and industry, against the 2027 targets (280 선도 + 20 초광역권)',
  })
  async stages(@Query() dto: ReadYourWritesDto) {
    await waitForReadModel(this.runner, dto.waitFor, this.timeoutMs);
    return this.query.progress();
  }
}
