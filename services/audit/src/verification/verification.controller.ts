import { Controller, Get, Inject, Param, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import type { FastifyRequest } from 'fastify';
import { Digests } from '../digests/digests';
import { KEY_RING } from '../digests/keys.controller';
import type { KeyRing } from '../digests/key-ring';
import { LEDGER_READERS } from '../firm-history/access';
import { FirmParams } from '../firm-history/firm-history.controller';
import { firmNotFound, parseFirmRef } from '../firm-history/firm-ref';
import { ReadLog } from '../reads/read-log';
import { LedgerReader } from '../store/ledger-reader';
import { verifyFirm } from './firm-verification';

@ApiTags('verification')
@Controller('firms/:firm/verification')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class VerificationController {
  constructor(
    @Inject(LedgerReader) private readonly reader: LedgerReader,
    @Inject(Digests) private readonly digests: Digests,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(ReadLog) private readonly reads: ReadLog,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Verifies the firm’s chain entry by entry and anchors it in the latest signed digest; names the first entry that fails',
  })
  async verify(
    @Param() params: FirmParams,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const ref = parseFirmRef(params.firm);
    await this.reads.record(actor, ref.firmId, 'verification', {}, request.id);
    const head = await this.reader.head(ref.firmId);
    if (!head) throw firmNotFound(ref);
    return verifyFirm(ref.firmId, head, { reader: this.reader, digests: this.digests, keys: this.keys });
  }
}
