import type { JsonSchema } from './json-schema';

/**
 * The 17 시·도 (metropolitan cities and provinces) by their current 2-digit MOIS code. Contracts carry
 * current codes only: a producer holding a legacy code (42 강원도 → 51 since 2023-06-11, 45 전라북도 → 52
 * since 2024-01-18) maps it before publishing, so no consumer has to know the history.
 */
export const REGIONS = {
  '11': '서울특별시',
  '26': '부산광역시',
  '27': '대구광역시',
  '28': '인천광역시',
  '29': '광주광역시',
  '30': '대전광역시',
  '31': '울산광역시',
  '36': '세종특별자치시',
  '41': '경기도',
  '43': '충청북도',
  '44': '충청남도',
  '46': '전라남도',
  '47': '경상북도',
  '48': '경상남도',
  '50': '제주특별자치도',
  '51': '강원특별자치도',
  '52': '전북특별자치도',
} as const;

export type RegionCode = keyof typeof REGIONS;

export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

export const regionCode = (description: string): JsonSchema => ({
  type: 'string',
  enum: REGION_CODES,
  description: `${description}. 시·도 code (MOIS 2-digit): ${REGION_CODES.map((c) => `${c} ${REGIONS[c]}`).join(', ')}.`,
});
