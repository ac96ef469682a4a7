import type { Confidence, SourceRef } from './source';

/** A current 2-digit 시·도 code (first two digits of the MOIS 법정동/행정기관 code), REFDATA §2. */
export type RegionCode =
  | '11'
  | '26'
  | '27'
  | '28'
  | '29'
  | '30'
  | '31'
  | '36'
  | '41'
  | '43'
  | '44'
  | '46'
  | '47'
  | '48'
  | '50'
  | '51'
  | '52';

/** A code that was replaced when its province became a 특별자치도; kept so that older data can still be joined. */
export interface LegacyRegionCode {
  readonly code: string;
  /** The old official name, e.g. 강원도. */
  readonly nameKo: string;
  /** The day the current code took over (YYYY-MM-DD). */
  readonly replacedOn: string;
}

/** A 시·도 (metropolitan city or province), one of the 17 광역자치단체. */
export interface Region {
  readonly code: RegionCode;
  /** Official name, e.g. 부산광역시. */
  readonly nameKo: string;
  /** Customary short name, e.g. 부산. */
  readonly shortKo: string;
  readonly nameEn: string;
  /** 수도권: 서울, 인천 and 경기 only. */
  readonly capitalArea: boolean;
  readonly legacyCodes: readonly LegacyRegionCode[];
  readonly source: SourceRef;
  readonly confidence: Confidence;
}

const SOURCE: SourceRef = {
  refs: ['REFDATA §2'],
  note: 'Codes agree across several unrelated public repositories; the official MOIS code file was not retrieved.',
};

const region = (
  code: RegionCode,
  nameKo: string,
  shortKo: string,
  nameEn: string,
  capitalArea: boolean,
  legacyCodes: readonly LegacyRegionCode[] = [],
): Region => ({
  code,
  nameKo,
  shortKo,
  nameEn,
  capitalArea,
  legacyCodes,
  source: SOURCE,
  confidence: 'verified',
});

/** The 17 시·도 in their customary order (서울, 부산, … 제주), which is not the order of their codes. */
export const REGIONS: readonly Region[] = [
  region('11', '서울특별시', '서울', 'Seoul', true),
  region('26', '부산광역시', '부산', 'Busan', false),
  region('27', '대구광역시', '대구', 'Daegu', false),
  region('28', '인천광역시', '인천', 'Incheon', true),
  region('29', '광주광역시', '광주', 'Gwangju', false),
  region('30', '대전광역시', '대전', 'Daejeon', false),
  region('31', '울산광역시', '울산', 'Ulsan', false),
  region('36', '세종특별자치시', '세종', 'Sejong Special Self-Governing City', false),
  region('41', '경기도', '경기', 'Gyeonggi-do', true),
  region('51', '강원특별자치도', '강원', 'Gangwon State', false, [
    { code: '42', nameKo: '강원도', replacedOn: '2023-06-11' },
  ]),
  region('43', '충청북도', '충북', 'Chungcheongbuk-do', false),
  region('44', '충청남도', '충남', 'Chungcheongnam-do', false),
  region('52', '전북특별자치도', '전북', 'Jeonbuk State', false, [
    { code: '45', nameKo: '전라북도', replacedOn: '2024-01-18' },
  ]),
  region('46', '전라남도', '전남', 'Jeollanam-do', false),
  region('47', '경상북도', '경북', 'Gyeongsangbuk-do', false),
  region('48', '경상남도', '경남', 'Gyeongsangnam-do', false),
  region('50', '제주특별자치도', '제주', 'Jeju Special Self-Governing Province', false),
];

export const REGION_CODES: readonly RegionCode[] = REGIONS.map((r) => r.code);

/** The 14 비수도권 시·도: the scope of the regional key industries and of most regional SME policy. */
export const NON_CAPITAL_REGION_CODES: readonly RegionCode[] = REGIONS.filter((r) => !r.capitalArea).map(
  (r) => r.code,
);

const BY_CODE = new Map<string, Region>(REGIONS.map((r) => [r.code, r]));

const BY_ALIAS = new Map<string, RegionCode>(
  REGIONS.flatMap((r) => [
    [r.code, r.code] as const,
    [r.nameKo, r.code] as const,
    [r.shortKo, r.code] as const,
    ...r.legacyCodes.flatMap((l) => [[l.code, r.code] as const, [l.nameKo, r.code] as const]),
  ]),
);

export const isRegionCode = (value: unknown): value is RegionCode =>
  typeof value === 'string' && BY_CODE.has(value);

/**
 * The current code for a code, a legacy code (42 → 51, 45 → 52), an official name (부산광역시, also the former
 * 강원도 and 전라북도) or a short name (부산); `undefined` for anything else. Surrounding spaces are ignored.
 */
export const resolveRegionCode = (input: string): RegionCode | undefined => BY_ALIAS.get(input.trim());

export class UnknownRegionCodeError extends Error {
  override readonly name = 'UnknownRegionCodeError';
  constructor(readonly code: string) {
    super(`Unknown 시·도 code "${code}" (current codes: ${REGION_CODES.join(', ')})`);
  }
}

/** The region of a current code. Throws UnknownRegionCodeError for anything else (legacy codes included). */
export const regionOf = (code: RegionCode): Region => {
  const found = BY_CODE.get(code);
  if (!found) throw new UnknownRegionCodeError(code);
  return found;
};
