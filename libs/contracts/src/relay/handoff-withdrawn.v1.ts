import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import {
  HANDOFF_REF_REQUIRED,
  handoffRefProperties,
  handoffWithdrawalCause,
  type HandoffRef,
  type HandoffWithdrawalCause,
} from './case.schemas';
import { EXAMPLE } from './examples';

export interface HandoffWithdrawnV1 extends HandoffRef {
  cause: HandoffWithdrawalCause;
  withdrawnAt: string;
}

export const handoffWithdrawnV1 = defineIntegrationEvent<HandoffWithdrawnV1>({
  type: 'relay.handoff-withdrawn.v1',
  topic: TOPICS.relay,
  summary:
    'An open hand-off proposal was withdrawn (인계 제안 철회): by its proposer, by the regional SME office after escalation, or because the firm revoked its consent or the case closed. The proposer keeps the case.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...HANDOFF_REF_REQUIRED, 'cause', 'withdrawnAt'],
    properties: {
      ...handoffRefProperties(),
      cause: handoffWithdrawalCause('Why the proposal was withdrawn'),
      withdrawnAt: instant('When the proposal was withdrawn'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    cause: 'proposer',
    withdrawnAt: '2026-05-05T09:30:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
