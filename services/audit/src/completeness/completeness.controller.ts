import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, Roles } from '@baton/platform';
import { LEDGER_READERS } from '../firm-history/access';
import { checkCompleteness, type CompletenessReport } from './completeness';

/** Runs the check (the runtime binds the bus view, topics and group). */
export const COMPLETENESS = Symbol('COMPLETENESS');
export type CompletenessCheck = () => Promise<CompletenessReport>;
export { checkCompleteness };

@ApiTags('completeness')
@Controller('completeness')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class CompletenessController {
  constructor(@Inject(COMPLETENESS) private readonly check: CompletenessCheck) {}

  @Get()
  @ApiOperation({
    summary:
      'Compares the ledger with what the services published, per topic and partition: gaps in offsets, dead letters, lag, entries that disagree with the bus',
  })
  completeness(): Promise<CompletenessReport> {
    return this.check();
  }
}
