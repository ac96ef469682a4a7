import { uuid, type JsonSchema } from '../json-schema';

/*
 * Firm registry integration events carry no personal data: no representative's name, contact or resident
 * number. Those stay in the firm registry, encrypted per firm (crypto-shredding), and must never reach a
 * topic, where they could not be erased.
 */

export const firmId = (): JsonSchema => uuid('Firm id (기업 ID), assigned by the firm registry');

/**
 * A firm's growth stage: 잠재기업 (potential) → 예비기업 (preliminary) → 선도기업 (leading); 초광역권 선도기업
 * (super-regional leading) for firms carrying an industry across regions.
 */
export type GrowthStage = 'potential' | 'preliminary' | 'leading' | 'super-regional-leading';

export const GROWTH_STAGES: readonly GrowthStage[] = [
  'potential',
  'preliminary',
  'leading',
  'super-regional-leading',
];

export const growthStage = (description: string): JsonSchema => ({
  type: 'string',
  enum: GROWTH_STAGES,
  description: `${description}: potential (잠재기업), preliminary (예비기업), leading (선도기업), super-regional-leading (초광역권 선도기업)`,
});
