import { defineIntegrationEvent } from '../contract';
import { firmId } from '../firm-registry/firm.schemas';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import { agencyId, caseClosingOutcome, caseId, type CaseClosingOutcome } from './case.schemas';
import { EXAMPLE } from './examples';

export interface CaseClosedV1 {
  caseId: string;
  firmId: string;
  outcome: CaseClosingOutcome;
  holderAgencyId: string;
  closedAt: string;
}

export const caseClosedV1 = defineIntegrationEvent<CaseClosedV1>({
  type: 'relay.case-closed.v1',
  topic: TOPICS.relay,
  summary:
    'A support case ended (지원 사례 종료): by its holder, or because the firm was closed (firm-registry.firm-closed.v1). An open hand-off is withdrawn first (relay.handoff-withdrawn.v1, cause case-closed).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'firmId', 'outcome', 'holderAgencyId', 'closedAt'],
    properties: {
      caseId: caseId(),
      firmId: firmId(),
      outcome: caseClosingOutcome('How the case ended (종료 사유)'),
      holderAgencyId: agencyId('The agency that held the case last'),
      closedAt: instant('When the case was closed'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    outcome: 'completed',
    holderAgencyId: EXAMPLE.innovationCenterId,
    closedAt: '2026-11-30T17:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
