import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { regionCode, type RegionCode } from '../regions';
import { TOPICS } from '../topics';
import {
  agencyId,
  CRISIS_EXAMPLE,
  crisisLevel,
  crisisSignal,
  findingInputs,
  measured,
  routingReason,
  ruleId,
  ruleSetVersion,
  WARNING_REF_REQUIRED,
  warningRefProperties,
  type CrisisLevel,
  type CrisisSignal,
  type FindingInputsV1,
  type MeasuredV1,
  type WarningRef,
  type WarningRoutingReason,
} from './warning.schemas';

export interface WarningRaisedV1 extends WarningRef {
  signal: CrisisSignal;
  level: CrisisLevel;
  regionCode: RegionCode;
  industryId: string;
  ruleSetVersion: number;
  ruleId: string;
  measured: MeasuredV1;
  inputs: FindingInputsV1;
  routedToAgencyId: string;
  routingReason: WarningRoutingReason;
  acknowledgeBy: string;
  raisedAt: string;
}

export const warningRaisedV1 = defineIntegrationEvent<WarningRaisedV1>({
  type: 'crisis-monitoring.warning-raised.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'An early-warning rule fired for a firm (위기 징후 경보): routed to the crisis support center of its region, or to the regional SME office where there is none, with the rule-set version, the rule and the exact inputs.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      ...WARNING_REF_REQUIRED,
      'signal',
      'level',
      'regionCode',
      'industryId',
      'ruleSetVersion',
      'ruleId',
      'measured',
      'inputs',
      'routedToAgencyId',
      'routingReason',
      'acknowledgeBy',
      'raisedAt',
    ],
    properties: {
      ...warningRefProperties(),
      signal: crisisSignal('What fired'),
      level: crisisLevel('Level reached (위기 단계)'),
      regionCode: regionCode('Region of the firm when the warning was raised'),
      industryId: { type: 'string', minLength: 1, description: 'Regional key industry of the firm' },
      ruleSetVersion: ruleSetVersion(),
      ruleId: ruleId(),
      measured: measured(),
      inputs: findingInputs(),
      routedToAgencyId: agencyId('The agency that must act on the warning'),
      routingReason: routingReason('Why it went there'),
      acknowledgeBy: instant('Unacknowledged past this instant, the warning escalates (SLA)'),
      raisedAt: instant('When the warning was raised'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    signal: 'sales-drop-yoy',
    level: 'pre-alert',
    regionCode: '26',
    industryId: 'busan-future-mobility',
    ruleSetVersion: 1,
    ruleId: 'sales-drop-yoy',
    measured: { value: 32.5, unit: 'percent' },
    inputs: {
      periods: ['2025', '2026'],
      values: { '2025.sales': 4_000_000_000, '2026.sales': 2_700_000_000 },
    },
    routedToAgencyId: CRISIS_EXAMPLE.centerId,
    routingReason: 'center',
    acknowledgeBy: '2026-04-21T14:30:00+09:00',
    raisedAt: '2026-04-20T14:30:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
