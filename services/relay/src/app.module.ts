import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ACTOR_RESOLVER, PlatformModule } from '@baton/platform';
import { AgenciesController } from './agencies/agency-directory/agencies.controller';
import {
  CASE_BOARD,
  CaseBoardController,
  CONSISTENCY_TIMEOUT_MS,
  RELAY_DATA_SOURCE,
} from './cases/case-board/case-board.controller';
import { CaseCommands } from './cases/case-commands';
import { CaseProgressController } from './cases/case-progress/case-progress.controller';
import { SharedPackageController } from './cases/shared-package/shared-package.controller';
import { RelayChainController } from './cases/relay-chain/relay-chain.controller';
import { NetworkKpisController } from './cases/network-kpis/network-kpis.controller';
import { OpenCaseController } from './cases/open-case/open-case.controller';
import { ProposeHandoffController } from './cases/propose-handoff/propose-handoff.controller';
import { RespondToHandoffController } from './cases/respond-to-handoff/respond-to-handoff.controller';
import { FirmRegistryReactions } from './reactions/firm-registry.reactions';
import { WebhooksController } from './webhooks/webhooks.controller';
import type { RelayRuntime } from './runtime';

class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: RelayRuntime) {}
  onApplicationShutdown() {
    return this.runtime.close();
  }
}

/** The relay's HTTP side. */
@Module({})
export class RelayModule {
  static register(runtime: RelayRuntime): DynamicModule {
    return {
      module: RelayModule,
      imports: [
        PlatformModule.forRoot({
          service: 'relay',
          logger: runtime.logger,
          registry: runtime.metrics,
          health: runtime.health,
        }),
      ],
      controllers: [
        OpenCaseController,
        ProposeHandoffController,
        RespondToHandoffController,
        CaseProgressController,
        CaseBoardController,
        SharedPackageController,
        RelayChainController,
        NetworkKpisController,
        WebhooksController,
        AgenciesController,
      ],
      providers: [
        { provide: CaseCommands, useValue: runtime.cases },
        { provide: RELAY_DATA_SOURCE, useValue: runtime.dataSource },
        { provide: CASE_BOARD, useValue: runtime.readModels },
        { provide: CONSISTENCY_TIMEOUT_MS, useValue: runtime.config.CONSISTENCY_TIMEOUT_MS },
        { provide: ACTOR_RESOLVER, useValue: runtime.actors },
        { provide: RuntimeShutdown, useValue: new RuntimeShutdown(runtime) },
      ],
    };
  }
}

/** The relay's bus side: reactions to other services' integration events. */
@Module({})
export class RelayReactionsModule {
  static register(runtime: RelayRuntime): DynamicModule {
    return {
      module: RelayReactionsModule,
      controllers: [FirmRegistryReactions],
      providers: [{ provide: CaseCommands, useValue: runtime.cases }],
    };
  }
}
