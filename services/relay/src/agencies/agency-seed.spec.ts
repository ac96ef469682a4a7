import { deterministicUuid, fold } from '@baton/eventsourcing';
import {
  NON_CAPITAL_REGION_CODES,
  REGION_CODES,
  type AgencyType,
  type RegionCode,
} from '@baton/reference-data';
import {
  AGENCY_SEED,
  PLACEHOLDER_CAPACITY,
  agencySeedId,
  crisisCenterFor,
  regionalSmeOfficeFor,
  registrationOf,
  type AgencySeedEntry,
} from './agency-seed';
import { agencyDecider } from './agency.decider';
import { LIFE_CYCLE_PHASES } from './agency.events';

const ofType = (type: AgencyType): AgencySeedEntry[] => AGENCY_SEED.filter((a) => a.type === type);
const bySlug = (slug: string): AgencySeedEntry => {
  const found = AGENCY_SEED.find((a) => a.slug === slug);
  if (!found) throw new Error(`No seed agency ${slug}`);
  return found;
};
const regionsOf = (entries: readonly AgencySeedEntry[]): RegionCode[] =>
  entries.flatMap((e) => e.regionsServed).sort();

describe('AGENCY_SEED counts match REFDATA §3', () => {
  it.each<[AgencyType, number]>([
    ['regional-sme-office', 13],
    ['technopark', 19],
    ['creative-economy-innovation-center', 18],
    ['crisis-support-center', 12],
    ['structural-innovation-support-center', 10],
  ])('%s: %i', (type, count) => {
    expect(ofType(type)).toHaveLength(count);
  });

  it('holds nothing else', () => {
    expect(AGENCY_SEED).toHaveLength(13 + 19 + 18 + 12 + 10);
  });
});

describe('identity', () => {
  it('gives every entry a unique slug and a unique agencyId', () => {
    expect(new Set(AGENCY_SEED.map((a) => a.slug)).size).toBe(AGENCY_SEED.length);
    expect(new Set(AGENCY_SEED.map((a) => a.agencyId)).size).toBe(AGENCY_SEED.length);
  });

  it('derives the agencyId from the slug as a UUID v8', () => {
    for (const a of AGENCY_SEED) {
      expect(a.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(a.slug.endsWith(`-${a.type}`)).toBe(true);
      expect(a.agencyId).toBe(agencySeedId(a.slug));
      expect(a.agencyId).toBe(deterministicUuid(`agency-seed:${a.slug}`));
      expect(a.agencyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('keeps ids stable across releases (these values are stored in streams: never change them)', () => {
    expect(bySlug('daegu-technopark').agencyId).toBe('f7cc27da-07d6-84a1-93df-284f51af0d95');
    expect(bySlug('daegu-gyeongbuk-regional-sme-office').agencyId).toBe(
      'be46d0ee-889b-89e6-b39f-9ac5c8608390',
    );
  });
});

describe('sources', () => {
  it('gives every entry REFDATA source ids and a confidence', () => {
    for (const a of AGENCY_SEED) {
      expect(a.source.refs.length).toBeGreaterThan(0);
      for (const ref of a.source.refs) expect(ref).toMatch(/^S\d+$/);
      expect(['verified', 'single-source', 'unverified']).toContain(a.confidence);
    }
  });

  it('marks confidence as REFDATA does', () => {
    const confidences = (type: AgencyType) => [...new Set(ofType(type).map((a) => a.confidence))];
    expect(confidences('regional-sme-office')).toEqual(['unverified']);
    expect(confidences('technopark')).toEqual(['verified']);
    expect(confidences('creative-economy-innovation-center')).toEqual(['unverified']);
    expect(confidences('crisis-support-center')).toEqual(['verified']);
    expect(confidences('structural-innovation-support-center')).toEqual(['single-source']);
  });

  it('marks phases and capacity as modelling assumptions, capacity as a placeholder', () => {
    for (const a of AGENCY_SEED) {
      expect(a.source.note).toMatch(/Modelling assumptions, not sourced: phasesSupported/);
      expect(a.source.note).toMatch(/placeholder/);
      expect(a.capacity).toBe(PLACEHOLDER_CAPACITY);
    }
  });
});

describe('regional SME offices (지방중소벤처기업청)', () => {
  it('serve every region except 제주, each exactly once', () => {
    const served = regionsOf(ofType('regional-sme-office'));
    expect(served).toEqual(REGION_CODES.filter((r) => r !== '50').sort());
  });

  it.each<[string, RegionCode[]]>([
    ['daegu-gyeongbuk', ['27', '47']],
    ['gwangju-jeonnam', ['29', '46']],
    ['daejeon-sejong', ['30', '36']],
  ])('%s serves two 시·도', (place, regions) => {
    expect(bySlug(`${place}-regional-sme-office`).regionsServed).toEqual(regions);
  });

  it('are the escalation target of a region', () => {
    expect(regionalSmeOfficeFor('47')?.nameKo).toBe('대구경북지방중소벤처기업청');
    expect(regionalSmeOfficeFor('36')?.nameKo).toBe('대전세종지방중소벤처기업청');
    expect(regionalSmeOfficeFor('26')?.nameKo).toBe('부산지방중소벤처기업청');
    for (const region of REGION_CODES.filter((r) => r !== '50'))
      expect(regionalSmeOfficeFor(region)?.regionsServed).toContain(region);
  });

  it('leave 제주 without an office: its escalation needs a configured fallback', () => {
    expect(regionalSmeOfficeFor('50')).toBeUndefined();
  });
});

describe('technoparks (테크노파크)', () => {
  it('exist in every non-capital region', () => {
    const served = new Set(regionsOf(ofType('technopark')));
    for (const region of NON_CAPITAL_REGION_CODES) expect(served.has(region)).toBe(true);
  });

  it('are two in 경북 (경북, 포항) and two in 경기 (경기, 경기대진), one elsewhere', () => {
    const tps = ofType('technopark');
    const inRegion = (r: RegionCode) => tps.filter((t) => t.regionsServed.includes(r)).map((t) => t.nameKo);
    expect(inRegion('47')).toEqual(['경북테크노파크', '포항테크노파크']);
    expect(inRegion('41')).toEqual(['경기테크노파크', '경기대진테크노파크']);
    for (const region of REGION_CODES.filter((r) => r !== '47' && r !== '41'))
      expect(inRegion(region)).toHaveLength(1);
  });
});

describe('creative economy innovation centers (창조경제혁신센터)', () => {
  it('are one per 시·도 plus 포항', () => {
    const centers = ofType('creative-economy-innovation-center');
    expect(regionsOf(centers)).toEqual([...REGION_CODES, '47'].sort());
    expect(bySlug('pohang-creative-economy-innovation-center').source.refs).toEqual(['S33']);
  });
});

describe('crisis support centers (위기지원센터)', () => {
  it('cover the 12 non-capital 시·도 other than 세종 and 제주', () => {
    expect(regionsOf(ofType('crisis-support-center'))).toEqual(
      NON_CAPITAL_REGION_CODES.filter((r) => r !== '36' && r !== '50').sort(),
    );
  });

  it('name the five of 2022 as such', () => {
    const of2022 = ofType('crisis-support-center').filter((c) => /5 centers of 2022/.test(c.source.note!));
    expect(regionsOf(of2022)).toEqual(['26', '27', '46', '47', '51']);
  });

  it('are housed in a seeded technopark of their region', () => {
    for (const center of ofType('crisis-support-center')) {
      const host = bySlug(center.housedIn!);
      expect(host.type).toBe('technopark');
      expect(host.regionsServed).toEqual(center.regionsServed);
    }
    expect(crisisCenterFor('47')?.housedIn).toBe('gyeongbuk-technopark');
  });

  it('are found by region, and absent from the capital area, 세종 and 제주', () => {
    expect(crisisCenterFor('27')?.nameKo).toBe('대구 지역중소기업 위기지원센터');
    for (const region of ['11', '28', '41', '36', '50'] as RegionCode[])
      expect(crisisCenterFor(region)).toBeUndefined();
  });
});

describe('structural innovation support centers (구조혁신지원센터)', () => {
  it('are the ten of REFDATA, 수원 first', () => {
    const centers = ofType('structural-innovation-support-center');
    expect(centers.map((c) => c.slug.replace('-structural-innovation-support-center', ''))).toEqual([
      'suwon',
      'seoul',
      'incheon',
      'goyang',
      'daejeon',
      'gwangju',
      'jeonju',
      'daegu',
      'busan',
      'changwon',
    ]);
    expect(centers.map((c) => c.regionsServed[0])).toEqual([
      '41',
      '11',
      '28',
      '41',
      '30',
      '29',
      '52',
      '27',
      '26',
      '48',
    ]);
  });
});

describe('phases supported (a modelling assumption)', () => {
  it.each<[AgencyType, readonly string[]]>([
    ['technopark', LIFE_CYCLE_PHASES],
    ['regional-sme-office', LIFE_CYCLE_PHASES],
    [
      'creative-economy-innovation-center',
      ['task-planning', 'technology-development', 'commercialisation', 'investment-ipo'],
    ],
    ['crisis-support-center', []],
    ['structural-innovation-support-center', []],
  ])('%s: %j', (type, phases) => {
    for (const a of ofType(type)) expect(a.phasesSupported).toEqual(phases);
  });
});

describe('seeding through the decider', () => {
  it.each(AGENCY_SEED.map((a) => [a.slug, a] as const))('registers %s', (_, seed) => {
    const events = agencyDecider.decide(
      { type: 'RegisterAgency', data: registrationOf(seed), metadata: { now: '2026-03-02T00:00:00.000Z' } },
      agencyDecider.initialState(),
    );
    expect(events).toEqual([
      {
        type: 'AgencyRegistered',
        data: { ...registrationOf(seed), registeredAt: '2026-03-02T00:00:00.000Z' },
      },
    ]);
    expect(fold(agencyDecider, events)).toMatchObject({ status: 'active', agencyId: seed.agencyId });
  });
});
