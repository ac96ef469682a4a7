import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import {
  CRISIS_EXAMPLE,
  crisisSignal,
  resolutionOutcome,
  ruleId,
  ruleSetVersion,
  WARNING_REF_REQUIRED,
  warningRefProperties,
  type CrisisSignal,
  type WarningRef,
  type WarningResolutionOutcome,
} from './warning.schemas';

/** Every closed warning says which rule raised it: rule precision counts resolved against dismissed. */
interface ClosedWarning extends WarningRef {
  signal: CrisisSignal;
  ruleSetVersion: number;
  ruleId: string;
}
const CLOSED_REQUIRED = [...WARNING_REF_REQUIRED, 'signal', 'ruleSetVersion', 'ruleId'] as const;
const closedProperties = () => ({
  ...warningRefProperties(),
  signal: crisisSignal('The signal that raised the warning'),
  ruleSetVersion: ruleSetVersion(),
  ruleId: ruleId(),
});

export interface WarningResolvedV1 extends ClosedWarning {
  outcome: WarningResolutionOutcome;
  resolvedAt: string;
}
export const warningResolvedV1 = defineIntegrationEvent<WarningResolvedV1>({
  type: 'crisis-monitoring.warning-resolved.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'A real warning ended with an outcome (정상화, 사업전환, 폐업, 기타): a true positive of its rule.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...CLOSED_REQUIRED, 'outcome', 'resolvedAt'],
    properties: {
      ...closedProperties(),
      outcome: resolutionOutcome('What came of it'),
      resolvedAt: instant('When it was resolved'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    signal: 'sales-drop-yoy',
    ruleSetVersion: 1,
    ruleId: 'sales-drop-yoy',
    outcome: 'recovered',
    resolvedAt: '2026-10-30T17:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});

export interface WarningDismissedV1 extends ClosedWarning {
  reason: string;
  dismissedAt: string;
}
export const warningDismissedV1 = defineIntegrationEvent<WarningDismissedV1>({
  type: 'crisis-monitoring.warning-dismissed.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'A warning was dismissed as a false alarm (오경보), with the reason: counts against its rule’s precision.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...CLOSED_REQUIRED, 'reason', 'dismissedAt'],
    properties: {
      ...closedProperties(),
      reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'Why it was a false alarm' },
      dismissedAt: instant('When it was dismissed'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    signal: 'sales-drop-yoy',
    ruleSetVersion: 1,
    ruleId: 'sales-drop-yoy',
    reason: '계절적 매출 변동(수주 시점 차이)',
    dismissedAt: '2026-04-24T10:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
