import { defineIntegrationEvent } from '../contract';
import { firmId } from '../firm-registry/firm.schemas';
import { instant } from '../json-schema';
import { regionCode, type RegionCode } from '../regions';
import { TOPICS } from '../topics';
import { agencyId, caseId, casePhase, type CasePhase } from './case.schemas';
import { EXAMPLE } from './examples';

export interface CaseOpenedV1 {
  caseId: string;
  firmId: string;
  regionCode: RegionCode;
  holderAgencyId: string;
  phase: CasePhase;
  goals: string[];
  openedAt: string;
}

export const caseOpenedV1 = defineIntegrationEvent<CaseOpenedV1>({
  type: 'relay.case-opened.v1',
  topic: TOPICS.relay,
  summary:
    'An agency opened a support case (지원 사례) for a firm and holds the baton: it supports the firm until it hands the case on (이어달리기).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'firmId', 'regionCode', 'holderAgencyId', 'phase', 'goals', 'openedAt'],
    properties: {
      caseId: caseId(),
      firmId: firmId(),
      regionCode: regionCode(
        'Region of the firm when the case was opened; its regional SME office (지방중소벤처기업청) is where overdue hand-offs escalate',
      ),
      holderAgencyId: agencyId('The agency that opened the case and holds it (주관기관)'),
      phase: casePhase('The phase the support starts in'),
      goals: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        items: { type: 'string', minLength: 1 },
        description:
          'Support goals (지원 목표) as the opening agency wrote them, 1 to 10, e.g. 시제품 제작. As opened: later revisions stay in the relay.',
      },
      openedAt: instant('When the case was opened'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    regionCode: '26',
    holderAgencyId: EXAMPLE.technoparkId,
    phase: 'technology-development',
    goals: ['초정밀 가공 부품 시제품 제작', '양산 공정 검증'],
    openedAt: '2026-03-16T10:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
