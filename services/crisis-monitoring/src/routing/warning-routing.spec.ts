import {
  REGION_CODES,
  SEEDED_CRISIS_COVERAGE,
  routeWarning,
  withCoverageChange,
  type RegionCode,
} from '@baton/reference-data';
import { agencyIdOfSlug, regionalOfficeAgencyIdFor, routingFor, WarningUnroutable } from './warning-routing';

/*
 * The relay's agency seed (services/relay/src/agencies/agency-seed.ts), copied as literals: a spec here may not
 * import another service (the Nx boundary rule refuses it). Slug → agencyId as `agencySeedId(slug)` gives them;
 * these ids are stored in the relay's streams and never change.
 */
const RELAY_SEED_IDS: Record<string, string> = {
  'busan-crisis-support-center': '7a0ee6e4-d6ad-8464-af6a-6625a30aae94',
  'daegu-crisis-support-center': '0ef8e90a-db2b-8f4b-8d88-8ceac050e450',
  'gwangju-crisis-support-center': 'c62a365a-e3f1-84dd-a7ce-99881ccc299f',
  'daejeon-crisis-support-center': '90608d7a-5587-8817-9fa2-dbc8affeb574',
  'ulsan-crisis-support-center': 'd9a6b06f-7b64-8351-b653-2c8f62f5e656',
  'gangwon-crisis-support-center': '2468030d-7989-8109-bf5a-f1c98525c87f',
  'chungbuk-crisis-support-center': '57dae14a-1a47-8a30-8f54-b96019c841d0',
  'chungnam-crisis-support-center': 'd33f32da-9585-8431-a2b0-7fe1fa22bb09',
  'jeonbuk-crisis-support-center': '4157747e-a862-827d-9d92-6f13bda5c70e',
  'jeonnam-crisis-support-center': '70278c9f-810b-869f-a745-546904c45add',
  'gyeongbuk-crisis-support-center': '4c26d415-51a6-882a-abc9-7b63e9e639f0',
  'gyeongnam-crisis-support-center': '90fbf123-9dc3-837c-a85a-238233dd8804',
  'seoul-regional-sme-office': 'be250159-237d-8b07-8c18-b63aef591217',
  'busan-regional-sme-office': '341ae611-f4d5-8147-a7d9-bdd97694944d',
  'daegu-gyeongbuk-regional-sme-office': 'be46d0ee-889b-89e6-b39f-9ac5c8608390',
  'incheon-regional-sme-office': 'a313cad8-cd8b-81b1-94ef-f6a6bbc077e9',
  'gwangju-jeonnam-regional-sme-office': 'b09d8fb0-d8b4-8652-afa8-977dc1a76c62',
  'daejeon-sejong-regional-sme-office': '6bc346ae-5c2f-8138-a851-8ea00129b9fd',
  'ulsan-regional-sme-office': 'c19dd73d-5235-8a99-9874-af5706aa8c60',
  'gyeonggi-regional-sme-office': '77cd2597-1f05-8274-8951-0e57f3188430',
  'gangwon-regional-sme-office': '95bdcf0a-ae4e-8e26-8a1e-714549f25e48',
  'chungbuk-regional-sme-office': '1f427ab5-9a36-8979-9b8a-a26088f0e5b7',
  'chungnam-regional-sme-office': 'a0762eed-8808-8063-935f-c527d67238dc',
  'jeonbuk-regional-sme-office': '9fc2219e-f98d-85f0-a108-789f895731ab',
  'gyeongnam-regional-sme-office': '0b76cd6f-1433-8d43-9a4b-56203f5e773e',
};

/** Per region: the relay seed's `crisisCenterFor(region)?.slug` and `regionalSmeOfficeFor(region)?.slug`. */
const RELAY_SEED_BY_REGION: Record<RegionCode, { center: string | null; office: string | null }> = {
  '11': { center: null, office: 'seoul-regional-sme-office' },
  '26': { center: 'busan-crisis-support-center', office: 'busan-regional-sme-office' },
  '27': { center: 'daegu-crisis-support-center', office: 'daegu-gyeongbuk-regional-sme-office' },
  '28': { center: null, office: 'incheon-regional-sme-office' },
  '29': { center: 'gwangju-crisis-support-center', office: 'gwangju-jeonnam-regional-sme-office' },
  '30': { center: 'daejeon-crisis-support-center', office: 'daejeon-sejong-regional-sme-office' },
  '31': { center: 'ulsan-crisis-support-center', office: 'ulsan-regional-sme-office' },
  '36': { center: null, office: 'daejeon-sejong-regional-sme-office' },
  '41': { center: null, office: 'gyeonggi-regional-sme-office' },
  '51': { center: 'gangwon-crisis-support-center', office: 'gangwon-regional-sme-office' },
  '43': { center: 'chungbuk-crisis-support-center', office: 'chungbuk-regional-sme-office' },
  '44': { center: 'chungnam-crisis-support-center', office: 'chungnam-regional-sme-office' },
  '52': { center: 'jeonbuk-crisis-support-center', office: 'jeonbuk-regional-sme-office' },
  '46': { center: 'jeonnam-crisis-support-center', office: 'gwangju-jeonnam-regional-sme-office' },
  '47': { center: 'gyeongbuk-crisis-support-center', office: 'daegu-gyeongbuk-regional-sme-office' },
  '48': { center: 'gyeongnam-crisis-support-center', office: 'gyeongnam-regional-sme-office' },
  '50': { center: null, office: null },
};
const CENTERS_OF_2022: RegionCode[] = ['26', '27', '46', '47', '51'];

describe('routing agrees with the relay seed, for every region and both years', () => {
  it('derives agency ids from slugs exactly as the relay seed does', () => {
    for (const [slug, agencyId] of Object.entries(RELAY_SEED_IDS))
      expect(agencyIdOfSlug(slug)).toBe(agencyId);
  });

  it.each(REGION_CODES.filter((r) => r !== '50').flatMap((r) => [[r, 2022] as const, [r, 2023] as const]))(
    'region %s in %i',
    (region, year) => {
      const seed = RELAY_SEED_BY_REGION[region];
      const hasCenter = seed.center !== null && (year === 2023 || CENTERS_OF_2022.includes(region));
      const slug = hasCenter ? seed.center! : seed.office!;
      const routing = routingFor(region, `${year}-06-30T10:00:00+09:00`);
      expect(routing).toEqual({
        agencyId: RELAY_SEED_IDS[slug],
        reason: hasCenter ? 'center' : 'regional-office-fallback',
        slug,
      });
    },
  );

  it('covers exactly the regions where the relay seeds a center (none left out, none invented)', () => {
    const routedToCenters = REGION_CODES.filter(
      (r) => routeWarning(r, '2023-06-30').kind === 'crisis-support-center',
    );
    const seededCenters = REGION_CODES.filter((r) => RELAY_SEED_BY_REGION[r].center !== null);
    expect(routedToCenters.sort()).toEqual(seededCenters.sort());
  });

  it('escalates to the same regional office the relay uses', () => {
    for (const region of REGION_CODES) {
      const office = RELAY_SEED_BY_REGION[region].office;
      expect(regionalOfficeAgencyIdFor(region)).toBe(office === null ? undefined : RELAY_SEED_IDS[office]);
    }
  });
});

describe('routingFor', () => {
  it('refuses 제주 without a configured fallback (warning-unroutable)', () => {
    expect(() => routingFor('50', '2026-01-01T00:00:00Z')).toThrow(WarningUnroutable);
    expect(() => routingFor('50', '2026-01-01T00:00:00Z')).toThrow(
      expect.objectContaining({ code: 'warning-unroutable' }),
    );
  });

  it('sends 제주 to the configured fallback agency', () => {
    expect(routingFor('50', '2026-01-01T00:00:00Z', { fallbackAgencyId: 'agency-jeju' })).toEqual({
      agencyId: 'agency-jeju',
      reason: 'configured-fallback',
      slug: null,
    });
  });

  it('reads the coverage history it is given (a later opening changes routing, not code)', () => {
    const coverage = withCoverageChange(SEEDED_CRISIS_COVERAGE, {
      type: 'crisis-support-center-opened',
      region: '36',
      slug: 'sejong-crisis-support-center',
      on: '2027-01-01',
      source: { refs: ['test'] },
      confidence: 'unverified',
      dateConfidence: 'unverified',
    });
    expect(routingFor('36', '2027-01-02T00:00:00+09:00', { coverage })).toEqual({
      agencyId: agencyIdOfSlug('sejong-crisis-support-center'),
      reason: 'center',
      slug: 'sejong-crisis-support-center',
    });
    expect(routingFor('36', '2027-01-02T00:00:00+09:00').reason).toBe('regional-office-fallback');
  });
});
