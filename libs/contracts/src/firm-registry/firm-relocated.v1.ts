import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { regionCode, type RegionCode } from '../regions';
import { TOPICS } from '../topics';
import { firmId } from './firm.schemas';

export interface FirmRelocatedV1 {
  firmId: string;
  fromRegionCode: RegionCode;
  toRegionCode: RegionCode;
  relocatedAt: string;
}

export const firmRelocatedV1 = defineIntegrationEvent<FirmRelocatedV1>({
  type: 'firm-registry.firm-relocated.v1',
  topic: TOPICS.firmRegistry,
  summary:
    'A firm moved its head office to another 시·도 (본사 이전). Region-scoped agencies and crisis centers gain or lose it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId', 'fromRegionCode', 'toRegionCode', 'relocatedAt'],
    properties: {
      firmId: firmId(),
      fromRegionCode: regionCode('Region the head office left'),
      toRegionCode: regionCode('Region the head office moved to'),
      relocatedAt: instant('When the move took effect (business time)'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    fromRegionCode: '41',
    toRegionCode: '44',
    relocatedAt: '2026-07-01T00:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
