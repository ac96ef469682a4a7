import {
  CRISIS_COVERAGE_SEED,
  InvalidCrisisCoverageError,
  REGIONAL_SME_OFFICE_SLUGS,
  SEEDED_CRISIS_COVERAGE,
  crisisCenterOn,
  crisisCoverageOf,
  routeWarning,
  withCoverageChange,
  type CrisisCoverageChange,
} from './crisis-coverage';
import { NON_CAPITAL_REGION_CODES, REGION_CODES, type RegionCode } from './regions';

// REFDATA §3d: 5 centers in 2022, the 12 non-capital 시·도 except 세종 and 제주 from 2023.
const CENTERS_2022: RegionCode[] = ['26', '27', '46', '47', '51'];
const CENTERS_2023: RegionCode[] = ['26', '27', '29', '30', '31', '43', '44', '46', '47', '48', '51', '52'];

const closed = (region: RegionCode, on: string): CrisisCoverageChange => ({
  type: 'crisis-support-center-closed',
  region,
  on,
  source: { refs: ['test'] },
  confidence: 'unverified',
  dateConfidence: 'unverified',
});
const openedOn = (region: RegionCode, slug: string, on: string): CrisisCoverageChange => ({
  type: 'crisis-support-center-opened',
  region,
  slug,
  on,
  source: { refs: ['test'] },
  confidence: 'unverified',
  dateConfidence: 'unverified',
});

const centersOn = (day: string): RegionCode[] =>
  REGION_CODES.filter((r) => crisisCenterOn(r, day) !== undefined).sort();

describe('the seeded coverage (REFDATA §3d)', () => {
  it('has 5 centers through 2022 and 12 from 2023; none before the law took effect', () => {
    expect(centersOn('2021-12-31')).toEqual([]);
    expect(centersOn('2022-01-01')).toEqual(CENTERS_2022);
    expect(centersOn('2022-12-31')).toEqual(CENTERS_2022);
    expect(centersOn('2023-01-01')).toEqual(CENTERS_2023);
    expect(centersOn('2026-06-30')).toEqual(CENTERS_2023);
  });

  it('leaves the capital area, 세종 and 제주 without a center (the goal of 17 is not reached)', () => {
    const without = REGION_CODES.filter((r) => !CENTERS_2023.includes(r)).sort();
    expect(without).toEqual(['11', '28', '36', '41', '50']);
    expect(NON_CAPITAL_REGION_CODES.filter((r) => !CENTERS_2023.includes(r)).sort()).toEqual(['36', '50']);
  });

  it('cites S34 and S35, sources the year and marks the exact day unverified', () => {
    expect(CRISIS_COVERAGE_SEED).toHaveLength(12);
    for (const change of CRISIS_COVERAGE_SEED) {
      expect(change.source.refs).toEqual(['S34', 'S35']);
      expect(change.confidence).toBe('verified');
      expect(change.dateConfidence).toBe('unverified');
      expect(change.on).toMatch(/^202[23]-01-01$/);
      expect(change.source.note).toMatch(/day .* is an assumption/);
    }
  });

  it('uses the relay seed slug pattern <place>-crisis-support-center', () => {
    expect(SEEDED_CRISIS_COVERAGE.tenures.map((t) => [t.region, t.slug])).toEqual([
      ['51', 'gangwon-crisis-support-center'],
      ['27', 'daegu-crisis-support-center'],
      ['47', 'gyeongbuk-crisis-support-center'],
      ['26', 'busan-crisis-support-center'],
      ['46', 'jeonnam-crisis-support-center'],
      ['29', 'gwangju-crisis-support-center'],
      ['30', 'daejeon-crisis-support-center'],
      ['31', 'ulsan-crisis-support-center'],
      ['43', 'chungbuk-crisis-support-center'],
      ['44', 'chungnam-crisis-support-center'],
      ['52', 'jeonbuk-crisis-support-center'],
      ['48', 'gyeongnam-crisis-support-center'],
    ]);
  });
});

describe('routeWarning', () => {
  it('goes to the center of the region once it exists, from its first day (inclusive)', () => {
    expect(routeWarning('29', '2022-12-31')).toEqual({
      kind: 'regional-sme-office',
      region: '29',
      slug: 'gwangju-jeonnam-regional-sme-office',
    });
    expect(routeWarning('29', '2023-01-01')).toEqual({
      kind: 'crisis-support-center',
      region: '29',
      slug: 'gwangju-crisis-support-center',
      since: '2023-01-01',
    });
  });

  it('reads an instant as its Korean date (2022-12-31T15:00Z is already 2023-01-01 in Seoul)', () => {
    expect(routeWarning('30', '2022-12-31T14:59:59Z').kind).toBe('regional-sme-office');
    expect(routeWarning('30', '2022-12-31T15:00:00Z').kind).toBe('crisis-support-center');
    expect(routeWarning('30', '2023-01-01T00:00:00+09:00').kind).toBe('crisis-support-center');
  });

  it.each<[RegionCode, string]>([
    ['11', 'seoul-regional-sme-office'],
    ['28', 'incheon-regional-sme-office'],
    ['41', 'gyeonggi-regional-sme-office'],
    ['36', 'daejeon-sejong-regional-sme-office'],
  ])('falls back to the regional SME office in %s, which never had a center', (region, slug) => {
    for (const day of ['2021-06-01', '2022-06-01', '2026-06-01'])
      expect(routeWarning(region, day)).toEqual({ kind: 'regional-sme-office', region, slug });
  });

  it('leaves 제주 unrouted: no center and no regional SME office', () => {
    expect(REGIONAL_SME_OFFICE_SLUGS['50']).toBeNull();
    expect(routeWarning('50', '2026-01-01')).toEqual({
      kind: 'unrouted',
      region: '50',
      reason: 'no-regional-sme-office',
    });
  });

  it('gives every other region an office slug of the relay seed pattern', () => {
    for (const region of REGION_CODES.filter((r) => r !== '50'))
      expect(REGIONAL_SME_OFFICE_SLUGS[region]).toMatch(/^[a-z]+(-[a-z]+)*-regional-sme-office$/);
  });

  it('refuses an unknown region and a non-date', () => {
    expect(() => routeWarning('42' as RegionCode, '2026-01-01')).toThrow(InvalidCrisisCoverageError);
    expect(() => routeWarning('27', '2026-02-30')).toThrow(/not a date/);
    expect(() => routeWarning('27', 'yesterday')).toThrow(/not an ISO 8601 instant/);
  });
});

describe('coverage as a history of changes', () => {
  it('follows a later opening (세종 gets a center) without touching routing code', () => {
    const coverage = withCoverageChange(
      SEEDED_CRISIS_COVERAGE,
      openedOn('36', 'sejong-crisis-support-center', '2027-03-01'),
    );
    expect(routeWarning('36', '2027-02-28', coverage).kind).toBe('regional-sme-office');
    expect(routeWarning('36', '2027-03-01', coverage)).toEqual({
      kind: 'crisis-support-center',
      region: '36',
      slug: 'sejong-crisis-support-center',
      since: '2027-03-01',
    });
    // The seeded coverage is unchanged.
    expect(routeWarning('36', '2027-03-01').kind).toBe('regional-sme-office');
  });

  it('follows a closing and a reopening under another slug; past days keep their center', () => {
    let coverage = withCoverageChange(SEEDED_CRISIS_COVERAGE, closed('27', '2026-07-01'));
    coverage = withCoverageChange(coverage, openedOn('27', 'daegu-new-crisis-support-center', '2026-09-01'));
    expect(routeWarning('27', '2026-06-30', coverage)).toMatchObject({ slug: 'daegu-crisis-support-center' });
    expect(routeWarning('27', '2026-07-01', coverage)).toMatchObject({
      kind: 'regional-sme-office',
      slug: 'daegu-gyeongbuk-regional-sme-office',
    });
    expect(routeWarning('27', '2026-09-01', coverage)).toMatchObject({
      slug: 'daegu-new-crisis-support-center',
      since: '2026-09-01',
    });
  });

  it('applies changes in date order whatever their list order', () => {
    const coverage = crisisCoverageOf([
      closed('27', '2024-01-01'),
      openedOn('27', 'daegu-crisis-support-center', '2022-01-01'),
    ]);
    expect(coverage.tenures).toEqual([
      { region: '27', slug: 'daegu-crisis-support-center', from: '2022-01-01', until: '2024-01-01' },
    ]);
  });

  it.each<[string, CrisisCoverageChange[], string]>([
    [
      'two centers at once in one region',
      [
        openedOn('27', 'daegu-crisis-support-center', '2022-01-01'),
        openedOn('27', 'x-crisis-support-center', '2023-01-01'),
      ],
      'center-already-open',
    ],
    ['closing where none is open', [closed('27', '2022-01-01')], 'no-center-to-close'],
    ['a slug of another agency type', [openedOn('27', 'daegu-technopark', '2022-01-01')], 'invalid-slug'],
    ['an impossible date', [openedOn('27', 'daegu-crisis-support-center', '2022-02-29')], 'invalid-date'],
    [
      'an unknown region',
      [openedOn('42' as RegionCode, 'gangwon-crisis-support-center', '2022-01-01')],
      'unknown-region',
    ],
    [
      'a change without a source',
      [{ ...openedOn('27', 'daegu-crisis-support-center', '2022-01-01'), source: { refs: [] } }],
      'source-required',
    ],
  ])('refuses %s', (_what, changes, rule) => {
    expect(() => crisisCoverageOf(changes)).toThrow(
      expect.objectContaining({ name: 'InvalidCrisisCoverageError', rule }),
    );
  });
});
