import { defineIntegrationEvent } from '../contract';
import { firmId } from '../firm-registry/firm.schemas';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import { agencyId, caseId, proposalId } from './case.schemas';
import { EXAMPLE } from './examples';

export interface ConsentRevokedV1 {
  caseId: string;
  firmId: string;
  proposalId: string;
  sharedWithAgencyId: string;
  revokedAt: string;
}

export const consentRevokedV1 = defineIntegrationEvent<ConsentRevokedV1>({
  type: 'relay.consent-revoked.v1',
  topic: TOPICS.relay,
  summary:
    'The firm took back its consent to share (정보제공 동의 철회) the hand-over package of a proposal: the agency it was shared with no longer sees it. An open proposal is withdrawn with it (relay.handoff-withdrawn.v1, cause consent-revoked). Which items were shared, and who revoked, stay in the relay.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'firmId', 'proposalId', 'sharedWithAgencyId', 'revokedAt'],
    properties: {
      caseId: caseId(),
      firmId: firmId(),
      proposalId: proposalId(),
      sharedWithAgencyId: agencyId('The agency the package had been shared with, which loses sight of it'),
      revokedAt: instant('When the firm revoked its consent (business time, as the firm stated it)'),
    },
  },
  example: {
    caseId: EXAMPLE.caseId,
    firmId: EXAMPLE.firmId,
    proposalId: EXAMPLE.proposalId,
    sharedWithAgencyId: EXAMPLE.innovationCenterId,
    revokedAt: '2026-05-06T10:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
