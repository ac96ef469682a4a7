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

export interface HandoffProposedV1 extends HandoffRef {
  reason: string;
  currentPhase: CasePhase;
  nextPhase: CasePhase;
  documentCount: number;
  dueAt: string;
  expiresAt: string;
  proposedAt: string;
}

export const handoffProposedV1 = defineIntegrationEvent<HandoffProposedV1>({
  type: 'relay.handoff-proposed.v1',
  topic: TOPICS.relay,
  summary:
    'The holding agency proposed to hand a case on to another agency for the next phase (인계 제안). The hand-over package (인계 자료) is not in the event: only the agency the firm consented to share it with sees it, in the relay.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      ...HANDOFF_REF_REQUIRED,
      'reason',
      'currentPhase',
      'nextPhase',
      'documentCount',
      'dueAt',
      'expiresAt',
      'proposedAt',
    ],
    properties: {
      ...handoffRefProperties(),
      reason: {
        type: 'string',
        minLength: 1,
        description: 'Why the case goes on to the target (인계 사유), as the proposing agency wrote it',
      },
      currentPhase: casePhase('The phase the case is in when proposed'),
      nextPhase: casePhase('The phase the target agency is to support: the case moves to it on acceptance'),
      documentCount: {
        type: 'integer',
        minimum: 0,
        description:
          'How many documents the hand-over package holds (인계 자료 문서 수); their contents stay in the relay. Unit: documents (건).',
      },
      dueAt: instant(
        'Acceptance is due by then (처리 기한): N Korean business days after the proposal, 18:00 KST; past it the proposal escalates to the regional SME office',
      ),
      expiresAt: instant('Past it the proposal can no longer be accepted (만료 시각)'),
      proposedAt: instant('When the hand-off was proposed'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    fromAgencyId: EXAMPLE.technoparkId,
    toAgencyId: EXAMPLE.innovationCenterId,
    reason: '시제품 완성: 사업화 단계의 판로 개척 지원 필요',
    currentPhase: 'technology-development',
    nextPhase: 'commercialisation',
    documentCount: 3,
    dueAt: '2026-05-08T18:00:00+09:00',
    expiresAt: '2026-05-15T18:00:00+09:00',
    proposedAt: '2026-05-04T14:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
