import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { regionCode, type RegionCode } from '../regions';
import { TOPICS } from '../topics';
import { firmId, growthStage, type GrowthStage } from './firm.schemas';

export interface FirmRegisteredV1 {
  firmId: string;
  /** 사업자등록번호, 10 digits without hyphens. */
  businessRegistrationNumber: string;
  name: string;
  regionCode: RegionCode;
  industryId: string;
  growthStage: GrowthStage;
  registeredAt: string;
}

export const firmRegisteredV1 = defineIntegrationEvent<FirmRegisteredV1>({
  type: 'firm-registry.firm-registered.v1',
  topic: TOPICS.firmRegistry,
  summary: 'A firm was registered in Baton (기업 등록): from now on agencies can support it and hand it on.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'firmId',
      'businessRegistrationNumber',
      'name',
      'regionCode',
      'industryId',
      'growthStage',
      'registeredAt',
    ],
    properties: {
      firmId: firmId(),
      businessRegistrationNumber: {
        type: 'string',
        pattern: '^[0-9]{10}$',
        description: 'Business registration number (사업자등록번호): 10 digits, no hyphens. Unique per firm.',
      },
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: 'Registered trade name of the firm (상호), e.g. 주식회사 한빛정밀',
      },
      regionCode: regionCode('Region of the firm’s head office (본사 소재지)'),
      industryId: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        description:
          'Regional key industry (지역주력산업) of the firm: a 주축산업 or 미래 신산업 id from the reference data',
      },
      growthStage: growthStage('Growth stage at registration (성장단계)'),
      registeredAt: instant('When the firm was registered (business time)'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    businessRegistrationNumber: '1234567890',
    name: '주식회사 한빛정밀',
    regionCode: '26',
    industryId: 'busan-ultra-precision-materials-parts',
    growthStage: 'preliminary',
    registeredAt: '2026-03-02T09:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
