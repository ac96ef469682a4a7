import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ACTOR_RESOLVER, PlatformModule } from '@baton/platform';
import { COMPLETENESS, CompletenessController } from './completeness/completeness.controller';
import { Digests } from './digests/digests';
import { DigestsController, KEY_RING, KeysController } from './digests/keys.controller';
import { ExportController } from './exports/export.controller';
import { AUDIT_DATA_SOURCE, FirmHistoryController } from './firm-history/firm-history.controller';
import { ReadLog } from './reads/read-log';
import { ReadsController } from './reads/reads.controller';
import { LedgerReactions } from './recording/ledger.reactions';
import { LedgerWriter } from './recording/ledger-writer';
import type { AuditRuntime } from './runtime';
import { LedgerReader } from './store/ledger-reader';
import { ReplayCache } from './store/replay-cache';
import { VerificationController } from './verification/verification.controller';

class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: AuditRuntime) {}
  onApplicationShutdown() {
    return this.runtime.close();
  }
}

/** The audit service's HTTP side: read only, for auditors, the ministry and administrators. */
@Module({})
export class AuditModule {
  static register(runtime: AuditRuntime): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        PlatformModule.forRoot({
          service: 'audit',
          logger: runtime.logger,
          registry: runtime.metrics,
          health: runtime.health,
        }),
      ],
      controllers: [
        FirmHistoryController,
        VerificationController,
        ExportController,
        CompletenessController,
        ReadsController,
        KeysController,
        DigestsController,
      ],
      providers: [
        { provide: LedgerReader, useValue: runtime.reader },
        { provide: ReplayCache, useValue: runtime.replays },
        { provide: Digests, useValue: runtime.digests },
        { provide: ReadLog, useValue: runtime.reads },
        { provide: KEY_RING, useValue: runtime.keys },
        { provide: AUDIT_DATA_SOURCE, useValue: runtime.dataSource },
        { provide: COMPLETENESS, useValue: () => runtime.completeness() },
        { provide: ACTOR_RESOLVER, useValue: runtime.actors },
        { provide: RuntimeShutdown, useValue: new RuntimeShutdown(runtime) },
      ],
    };
  }
}

/** The audit service's bus side: every firm-scoped integration event into its firm's ledger. */
@Module({})
export class LedgerReactionsModule {
  static register(runtime: AuditRuntime): DynamicModule {
    return {
      module: LedgerReactionsModule,
      controllers: [LedgerReactions],
      providers: [{ provide: LedgerWriter, useValue: runtime.writer }],
    };
  }
}
