import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, ProblemError, Roles } from '@baton/platform';
import { rawPublicKeyBase64 } from '../ledger';
import { LEDGER_READERS } from '../firm-history/access';
import { Digests } from './digests';
import type { KeyRing } from './key-ring';

export const KEY_RING = Symbol('KEY_RING');

/** The public keys digests are verified with: published, like a certificate, to anyone. */
@ApiTags('digests')
@Controller('keys')
export class KeysController {
  constructor(@Inject(KEY_RING) private readonly keys: KeyRing) {}

  @Get()
  @ApiOperation({
    summary:
      'The Ed25519 public keys of the ledger digests (raw base64 and SPKI PEM); auditors should also obtain them out of band',
  })
  list() {
    return {
      signingKeyId: this.keys.signing.keyId,
      ephemeral: this.keys.ephemeral,
      keys: this.keys.keyIds().map((keyId) => {
        const key = this.keys.publicKey(keyId)!;
        return {
          keyId,
          algorithm: 'Ed25519',
          publicKey: rawPublicKeyBase64(key),
          pem: key.export({ format: 'pem', type: 'spki' }).toString(),
        };
      }),
    };
  }
}

@ApiTags('digests')
@Controller('digests')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class DigestsController {
  constructor(@Inject(Digests) private readonly digests: Digests) {}

  @Get('latest')
  @ApiOperation({ summary: 'The latest signed digest over every firm’s chain' })
  async latest() {
    const digest = await this.digests.latest();
    if (!digest) throw new ProblemError(404, 'digest-not-found', 'No digest was signed yet');
    return digest;
  }
}
