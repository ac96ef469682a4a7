import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { crisisMonitoringContracts } from '@baton/contracts';
import { ACTOR_RESOLVER, createWebhooksController, PlatformModule } from '@baton/platform';
import { BacktestController, CRISIS_LOGGER } from './backtests/backtest.controller';
import { FirmRegistryReactions } from './reactions/firm-registry.reactions';
import { RuleSetsController } from './rules/rule-sets/rule-sets.controller';
import { HandleWarningController } from './warnings/handle-warning/handle-warning.controller';
import { CRISIS_STORE, WarningsLiveController } from './warnings/live/warnings-live.controller';
import { WarningsController } from './warnings/warning-board/warnings.controller';
import { WarningDesk } from './warnings/warning-desk';
import { CONSISTENCY_TIMEOUT_MS, CRISIS_DATA_SOURCE, READ_MODELS_RUNNER } from './warnings/warning-http';
import { SERVICE, type CrisisRuntime } from './runtime';

class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: CrisisRuntime) {}
  onApplicationShutdown() {
    return this.runtime.close();
  }
}

const WebhooksController = createWebhooksController({
  eventTypes: crisisMonitoringContracts.map((c) => c.type),
  dataSourceToken: CRISIS_DATA_SOURCE,
  service: SERVICE,
});

/** Crisis monitoring's HTTP side. */
@Module({})
export class CrisisModule {
  static register(runtime: CrisisRuntime): DynamicModule {
    return {
      module: CrisisModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE,
          logger: runtime.logger,
          registry: runtime.metrics,
          health: runtime.health,
        }),
      ],
      controllers: [
        WarningsLiveController,
        WarningsController,
        HandleWarningController,
        RuleSetsController,
        BacktestController,
        WebhooksController,
      ],
      providers: [
        { provide: WarningDesk, useValue: runtime.desk },
        { provide: CRISIS_DATA_SOURCE, useValue: runtime.dataSource },
        { provide: CRISIS_STORE, useValue: runtime.store },
        { provide: CRISIS_LOGGER, useValue: runtime.logger },
        { provide: READ_MODELS_RUNNER, useValue: runtime.readModels },
        { provide: CONSISTENCY_TIMEOUT_MS, useValue: runtime.config.CONSISTENCY_TIMEOUT_MS },
        { provide: ACTOR_RESOLVER, useValue: runtime.actors },
        { provide: RuntimeShutdown, useValue: new RuntimeShutdown(runtime) },
      ],
    };
  }
}

/** Crisis monitoring's bus side: the firm registry's facts. */
@Module({})
export class CrisisReactionsModule {
  static register(runtime: CrisisRuntime): DynamicModule {
    return {
      module: CrisisReactionsModule,
      controllers: [FirmRegistryReactions],
      providers: [{ provide: WarningDesk, useValue: runtime.desk }],
    };
  }
}
