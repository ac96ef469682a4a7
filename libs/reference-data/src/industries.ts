import type { RegionCode } from './regions';
import type { Confidence, SourceRef } from './source';

export type { Confidence } from './source';

/**
 * The kind of a regional key industry (지역주력산업) since the 2023 reorganization:
 * `core` 주축산업, `future-single` 미래 신산업 (단독), `future-cooperative` 미래 신산업 (협력, shared between regions).
 */
export type IndustryKind = 'core' | 'future-single' | 'future-cooperative';

/** One regional key industry of the catalogue seed. */
export interface IndustryEntry {
  /** Stable lowercase ascii slug; region-prefixed except for cooperative industries. Never renamed. */
  readonly id: string;
  readonly nameKo: string;
  readonly nameEn: string;
  readonly kind: IndustryKind;
  /** One region for a core or single-region industry; the cooperating regions for a cooperative one. */
  readonly regionCodes: readonly RegionCode[];
  readonly source: SourceRef;
  readonly confidence: Confidence;
  /** The day the 2023 reorganization was confirmed (2023년 제1차 지역경제위원회). */
  readonly validFrom: string;
}

const VALID_FROM = '2023-02-27';

const FUTURE_SOURCE: SourceRef = {
  refs: ['S3'],
  note:
    'Membership and region groups are confirmed (REFDATA §1a). The spelling, spacing and punctuation of the name ' +
    'follow the news text and are unchecked (⚠) against the MSS release attachment.',
};

const futureSingle = (id: string, region: RegionCode, nameKo: string, nameEn: string): IndustryEntry => ({
  id,
  nameKo,
  nameEn,
  kind: 'future-single',
  regionCodes: [region],
  source: FUTURE_SOURCE,
  confidence: 'verified',
  validFrom: VALID_FROM,
});

const futureCooperative = (
  id: string,
  regions: readonly RegionCode[],
  nameKo: string,
  nameEn: string,
): IndustryEntry => ({
  id,
  nameKo,
  nameEn,
  kind: 'future-cooperative',
  regionCodes: regions,
  source: FUTURE_SOURCE,
  confidence: 'verified',
  validFrom: VALID_FROM,
});

const core = (
  id: string,
  region: RegionCode,
  nameKo: string,
  nameEn: string,
  confidence: Confidence,
  source: SourceRef,
): IndustryEntry => ({
  id,
  nameKo,
  nameEn,
  kind: 'core',
  regionCodes: [region],
  source,
  confidence,
  validFrom: VALID_FROM,
});

const BUSAN: SourceRef = { refs: ['S7', 'S8'] };
const CHUNGNAM: SourceRef = { refs: ['S9'] };
const DAEGU: SourceRef = {
  refs: ['S10'],
  note: 'From a 2025 대구TP call for applicants that labels them "주력(주축)산업"; not read from the MSS list.',
};
const GANGWON: SourceRef = {
  refs: ['S11'],
  note:
    'Only these two were found; the official names and the number of 강원 주축산업 were not. S5 and S6 name ' +
    '천연물바이오소재 among the 41 without saying which region.',
};
const GYEONGNAM: SourceRef = {
  refs: ['S5', 'S16'],
  note:
    'S5 says 항노화메디컬 was one of the 6 industries kept unchanged, without a region; it was 경남 key industry ' +
    'from 2021 (S16). The other 경남 주축산업 were not found.',
};

/**
 * The sourced initial content of the regional key industry catalogue (REFDATA §1a, §1b). The running catalogue is
 * event-sourced in the firm-registry service; this seed is what it starts from. It holds all 19 미래 신산업 but
 * only the 주축산업 that a source names (see CATALOGUE_COVERAGE): nothing here is inferred.
 */
export const INDUSTRY_CATALOGUE_SEED: readonly IndustryEntry[] = [
  // 미래 신산업, single region (14)
  futureSingle('busan-power-semiconductors', '26', '전력반도체', 'Power semiconductors'),
  futureSingle(
    'daegu-advanced-autonomous-manipulation',
    '27',
    '고난도 자율조작',
    'Advanced autonomous manipulation',
  ),
  futureSingle('gwangju-industrial-innovative-ai', '29', '산업활용·혁신AI', 'Industrial and innovative AI'),
  futureSingle(
    'daejeon-5g-6g-satellite-communications',
    '30',
    '5G·6G 위성통신',
    '5G/6G satellite communications',
  ),
  futureSingle('ulsan-electric-hydrogen-vehicles', '31', '전기·수소차', 'Electric and hydrogen vehicles'),
  futureSingle('sejong-data-ai-security', '36', '데이터·AI·보안', 'Data, AI and security'),
  futureSingle(
    'gangwon-digital-health-data-analytics',
    '51',
    '디지털헬스 데이터 분석활용',
    'Digital health data analytics',
  ),
  futureSingle(
    'chungbuk-next-generation-battery-materials-cells',
    '43',
    '차세대 이차전지 소재셀',
    'Next-generation secondary battery materials and cells',
  ),
  futureSingle(
    'chungnam-hydrogen-fuel-cells-power-generation',
    '44',
    '수소연료전지 및 발전',
    'Hydrogen fuel cells and power generation',
  ),
  futureSingle(
    'jeonbuk-water-electrolysis-hydrogen',
    '52',
    '수전해 수소생산',
    'Hydrogen production by water electrolysis',
  ),
  futureSingle('jeonnam-urban-air-mobility', '46', '도심항공교통(UAM)', 'Urban air mobility (UAM)'),
  futureSingle(
    'gyeongbuk-battery-modules-systems',
    '47',
    '이차전지 모듈·시스템',
    'Secondary battery modules and systems',
  ),
  futureSingle(
    'gyeongnam-small-modular-reactors',
    '48',
    '소형모듈형원자로(SMR)',
    'Small modular reactors (SMR)',
  ),
  futureSingle(
    'jeju-battery-reuse-recycling',
    '50',
    '이차전지 재사용·재활용',
    'Secondary battery reuse and recycling',
  ),
  // 미래 신산업, cooperative (5)
  futureCooperative(
    'hydrogen-storage-transport',
    ['26', '31', '48', '50'],
    '수소 저장·운송',
    'Hydrogen storage and transport',
  ),
  futureCooperative(
    'semiconductor-advanced-packaging',
    ['44', '43', '29'],
    '반도체 첨단패키징',
    'Advanced semiconductor packaging',
  ),
  futureCooperative('gene-cell-therapy', ['30', '47'], '유전자·세포치료', 'Gene and cell therapy'),
  futureCooperative(
    'next-generation-high-performance-sensors',
    ['51', '27'],
    '차세대 고성능 센서',
    'Next-generation high-performance sensors',
  ),
  futureCooperative(
    'lithium-ion-batteries-core-materials',
    ['52', '46'],
    '리튬이온전지 및 핵심소재',
    'Lithium-ion batteries and core materials',
  ),
  // 주축산업, only as far as sourced
  core(
    'busan-ultra-precision-materials-components',
    '26',
    '초정밀소재부품',
    'Ultra-precision materials and components',
    'verified',
    BUSAN,
  ),
  core(
    'busan-low-temperature-high-pressure-energy-storage',
    '26',
    '저온고압에너지저장공급시스템',
    'Low-temperature, high-pressure energy storage and supply systems',
    'verified',
    BUSAN,
  ),
  core('busan-silver-care-tech', '26', '실버케어테크', 'Silver care technology', 'verified', BUSAN),
  core(
    'chungnam-next-generation-displays',
    '44',
    '차세대 디스플레이',
    'Next-generation displays',
    'verified',
    CHUNGNAM,
  ),
  core(
    'chungnam-carbon-reduction-auto-parts',
    '44',
    '탄소저감 자동차부품',
    'Carbon-reducing automotive parts',
    'verified',
    CHUNGNAM,
  ),
  core(
    'chungnam-high-functional-green-bio',
    '44',
    '고기능성 그린바이오',
    'High-functional green bio',
    'verified',
    CHUNGNAM,
  ),
  core(
    'daegu-electric-autonomous-mobility-parts',
    '27',
    '전기·자율 모빌리티부품',
    'Electric and autonomous mobility parts',
    'single-source',
    DAEGU,
  ),
  core(
    'daegu-machine-element-materials-parts',
    '27',
    '기계요소 소재부품',
    'Machine element materials and parts',
    'single-source',
    DAEGU,
  ),
  core(
    'daegu-digital-medical-devices',
    '27',
    '디지털 의료기기',
    'Digital medical devices',
    'single-source',
    DAEGU,
  ),
  core(
    'gangwon-natural-product-biomaterials',
    '51',
    '천연물 바이오소재',
    'Natural product biomaterials',
    'single-source',
    GANGWON,
  ),
  core(
    'gangwon-ceramic-new-materials',
    '51',
    '세라믹 (신)소재',
    'Ceramic (new) materials',
    'single-source',
    GANGWON,
  ),
  core(
    'gyeongnam-anti-aging-medical',
    '48',
    '항노화메디컬',
    'Anti-aging medical',
    'single-source',
    GYEONGNAM,
  ),
];

/** Whether a region takes part in an industry (for a cooperative industry: is one of its cooperating regions). */
export const industryBelongsToRegion = (entry: IndustryEntry, region: RegionCode): boolean =>
  entry.regionCodes.includes(region);

const coreEntries = INDUSTRY_CATALOGUE_SEED.filter((e) => e.kind === 'core');

// 광주, 대전, 세종, 충북, 전북, 전남, 경북, 제주, 울산
const REGIONS_WITHOUT_SOURCED_CORE: readonly RegionCode[] = [
  '29',
  '30',
  '36',
  '43',
  '52',
  '46',
  '47',
  '50',
  '31',
];

/** How much of the 2023 reorganization (41 주축산업 + 19 미래 신산업 = 60) the seed covers. */
export const CATALOGUE_COVERAGE = {
  core: {
    /** 41 per S1–S4; the per-region split was not available. */
    total: 41,
    sourced: coreEntries.length,
    /** Non-capital regions for which no source names any 주축산업 (울산's ⚠ list is not labelled 주축산업). */
    regionsWithoutSourcedEntries: REGIONS_WITHOUT_SOURCED_CORE,
    /** Regions with some but probably not all of their 주축산업: the count for these was not found. */
    regionsKnownIncomplete: ['51', '48'] as readonly RegionCode[],
  },
  future: {
    total: 19,
    sourced: INDUSTRY_CATALOGUE_SEED.length - coreEntries.length,
  },
  source: {
    refs: ['S1', 'S2', 'S3', 'S4'],
    note:
      'The remaining 주축산업 need the MSS press release of 2023-02-16 (korea.kr newsId=148911774) and its ' +
      'attached table, or each 시·도 "2023년도 지역산업진흥계획".',
  } satisfies SourceRef,
} as const;
