import type { IntegrationEventDefinition } from '../contract';
import { firmClosedV1 } from './firm-closed.v1';
import { firmProfileAmendedV1 } from './firm-profile-amended.v1';
import { firmRegisteredV1 } from './firm-registered.v1';
import { firmRelocatedV1 } from './firm-relocated.v1';
import { growthStageAssessedV1 } from './growth-stage-assessed.v1';
import { indicatorsReportedV1 } from './indicators-reported.v1';

export * from './firm.schemas';
export * from './firm-registered.v1';
export * from './firm-relocated.v1';
export * from './growth-stage-assessed.v1';
export * from './indicators-reported.v1';
export * from './firm-closed.v1';
export * from './firm-profile-amended.v1';

/** Every integration event the firm registry publishes on `baton.firm-registry.v1`. */
export const firmRegistryContracts: readonly IntegrationEventDefinition[] = [
  firmRegisteredV1,
  firmProfileAmendedV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  indicatorsReportedV1,
  firmClosedV1,
];
