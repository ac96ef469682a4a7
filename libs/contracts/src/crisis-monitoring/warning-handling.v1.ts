import { defineIntegrationEvent } from '../contract';
import { instant, uuid } from '../json-schema';
import { TOPICS } from '../topics';
import {
  agencyId,
  CRISIS_EXAMPLE,
  WARNING_REF_REQUIRED,
  warningRefProperties,
  type WarningRef,
} from './warning.schemas';

/*
 * What agencies did with a warning: acknowledged it, let it escalate, drew up a prevention plan (위기예방계획),
 * gave emergency support (긴급지원) or referred the firm for business conversion (사업전환). Who did it travels
 * in the CloudEvents headers.
 */

export interface WarningAcknowledgedV1 extends WarningRef {
  agencyId: string | null;
  acknowledgedAt: string;
}
export const warningAcknowledgedV1 = defineIntegrationEvent<WarningAcknowledgedV1>({
  type: 'crisis-monitoring.warning-acknowledged.v1',
  topic: TOPICS.crisisMonitoring,
  summary: 'The agency the warning was routed to (or its region’s office) acknowledged it (경보 확인).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...WARNING_REF_REQUIRED, 'agencyId', 'acknowledgedAt'],
    properties: {
      ...warningRefProperties(),
      agencyId: { oneOf: [agencyId('Agency of the person who acknowledged'), { type: 'null' }] },
      acknowledgedAt: instant('When it was acknowledged'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    agencyId: CRISIS_EXAMPLE.centerId,
    acknowledgedAt: '2026-04-20T16:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});

export interface WarningEscalatedV1 extends WarningRef {
  routedToAgencyId: string;
  escalatedToAgencyId: string;
  acknowledgeBy: string;
  escalatedAt: string;
}
export const warningEscalatedV1 = defineIntegrationEvent<WarningEscalatedV1>({
  type: 'crisis-monitoring.warning-escalated.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'A warning was not acknowledged within its SLA: the regional SME office (지방중소벤처기업청) is told. The routed agency still holds it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      ...WARNING_REF_REQUIRED,
      'routedToAgencyId',
      'escalatedToAgencyId',
      'acknowledgeBy',
      'escalatedAt',
    ],
    properties: {
      ...warningRefProperties(),
      routedToAgencyId: agencyId('The agency that did not acknowledge in time'),
      escalatedToAgencyId: agencyId('The regional SME office told'),
      acknowledgeBy: instant('When acknowledgement was due'),
      escalatedAt: instant('When it escalated'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    routedToAgencyId: CRISIS_EXAMPLE.centerId,
    escalatedToAgencyId: CRISIS_EXAMPLE.regionalOfficeId,
    acknowledgeBy: '2026-04-21T14:30:00+09:00',
    escalatedAt: '2026-04-21T14:31:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});

export interface PreventionPlanRecordedV1 extends WarningRef {
  planId: string;
  measureCount: number;
  recordedAt: string;
}
export const preventionPlanRecordedV1 = defineIntegrationEvent<PreventionPlanRecordedV1>({
  type: 'crisis-monitoring.prevention-plan-recorded.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'A prevention plan (위기예방계획) was drawn up with the firm. The plan’s text stays in the crisis-monitoring service; the event says that one exists and how many measures it has.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...WARNING_REF_REQUIRED, 'planId', 'measureCount', 'recordedAt'],
    properties: {
      ...warningRefProperties(),
      planId: uuid('Prevention plan id'),
      measureCount: { type: 'integer', minimum: 0, description: 'Number of measures in the plan' },
      recordedAt: instant('When the plan was recorded'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    planId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    measureCount: 3,
    recordedAt: '2026-04-27T10:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});

export interface EmergencySupportGivenV1 extends WarningRef {
  supportId: string;
  link:
    { kind: 'relay-case'; caseId: string; handoffId: string | null } | { kind: 'program'; programId: string };
  givenAt: string;
}
export const emergencySupportGivenV1 = defineIntegrationEvent<EmergencySupportGivenV1>({
  type: 'crisis-monitoring.emergency-support-given.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'Emergency support (긴급지원) was given for a warning, through a relay support case (and hand-off) or a support program.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...WARNING_REF_REQUIRED, 'supportId', 'link', 'givenAt'],
    properties: {
      ...warningRefProperties(),
      supportId: uuid('Emergency support id'),
      link: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'caseId', 'handoffId'],
            properties: {
              kind: { const: 'relay-case' },
              caseId: uuid('Relay support case id'),
              handoffId: { oneOf: [uuid('Relay hand-off proposal id'), { type: 'null' }] },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'programId'],
            properties: { kind: { const: 'program' }, programId: { type: 'string', minLength: 1 } },
          },
        ],
      },
      givenAt: instant('When the support was given'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    supportId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    link: { kind: 'relay-case', caseId: 'c4a1e2b3-6d5f-4a7e-8b9c-0d1e2f3a4b5c', handoffId: null },
    givenAt: '2026-05-04T11:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});

export interface ReferredForBusinessConversionV1 extends WarningRef {
  referralId: string;
  centerAgencyId: string;
  referredAt: string;
}
export const referredForBusinessConversionV1 = defineIntegrationEvent<ReferredForBusinessConversionV1>({
  type: 'crisis-monitoring.referred-for-business-conversion.v1',
  topic: TOPICS.crisisMonitoring,
  summary:
    'The firm was referred to an SME structural innovation support center (구조혁신지원센터) for business conversion (사업전환).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...WARNING_REF_REQUIRED, 'referralId', 'centerAgencyId', 'referredAt'],
    properties: {
      ...warningRefProperties(),
      referralId: uuid('Referral id'),
      centerAgencyId: agencyId('The structural innovation support center'),
      referredAt: instant('When the firm was referred'),
    },
  },
  example: {
    warningId: CRISIS_EXAMPLE.warningId,
    firmId: CRISIS_EXAMPLE.firmId,
    referralId: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
    centerAgencyId: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b',
    referredAt: '2026-05-11T15:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
