import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import {
  agencyId,
  CRISIS_EXAMPLE,
  crisisSignal,
  findingInputs,
  measured,
  nullableCrisisLevel,
  ruleId,
  ruleSetVersion,
  WARNING_REF_REQUIRED,
  warningRefProperties,
  type CrisisLevel,
  type CrisisSignal,
  type FindingInputsV1,
  type MeasuredV1,
  type WarningRef,
} from './warning.schemas';

export interface WarningLevelChangedV1 extends WarningRef {
  signal: CrisisSignal;
  fromLevel: CrisisLevel | null;
  toLevel: CrisisLevel | null;
  direction: 'escalated' | 'eased';
  ruleSetVersion: number;
  ruleId: string;
  measured: MeasuredV1;
  inputs: FindingInputsV1;
  acknowledgeBy: string;
  routedToAgencyId: string;
  escalatedToAgencyId: string | null;
  changedAt: string;
}

export const warningLevelChangedV1 = defineIntegrationEvent<WarningLevelChangedV1>({
  type: 'crisis-monitoring.warning-level-changed.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'A later report moved an open warning’s level (hysteresis applied: a value hovering at a threshold does not flap). `toLevel: null` means below every threshold by the clear margin; the warning stays open until resolved or dismissed.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      ...WARNING_REF_REQUIRED,
      'signal',
      'fromLevel',
      'toLevel',
      'direction',
      'ruleSetVersion',
      'ruleId',
      'measured',
      'inputs',
      'acknowledgeBy',
      'routedToAgencyId',
      'escalatedToAgencyId',
      'changedAt',
    ],
    properties: {
      ...warningRefProperties(),
      signal: crisisSignal('What was measured'),
      fromLevel: nullableCrisisLevel('Level before'),
      toLevel: nullableCrisisLevel('Level after'),
      direction: { type: 'string', enum: ['escalated', 'eased'] },
      ruleSetVersion: ruleSetVersion(),
      ruleId: ruleId(),
      measured: measured(),
      inputs: findingInputs(),
      acknowledgeBy: instant('Acknowledgement due (earlier when an unacknowledged warning escalates)'),
      routedToAgencyId: agencyId('The agency holding the warning'),
      escalatedToAgencyId: {
        oneOf: [
          agencyId('The regional SME office it escalated to'),
          { type: 'null', description: 'not escalated' },
        ],
      },
      changedAt: instant('When the level changed'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    signal: 'sales-drop-yoy',
    fromLevel: 'pre-alert',
    toLevel: 'alert',
    direction: 'escalated',
    ruleSetVersion: 1,
    ruleId: 'sales-drop-yoy',
    measured: { value: 45, unit: 'percent' },
    inputs: {
      periods: ['2025-Q2', '2026-Q2'],
      values: { '2025-Q2.sales': 1_000_000_000, '2026-Q2.sales': 550_000_000 },
    },
    acknowledgeBy: '2026-07-21T12:00:00+09:00',
    routedToAgencyId: CRISIS_EXAMPLE.centerId,
    escalatedToAgencyId: null,
    changedAt: '2026-07-20T12:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
