import { Body, Controller, Get, HttpCode, Inject, Optional, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ProblemError } from '@baton/platform';
import { IsString, MaxLength } from 'class-validator';
import { DevIssuer } from './dev-issuer';

export class DevTokenDto {
  @ApiProperty({ example: 'daegu-technopark', description: 'A demo user id from GET /auth/dev-users' })
  @IsString()
  @MaxLength(100)
  user!: string;
}

const noIssuer = () =>
  new ProblemError(
    404,
    'no-dev-issuer',
    'No dev issuer here',
    'This gateway verifies tokens of an OIDC provider',
  );

/** Embedded mode only: the dev issuer's keys and tokens for the named demo users. */
@ApiTags('auth (development)')
@Controller()
export class DevTokensController {
  constructor(@Optional() @Inject(DevIssuer) private readonly issuer?: DevIssuer) {}

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The dev issuer’s public keys (services verify tokens against them)' })
  jwks() {
    if (!this.issuer) throw noIssuer();
    return this.issuer.jwks;
  }

  @Get('auth/dev-users')
  @ApiOperation({ summary: 'The named demo users: role, agency, regions' })
  users() {
    if (!this.issuer) throw noIssuer();
    return { items: this.issuer.users() };
  }

  @Post('auth/dev-tokens')
  @HttpCode(201)
  @ApiOperation({ summary: 'A bearer token for a demo user (8 hours)' })
  token(@Body() dto: DevTokenDto) {
    if (!this.issuer) throw noIssuer();
    const issued = this.issuer.token(dto.user);
    if (!issued)
      throw new ProblemError(404, 'demo-user-not-found', 'No such demo user', `No demo user "${dto.user}"`, {
        errors: [{ field: 'user', rule: 'demo-user', message: 'see GET /auth/dev-users' }],
      });
    return issued;
  }
}
