import type { IntegrationEventDefinition } from '../contract';
import { warningDismissedV1, warningResolvedV1 } from './warning-closed.v1';
import {
  emergencySupportGivenV1,
  preventionPlanRecordedV1,
  referredForBusinessConversionV1,
  warningAcknowledgedV1,
  warningEscalatedV1,
} from './warning-handling.v1';
import { warningLevelChangedV1 } from './warning-level-changed.v1';
import { warningRaisedV1 } from './warning-raised.v1';

export {
  CRISIS_LEVELS,
  CRISIS_SIGNALS,
  WARNING_RESOLUTION_OUTCOMES,
  WARNING_ROUTING_REASONS,
  type CrisisLevel,
  type CrisisSignal,
  type FindingInputsV1,
  type MeasuredV1,
  type WarningRef,
  type WarningResolutionOutcome,
  type WarningRoutingReason,
} from './warning.schemas';
export * from './warning-raised.v1';
export * from './warning-level-changed.v1';
export * from './warning-handling.v1';
export * from './warning-closed.v1';

/** Every crisis-monitoring integration event, in lifecycle order. */
export const crisisMonitoringContracts: readonly IntegrationEventDefinition[] = [
  warningRaisedV1,
  warningLevelChangedV1,
  warningAcknowledgedV1,
  warningEscalatedV1,
  preventionPlanRecordedV1,
  emergencySupportGivenV1,
  referredForBusinessConversionV1,
  warningResolvedV1,
  warningDismissedV1,
];
