import { defineIntegrationEvent } from '../contract';
import { instant, uuid } from '../json-schema';
import { TOPICS } from '../topics';
import { firmId } from './firm.schemas';

/** Why a firm left the registry: 폐업 (closed its business), 파산 (bankrupt), 합병 (merged into another). */
export type FirmClosureReason = 'business-closed' | 'bankrupt' | 'merged';

export interface FirmClosedV1 {
  firmId: string;
  reason: FirmClosureReason;
  /** Only for `merged`: the firm it merged into, when that firm is registered. */
  successorFirmId?: string;
  closedAt: string;
}

export const firmClosedV1 = defineIntegrationEvent<FirmClosedV1>({
  type: 'firm-registry.firm-closed.v1',
  topic: TOPICS.firmRegistry,
  summary:
    'A firm ceased to exist as a business (폐업·파산·합병). Open support cases and warnings about it should be wound up; its history stays.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId', 'reason', 'closedAt'],
    properties: {
      firmId: firmId(),
      reason: {
        type: 'string',
        enum: ['business-closed', 'bankrupt', 'merged'],
        description: 'business-closed (폐업), bankrupt (파산), merged (합병: absorbed by another firm)',
      },
      successorFirmId: uuid('Only when merged: the registered firm it merged into (존속법인)'),
      closedAt: instant('When the firm ceased (business time), e.g. the 폐업일'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    reason: 'merged',
    successorFirmId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    closedAt: '2026-12-31T00:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
