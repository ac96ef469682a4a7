import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import {
  casePhase,
  HANDOFF_REF_REQUIRED,
  handoffRefProperties,
  type CasePhase,
  type HandoffRef,
} from './case.schemas';
import { EXAMPLE } from './examples';

export interface HandoffAcceptedV1 extends HandoffRef {
  previousPhase: CasePhase;
  phase: CasePhase;
  acceptedAt: string;
}

export const handoffAcceptedV1 = defineIntegrationEvent<HandoffAcceptedV1>({
  type: 'relay.handoff-accepted.v1',
  topic: TOPICS.relay,
  summary:
    'The target agency accepted the hand-off (인계 수락): it now holds the case, which moves on to the proposed phase.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...HANDOFF_REF_REQUIRED, 'previousPhase', 'phase', 'acceptedAt'],
    properties: {
      ...handoffRefProperties(),
      previousPhase: casePhase('The phase the case was in until now'),
      phase: casePhase('The phase the case is in from now on, under the new holder'),
      acceptedAt: instant('When the hand-off was accepted: from then on toAgencyId holds the case'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    previousPhase: 'technology-development',
    phase: 'commercialisation',
    acceptedAt: '2026-05-07T11:20:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
