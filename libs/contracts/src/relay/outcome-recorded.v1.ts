import { defineIntegrationEvent } from '../contract';
import { firmId } from '../firm-registry/firm.schemas';
import { instant, uuid } from '../json-schema';
import { TOPICS } from '../topics';
import {
  agencyId,
  caseId,
  caseOutcomeKind,
  casePhase,
  type CaseOutcomeKind,
  type CasePhase,
} from './case.schemas';
import { EXAMPLE } from './examples';

export interface OutcomeRecordedV1 {
  caseId: string;
  firmId: string;
  outcomeId: string;
  kind: CaseOutcomeKind;
  /** Absent when the outcome was not measured. */
  value?: { amount: number; unit: string };
  phase: CasePhase;
  recordedByAgencyId: string;
  notifyAgencyIds: string[];
  recordedAt: string;
}

export const outcomeRecordedV1 = defineIntegrationEvent<OutcomeRecordedV1>({
  type: 'relay.outcome-recorded.v1',
  topic: TOPICS.relay,
  summary:
    'The holding agency recorded a result of the support (성과), e.g. a completed prototype or secured funding. It goes back to the agencies that held the case before (the relay’s loop closes).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'caseId',
      'firmId',
      'outcomeId',
      'kind',
      'phase',
      'recordedByAgencyId',
      'notifyAgencyIds',
      'recordedAt',
    ],
    properties: {
      caseId: caseId(),
      firmId: firmId(),
      outcomeId: uuid('Outcome id (성과 ID), unique within the relay'),
      kind: caseOutcomeKind('What kind of result (성과 유형)'),
      value: {
        type: 'object',
        additionalProperties: false,
        required: ['amount', 'unit'],
        properties: {
          amount: { type: 'number', minimum: 0, description: 'The measured amount, in `unit`' },
          unit: {
            type: 'string',
            minLength: 1,
            description:
              'Unit of the amount as the agency recorded it, e.g. KRW (원, whole won) or certificates (건)',
          },
        },
        description: 'The measured result; absent when the outcome was not measured',
      },
      phase: casePhase('The phase the case was in when the result was recorded'),
      recordedByAgencyId: agencyId('The holding agency that recorded the result'),
      notifyAgencyIds: {
        type: 'array',
        items: agencyId('An earlier holder'),
        description:
          'The agencies that held the case before, most recent first, without the recording one: they are told of the result (성과 환류). Empty when nobody held it before.',
      },
      recordedAt: instant('When the result was recorded'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    outcomeId: EXAMPLE.outcomeId,
    kind: 'funding-secured',
    value: { amount: 300_000_000, unit: 'KRW' },
    phase: 'commercialisation',
    recordedByAgencyId: EXAMPLE.innovationCenterId,
    notifyAgencyIds: [EXAMPLE.technoparkId],
    recordedAt: '2026-09-14T15:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
