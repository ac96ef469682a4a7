import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import {
  HANDOFF_REF_REQUIRED,
  handoffDeclineReason,
  handoffRefProperties,
  type HandoffDeclineReason,
  type HandoffRef,
} from './case.schemas';
import { EXAMPLE } from './examples';

export interface HandoffDeclinedV1 extends HandoffRef {
  reason: {
    code: HandoffDeclineReason;
    /** Always there for `other`; absent when the agency gave only a code. */
    text?: string;
  };
  declinedAt: string;
}

export const handoffDeclinedV1 = defineIntegrationEvent<HandoffDeclinedV1>({
  type: 'relay.handoff-declined.v1',
  topic: TOPICS.relay,
  summary:
    'The target agency declined the hand-off (인계 거절), saying why. The proposing agency keeps the case and may propose it elsewhere.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...HANDOFF_REF_REQUIRED, 'reason', 'declinedAt'],
    properties: {
      ...handoffRefProperties(),
      reason: {
        type: 'object',
        additionalProperties: false,
        required: ['code'],
        properties: {
          code: handoffDeclineReason('Why the hand-off was declined (거절 사유)'),
          text: {
            type: 'string',
            minLength: 1,
            description: 'The reason in the declining agency’s words; always given for `other`',
          },
        },
        description: 'Why the target agency declined',
      },
      declinedAt: instant('When the hand-off was declined'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    reason: { code: 'at-capacity', text: '상반기 사업화 지원 정원 마감' },
    declinedAt: '2026-05-06T16:45:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
