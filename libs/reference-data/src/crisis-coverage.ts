import { kstDateOf } from './business-calendar';
import { isRegionCode, type RegionCode } from './regions';
import type { Confidence, SourceRef } from './source';

/*
 * Which 시·도 had a regional SME crisis support center (지역중소기업 위기지원센터) from which day, as a history of
 * changes: REFDATA §3d gives its seed, later openings and closings are appended as changes (the crisis-monitoring
 * service keeps them as events). Routing reads a coverage built from changes, never a constant.
 */

/** A center starts (or stops) answering for a region on a date (YYYY-MM-DD, Korean calendar date, inclusive). */
export type CrisisCoverageChange =
  | {
      readonly type: 'crisis-support-center-opened';
      readonly region: RegionCode;
      /** Agency slug as the relay's agency seed builds it: `<place>-crisis-support-center`. */
      readonly slug: string;
      readonly on: string;
      readonly source: SourceRef;
      /** Confidence that the region had a center from that year. */
      readonly confidence: Confidence;
      /** Confidence in the exact day `on` (the year may be sourced while the day is not). */
      readonly dateConfidence: Confidence;
    }
  | {
      readonly type: 'crisis-support-center-closed';
      readonly region: RegionCode;
      readonly on: string;
      readonly source: SourceRef;
      readonly confidence: Confidence;
      readonly dateConfidence: Confidence;
    };

/** The crisis support center answering for a region over a span of days. `until` is exclusive; null = still open. */
export interface CrisisCenterTenure {
  readonly region: RegionCode;
  readonly slug: string;
  readonly from: string;
  readonly until: string | null;
}

/** A validated coverage history: tenures per region, derived from changes in date order. */
export interface CrisisCoverage {
  readonly changes: readonly CrisisCoverageChange[];
  readonly tenures: readonly CrisisCenterTenure[];
}

export class InvalidCrisisCoverageError extends Error {
  override readonly name = 'InvalidCrisisCoverageError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CENTER_SLUG = /^[a-z]+(-[a-z]+)*-crisis-support-center$/;

const isCalendarDate = (value: string): boolean =>
  ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

function checkChange(change: CrisisCoverageChange): void {
  if (!isRegionCode(change.region))
    throw new InvalidCrisisCoverageError('unknown-region', `Unknown 시·도 code "${String(change.region)}"`);
  if (typeof change.on !== 'string' || !isCalendarDate(change.on))
    throw new InvalidCrisisCoverageError('invalid-date', `"${String(change.on)}" is not a date (YYYY-MM-DD)`);
  if (change.type === 'crisis-support-center-opened' && !CENTER_SLUG.test(change.slug))
    throw new InvalidCrisisCoverageError(
      'invalid-slug',
      `"${change.slug}" is not a crisis support center slug (<place>-crisis-support-center)`,
    );
  if (!change.source.refs.length)
    throw new InvalidCrisisCoverageError('source-required', 'A coverage change needs a source');
}

/**
 * The coverage a list of changes describes. Changes are applied in date order (same-day changes in list order);
 * a region has at most one center at a time: opening where one is open, or closing where none is, throws.
 */
export function crisisCoverageOf(changes: readonly CrisisCoverageChange[]): CrisisCoverage {
  changes.forEach(checkChange);
  const ordered = changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => (a.change.on < b.change.on ? -1 : a.change.on > b.change.on ? 1 : a.index - b.index))
    .map(({ change }) => change);
  const tenures: CrisisCenterTenure[] = [];
  const openIndex = new Map<RegionCode, number>();
  for (const change of ordered) {
    const current = openIndex.get(change.region);
    if (change.type === 'crisis-support-center-opened') {
      if (current !== undefined)
        throw new InvalidCrisisCoverageError(
          'center-already-open',
          `${change.region} already has ${tenures[current].slug} on ${change.on}`,
        );
      openIndex.set(change.region, tenures.length);
      tenures.push({ region: change.region, slug: change.slug, from: change.on, until: null });
    } else {
      if (current === undefined)
        throw new InvalidCrisisCoverageError(
          'no-center-to-close',
          `${change.region} has no crisis support center to close on ${change.on}`,
        );
      tenures[current] = { ...tenures[current], until: change.on };
      openIndex.delete(change.region);
    }
  }
  return { changes: ordered, tenures };
}

/** The coverage with one more change (a later event). Throws like crisisCoverageOf. */
export const withCoverageChange = (coverage: CrisisCoverage, change: CrisisCoverageChange): CrisisCoverage =>
  crisisCoverageOf([...coverage.changes, change]);

const SOURCE_2022: SourceRef = {
  refs: ['S34', 'S35'],
  note:
    'REFDATA §3d: one of the 5 centers of 2022 (강원, 대구, 경북, 부산, 전남 TPs). The year is sourced; the day 2022-01-01 ' +
    'is an assumption (the legal basis, 지역중소기업 육성 및 혁신촉진 등에 관한 법률, took effect 2022-01).',
};
const SOURCE_2023: SourceRef = {
  refs: ['S34', 'S35'],
  note:
    'REFDATA §3d: added by the 2023 extension to the 12 non-capital 시·도 other than 세종 and 제주; the region is ' +
    'implied by that rule, not listed by name. The year is sourced; the day 2023-01-01 is an assumption.',
};

const opened = (region: RegionCode, place: string, year: 2022 | 2023): CrisisCoverageChange => ({
  type: 'crisis-support-center-opened',
  region,
  slug: `${place}-crisis-support-center`,
  on: `${year}-01-01`,
  source: year === 2022 ? SOURCE_2022 : SOURCE_2023,
  confidence: 'verified',
  dateConfidence: 'unverified',
});

/** REFDATA §3d as the first changes of the coverage history: 5 centers in 2022, 7 more in 2023 (goal: 17). */
export const CRISIS_COVERAGE_SEED: readonly CrisisCoverageChange[] = [
  opened('51', 'gangwon', 2022),
  opened('27', 'daegu', 2022),
  opened('47', 'gyeongbuk', 2022),
  opened('26', 'busan', 2022),
  opened('46', 'jeonnam', 2022),
  opened('29', 'gwangju', 2023),
  opened('30', 'daejeon', 2023),
  opened('31', 'ulsan', 2023),
  opened('43', 'chungbuk', 2023),
  opened('44', 'chungnam', 2023),
  opened('52', 'jeonbuk', 2023),
  opened('48', 'gyeongnam', 2023),
];

export const SEEDED_CRISIS_COVERAGE: CrisisCoverage = crisisCoverageOf(CRISIS_COVERAGE_SEED);

/**
 * The regional SME office (지방중소벤처기업청) slug per region, as the relay's agency seed builds it
 * (`<place>-regional-sme-office`, REFDATA §3a, ⚠ unverified set of 13). 제주 has none: its office was abolished
 * in 2006 and its functions passed to the province.
 */
export const REGIONAL_SME_OFFICE_SLUGS: { readonly [R in RegionCode]: string | null } = {
  '11': 'seoul-regional-sme-office',
  '26': 'busan-regional-sme-office',
  '27': 'daegu-gyeongbuk-regional-sme-office',
  '28': 'incheon-regional-sme-office',
  '29': 'gwangju-jeonnam-regional-sme-office',
  '30': 'daejeon-sejong-regional-sme-office',
  '31': 'ulsan-regional-sme-office',
  '36': 'daejeon-sejong-regional-sme-office',
  '41': 'gyeonggi-regional-sme-office',
  '43': 'chungbuk-regional-sme-office',
  '44': 'chungnam-regional-sme-office',
  '46': 'gwangju-jeonnam-regional-sme-office',
  '47': 'daegu-gyeongbuk-regional-sme-office',
  '48': 'gyeongnam-regional-sme-office',
  '50': null,
  '51': 'gangwon-regional-sme-office',
  '52': 'jeonbuk-regional-sme-office',
};

/** Where an early warning about a firm of a region goes. */
export type WarningRoute =
  | {
      readonly kind: 'crisis-support-center';
      readonly region: RegionCode;
      readonly slug: string;
      readonly since: string;
    }
  /** No center in the region on that day: the regional SME office answers. */
  | { readonly kind: 'regional-sme-office'; readonly region: RegionCode; readonly slug: string }
  /** Neither a center nor a regional office (제주): the caller needs a configured fallback. */
  | { readonly kind: 'unrouted'; readonly region: RegionCode; readonly reason: 'no-regional-sme-office' };

/** A Korean calendar date (YYYY-MM-DD) of a date or of an ISO instant with offset. */
function dateOf(at: string): string {
  if (typeof at === 'string' && ISO_DATE.test(at)) {
    if (!isCalendarDate(at)) throw new InvalidCrisisCoverageError('invalid-date', `"${at}" is not a date`);
    return at;
  }
  return kstDateOf(at);
}

/** The center answering for a region on a day (a date or an instant, read as its Korean date), if any. */
export function crisisCenterOn(
  region: RegionCode,
  at: string,
  coverage: CrisisCoverage = SEEDED_CRISIS_COVERAGE,
): CrisisCenterTenure | undefined {
  const day = dateOf(at);
  return coverage.tenures.find(
    (t) => t.region === region && t.from <= day && (t.until === null || day < t.until),
  );
}

/**
 * Where a warning about a firm of `region`, raised at `at`, goes: the region's crisis support center when it
 * had one on that day, else its regional SME office, else nowhere (제주).
 */
export function routeWarning(
  region: RegionCode,
  at: string,
  coverage: CrisisCoverage = SEEDED_CRISIS_COVERAGE,
): WarningRoute {
  if (!isRegionCode(region))
    throw new InvalidCrisisCoverageError('unknown-region', `Unknown 시·도 code "${String(region)}"`);
  const center = crisisCenterOn(region, at, coverage);
  if (center) return { kind: 'crisis-support-center', region, slug: center.slug, since: center.from };
  const office = REGIONAL_SME_OFFICE_SLUGS[region];
  if (office) return { kind: 'regional-sme-office', region, slug: office };
  return { kind: 'unrouted', region, reason: 'no-regional-sme-office' };
}
