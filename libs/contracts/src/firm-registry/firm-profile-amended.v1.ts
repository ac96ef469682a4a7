import { defineIntegrationEvent } from '../contract';
import { instant } from '../json-schema';
import { TOPICS } from '../topics';
import { firmId } from './firm.schemas';

/** Business facts of a firm's profile that changed; absent fields did not change. No personal data. */
export interface FirmProfileAmendedV1 {
  firmId: string;
  name?: string;
  industryId?: string;
  size?: 'micro' | 'small' | 'medium' | 'mid-sized';
  /** null: the KSIC code was removed. */
  ksicCode?: string | null;
  amendedAt: string;
}

export const firmProfileAmendedV1 = defineIntegrationEvent<FirmProfileAmendedV1>({
  type: 'firm-registry.firm-profile-amended.v1',
  topic: TOPICS.firmRegistry,
  summary:
    'Business facts of a firm’s profile changed (상호, 주력산업, 기업규모, 업종코드): services that keep a snapshot of the firm update it.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId', 'amendedAt'],
    properties: {
      firmId: firmId(),
      name: { type: 'string', minLength: 1, maxLength: 200, description: 'New registered trade name (상호)' },
      industryId: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        description: 'New regional key industry (지역주력산업) of the firm, from the catalogue',
      },
      size: {
        type: 'string',
        enum: ['micro', 'small', 'medium', 'mid-sized'],
        description: 'Firm size: micro/small (소기업), medium (중기업), mid-sized (중견기업)',
      },
      ksicCode: {
        oneOf: [{ type: 'string', pattern: '^[A-U]?[0-9]{2,5}$' }, { type: 'null' }],
        description: 'KSIC (11th revision) code; null when it was removed',
      },
      amendedAt: instant('When the profile was amended'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    name: '주식회사 한빛정밀테크',
    size: 'medium',
    amendedAt: '2026-05-11T10:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
