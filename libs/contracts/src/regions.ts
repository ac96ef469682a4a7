import { REGIONS as REFERENCE_REGIONS, type RegionCode } from '@baton/reference-data';
import type { JsonSchema } from './json-schema';

export type { RegionCode };

/**
 * The 17 시·도 (metropolitan cities and provinces) by their current 2-digit MOIS code, in code order, with their
 * official names (from @baton/reference-data). Contracts carry current codes only: a producer holding a legacy
 * code (42 강원도 → 51 since 2023-06-11, 45 전라북도 → 52 since 2024-01-18) maps it before publishing
 * (`resolveRegionCode`), so no consumer has to know the history.
 */
export const REGION_CODES: RegionCode[] = REFERENCE_REGIONS.map((r) => r.code).sort();

export const REGIONS: Readonly<Record<RegionCode, string>> = Object.fromEntries(
  REGION_CODES.map((code) => [code, REFERENCE_REGIONS.find((r) => r.code === code)!.nameKo]),
) as Record<RegionCode, string>;

export const regionCode = (description: string): JsonSchema => ({
  type: 'string',
  enum: REGION_CODES,
  description: `${description}. 시·도 code (MOIS 2-digit): ${REGION_CODES.map((c) => `${c} ${REGIONS[c]}`).join(', ')}.`,
});
