import {
  ErasePersonalDataController,
  FIRM_LOGGER,
  FIRM_STORE,
} from './personal-data/erase-personal-data.controller';
import { PersonalDataVault } from './personal-data/personal-data-vault';
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ACTOR_RESOLVER, PlatformModule } from '@baton/platform';
import { AmendFirmProfileController } from './firms/amend-firm-profile/amend-firm-profile.controller';
import { AssessGrowthStageController } from './firms/assess-growth-stage/assess-growth-stage.controller';
import { CloseFirmController } from './firms/close-firm/close-firm.controller';
import { DesignateSuperRegionalFirmController } from './firms/designate-super-regional-firm/designate-super-regional-firm.controller';
import { FirmCommands } from './firms/firm-commands';
import {
  CONSISTENCY_TIMEOUT_MS,
  FIRM_DIRECTORY_RUNNER,
  FirmDirectoryController,
} from './firms/firm-directory/firm-directory.controller';
import { FirmDirectoryQuery } from './firms/firm-directory/firm-directory.query';
import { ImportFirmsController } from './firms/import-firms/import-firms.controller';
import { FirmImports } from './firms/import-firms/firm-imports';
import { RegisterFirmController } from './firms/register-firm/register-firm.controller';
import { RelocateFirmController } from './firms/relocate-firm/relocate-firm.controller';
import { ReportIndicatorsController } from './firms/report-indicators/report-indicators.controller';
import { StageProgressController } from './firms/stage-progress/stage-progress.controller';
import { StageProgressQuery } from './firms/stage-progress/stage-progress.query';
import { IndustryCatalogue } from './industries/industry-catalogue';
import { IndustryCatalogueController } from './industries/industry-catalogue.controller';
import { ReferenceDataController } from './reference/reference-data.controller';
import type { FirmRegistryRuntime } from './runtime';

/** Closes the runtime (runners, bus, store, database) after Nest closed the HTTP server. */
class RuntimeShutdown implements OnApplicationShutdown {
  constructor(private readonly runtime: FirmRegistryRuntime) {}
  onApplicationShutdown() {
    return this.runtime.close();
  }
}

@Module({})
export class FirmRegistryModule {
  static register(runtime: FirmRegistryRuntime): DynamicModule {
    return {
      module: FirmRegistryModule,
      imports: [
        PlatformModule.forRoot({
          service: 'firm-registry',
          logger: runtime.logger,
          registry: runtime.metrics,
          health: runtime.health,
        }),
      ],
      controllers: [
        RegisterFirmController,
        AmendFirmProfileController,
        RelocateFirmController,
        CloseFirmController,
        ReportIndicatorsController,
        AssessGrowthStageController,
        DesignateSuperRegionalFirmController,
        FirmDirectoryController,
        StageProgressController,
        ImportFirmsController,
        IndustryCatalogueController,
        ReferenceDataController,
        ErasePersonalDataController,
      ],
      providers: [
        { provide: FirmCommands, useValue: runtime.commands },
        { provide: PersonalDataVault, useValue: runtime.vault },
        { provide: FIRM_STORE, useValue: runtime.store },
        { provide: FIRM_LOGGER, useValue: runtime.logger },
        { provide: IndustryCatalogue, useValue: runtime.catalogue },
        { provide: FirmDirectoryQuery, useValue: runtime.directory },
        { provide: StageProgressQuery, useValue: runtime.progress },
        { provide: FirmImports, useValue: runtime.imports },
        { provide: FIRM_DIRECTORY_RUNNER, useValue: runtime.directoryRunner },
        { provide: CONSISTENCY_TIMEOUT_MS, useValue: runtime.config.CONSISTENCY_TIMEOUT_MS },
        { provide: ACTOR_RESOLVER, useValue: runtime.actors },
        { provide: RuntimeShutdown, useValue: new RuntimeShutdown(runtime) },
      ],
    };
  }
}
