import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import { agencyId, HANDOFF_REF_REQUIRED, handoffRefProperties, type HandoffRef } from './case.schemas';
import { EXAMPLE } from './examples';

export interface HandoffEscalatedV1 extends HandoffRef {
  escalatedToAgencyId: string;
  dueAt: string;
  escalatedAt: string;
}

export const handoffEscalatedV1 = defineIntegrationEvent<HandoffEscalatedV1>({
  type: 'relay.handoff-escalated.v1',
  topic: TOPICS.relay,
  summary:
    'A hand-off was not accepted by its due time (처리 기한 초과): the regional SME office (지방중소벤처기업청) is told. The proposal stays open until it is answered, withdrawn or expires.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [...HANDOFF_REF_REQUIRED, 'escalatedToAgencyId', 'dueAt', 'escalatedAt'],
    properties: {
      ...handoffRefProperties(),
      escalatedToAgencyId: agencyId(
        'The regional SME office (지방중소벤처기업청) of the case’s region, told of the overdue hand-off',
      ),
      dueAt: instant('When acceptance was due (처리 기한)'),
      escalatedAt: instant('When the overdue hand-off was escalated'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    escalatedToAgencyId: EXAMPLE.regionalOfficeId,
    dueAt: '2026-05-08T18:00:00+09:00',
    escalatedAt: '2026-05-08T18:01:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
