import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@baton/eventstore';
import {
  ActorGuard,
  CurrentActor,
  ProblemError,
  Roles,
  type Logger,
  type RequestActor,
} from '@baton/platform';
import { FirmParams } from '../firms/firm-params';
import { firmStreamId } from '../firms/firm.events';
import { PersonalDataVault } from './personal-data-vault';

export const FIRM_STORE = Symbol('FIRM_STORE');
export const FIRM_LOGGER = Symbol('FIRM_LOGGER');

/**
 * The right to be forgotten (개인정보 삭제 요청): the firm's personal-data key is destroyed, so every sealed copy
 * of its representative — in events, read models, exports, the audit ledger's payloads — reads as erased,
 * while every history stays intact and verifiable (crypto-shredding, ADR 10). Irreversible; idempotent.
 */
@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class ErasePersonalDataController {
  constructor(
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(FIRM_STORE) private readonly store: EventStore,
    @Inject(FIRM_LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':firmId/personal-data-erasure')
  @HttpCode(200)
  @Roles('admin', 'ministry')
  @ApiOperation({
    summary: 'Erase the firm’s personal data by destroying its key (crypto-shredding); history stays',
  })
  async erase(@Param() { firmId }: FirmParams, @CurrentActor() actor: RequestActor) {
    const { currentRevision } = await this.store.readStream(firmStreamId(firmId), { maxCount: 1 });
    if (currentRevision === undefined)
      throw new ProblemError(404, 'firm-not-found', 'No such firm', `No firm ${firmId}`);
    const erasedNow = await this.vault.erase(firmId);
    // Who asked is kept in the service log (the key itself is gone; nothing personal is logged).
    this.logger.info({ firmId, by: actor.userId, role: actor.role, erasedNow }, 'personal data erased');
    return { firmId, erased: true, alreadyErased: !erasedNow };
  }
}
