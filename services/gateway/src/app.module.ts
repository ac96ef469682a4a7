import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type HealthChecks, type Logger } from '@baton/platform';
import type { Registry } from 'prom-client';
import { DevIssuer } from './auth/dev-issuer';
import { DevTokensController } from './auth/dev-tokens.controller';

export interface GatewayParts {
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Every upstream's /health, summarised in the gateway's own. */
  readonly health: HealthChecks;
  readonly issuer?: DevIssuer;
}

/** The gateway's own endpoints; `/api/<service>/…` is forwarded before Nest routing (proxy/api-proxy.ts). */
@Module({})
export class GatewayModule {
  static register(parts: GatewayParts): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({
          service: 'gateway',
          logger: parts.logger,
          registry: parts.metrics,
          health: parts.health,
        }),
      ],
      controllers: [DevTokensController],
      providers: parts.issuer ? [{ provide: DevIssuer, useValue: parts.issuer }] : [],
    };
  }
}
