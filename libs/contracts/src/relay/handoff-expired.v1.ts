import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import { HANDOFF_REF_REQUIRED, handoffRefProperties, type HandoffRef } from './case.schemas';
import { EXAMPLE } from './examples';

export interface HandoffExpiredV1 extends HandoffRef {
  expiresAt: string;
  expiredAt: string;
}

export const handoffExpiredV1 = defineIntegrationEvent<HandoffExpiredV1>({
  type: 'relay.handoff-expired.v1',
  topic: TOPICS.relay,
  summary:
    'A hand-off proposal expired unanswered (인계 제안 만료): it can no longer be accepted, and the proposer keeps the case.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...HANDOFF_REF_REQUIRED, 'expiresAt', 'expiredAt'],
    properties: {
      ...handoffRefProperties(),
      expiresAt: instant('When the proposal was due to expire (만료 시각)'),
      expiredAt: instant('When the relay recorded the expiry: at or after expiresAt'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    expiresAt: '2026-05-15T18:00:00+09:00',
    expiredAt: '2026-05-15T18:01:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
