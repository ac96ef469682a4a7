import {
  CATALOGUE_COVERAGE,
  INDUSTRY_CATALOGUE_SEED,
  industryBelongsToRegion,
  type IndustryEntry,
  type IndustryKind,
} from './industries';
import { NON_CAPITAL_REGION_CODES, REGIONS, resolveRegionCode, type RegionCode } from './regions';

const code = (shortKo: string): RegionCode => resolveRegionCode(shortKo)!;
const ofKind = (kind: IndustryKind) => INDUSTRY_CATALOGUE_SEED.filter((e) => e.kind === kind);
const names = (entries: readonly IndustryEntry[]) => entries.map((e) => e.nameKo);

// REFDATA §1a, row by row: 시·도, single-region new industry, cooperative new industry.
const FUTURE_TABLE: [string, string, string | undefined][] = [
  ['부산', '전력반도체', '수소 저장·운송'],
  ['대구', '고난도 자율조작', '차세대 고성능 센서'],
  ['광주', '산업활용·혁신AI', '반도체 첨단패키징'],
  ['대전', '5G·6G 위성통신', '유전자·세포치료'],
  ['울산', '전기·수소차', '수소 저장·운송'],
  ['세종', '데이터·AI·보안', undefined],
  ['강원', '디지털헬스 데이터 분석활용', '차세대 고성능 센서'],
  ['충북', '차세대 이차전지 소재셀', '반도체 첨단패키징'],
  ['충남', '수소연료전지 및 발전', '반도체 첨단패키징'],
  ['전북', '수전해 수소생산', '리튬이온전지 및 핵심소재'],
  ['전남', '도심항공교통(UAM)', '리튬이온전지 및 핵심소재'],
  ['경북', '이차전지 모듈·시스템', '유전자·세포치료'],
  ['경남', '소형모듈형원자로(SMR)', '수소 저장·운송'],
  ['제주', '이차전지 재사용·재활용', '수소 저장·운송'],
];

// REFDATA §1a, the groups as the text states them.
const COOPERATIVE_GROUPS: Record<string, string[]> = {
  '수소 저장·운송': ['부산', '울산', '경남', '제주'],
  '반도체 첨단패키징': ['충남', '충북', '광주'],
  '유전자·세포치료': ['대전', '경북'],
  '차세대 고성능 센서': ['강원', '대구'],
  '리튬이온전지 및 핵심소재': ['전북', '전남'],
};

const ID_PREFIX: Partial<Record<RegionCode, string>> = {
  '26': 'busan',
  '27': 'daegu',
  '29': 'gwangju',
  '30': 'daejeon',
  '31': 'ulsan',
  '36': 'sejong',
  '51': 'gangwon',
  '43': 'chungbuk',
  '44': 'chungnam',
  '52': 'jeonbuk',
  '46': 'jeonnam',
  '47': 'gyeongbuk',
  '48': 'gyeongnam',
  '50': 'jeju',
};
const ID_PREFIXES = [...Object.values(ID_PREFIX), 'seoul', 'incheon', 'gyeonggi'];

describe('industry catalogue seed', () => {
  it('holds the 19 future new industries: 14 single-region and 5 cooperative', () => {
    expect(ofKind('future-single')).toHaveLength(14);
    expect(ofKind('future-cooperative')).toHaveLength(5);
    expect(CATALOGUE_COVERAGE.future).toEqual({ total: 19, sourced: 19 });
  });

  it('gives each of the 14 non-capital regions one single-region new industry, as REFDATA §1a lists', () => {
    const actual = ofKind('future-single').map((e) => [e.regionCodes, e.nameKo]);
    expect(actual).toEqual(FUTURE_TABLE.map(([region, single]) => [[code(region)], single]));
    expect(new Set(ofKind('future-single').map((e) => e.regionCodes[0])).size).toBe(14);
  });

  it('has exactly the cooperative groups of REFDATA §1a', () => {
    const actual = Object.fromEntries(ofKind('future-cooperative').map((e) => [e.nameKo, e.regionCodes]));
    expect(actual).toEqual(
      Object.fromEntries(Object.entries(COOPERATIVE_GROUPS).map(([name, rs]) => [name, rs.map(code)])),
    );
  });

  it('cooperative groups agree with the per-region column of the table', () => {
    for (const [region, , cooperative] of FUTURE_TABLE) {
      const joined = ofKind('future-cooperative').filter((e) => industryBelongsToRegion(e, code(region)));
      expect(names(joined)).toEqual(cooperative ? [cooperative] : []);
    }
  });

  it('holds only the sourced core industries, with their confidence', () => {
    const byRegion = (region: string) =>
      ofKind('core')
        .filter((e) => industryBelongsToRegion(e, code(region)))
        .map((e) => [e.nameKo, e.confidence]);
    expect(byRegion('부산')).toEqual([
      ['초정밀소재부품', 'verified'],
      ['저온고압에너지저장공급시스템', 'verified'],
      ['실버케어테크', 'verified'],
    ]);
    expect(byRegion('충남')).toEqual([
      ['차세대 디스플레이', 'verified'],
      ['탄소저감 자동차부품', 'verified'],
      ['고기능성 그린바이오', 'verified'],
    ]);
    expect(byRegion('대구')).toEqual([
      ['전기·자율 모빌리티부품', 'single-source'],
      ['기계요소 소재부품', 'single-source'],
      ['디지털 의료기기', 'single-source'],
    ]);
    expect(byRegion('강원')).toEqual([
      ['천연물 바이오소재', 'single-source'],
      ['세라믹 (신)소재', 'single-source'],
    ]);
    expect(byRegion('경남')).toEqual([['항노화메디컬', 'single-source']]);
    expect(byRegion('울산')).toEqual([]);
    expect(ofKind('core')).toHaveLength(12);
  });

  it('ids are unique lowercase ascii slugs', () => {
    const ids = INDUSTRY_CATALOGUE_SEED.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('ids start with their region, except cooperative ones which start with no region', () => {
    for (const e of INDUSTRY_CATALOGUE_SEED) {
      const prefix = ID_PREFIXES.find((p) => e.id.startsWith(`${p}-`));
      const expected = e.kind === 'future-cooperative' ? undefined : ID_PREFIX[e.regionCodes[0]];
      expect([e.id, prefix]).toEqual([e.id, expected]);
    }
  });

  it('every entry has a source, a confidence and the reorganization date', () => {
    for (const e of INDUSTRY_CATALOGUE_SEED) {
      expect(e.source.refs.length).toBeGreaterThan(0);
      for (const ref of e.source.refs) expect(ref).toMatch(/^S\d+$/);
      expect(['verified', 'single-source', 'unverified']).toContain(e.confidence);
      expect(e.validFrom).toBe('2023-02-27');
      expect(e.nameEn).not.toBe('');
    }
  });

  it('future industries are verified as a list but flag their spelling as unchecked', () => {
    for (const e of [...ofKind('future-single'), ...ofKind('future-cooperative')]) {
      expect(e.confidence).toBe('verified');
      expect(e.source.refs).toEqual(['S3']);
      expect(e.source.note).toMatch(/unchecked \(⚠\) against the MSS release attachment/);
    }
  });

  it('single-source core entries say why', () => {
    for (const e of ofKind('core').filter((i) => i.confidence !== 'verified')) {
      expect(e.source.note).toBeTruthy();
    }
  });

  it('no capital-area region appears', () => {
    for (const e of INDUSTRY_CATALOGUE_SEED) {
      for (const r of e.regionCodes) expect(NON_CAPITAL_REGION_CODES).toContain(r);
    }
  });

  it('coverage lists exactly the non-capital regions without a sourced core industry', () => {
    const withCore = new Set(ofKind('core').flatMap((e) => e.regionCodes));
    const without = NON_CAPITAL_REGION_CODES.filter((r) => !withCore.has(r));
    expect([...CATALOGUE_COVERAGE.core.regionsWithoutSourcedEntries].sort()).toEqual([...without].sort());
    expect(
      CATALOGUE_COVERAGE.core.regionsWithoutSourcedEntries.map(
        (c) => REGIONS.find((r) => r.code === c)!.shortKo,
      ),
    ).toEqual(['광주', '대전', '세종', '충북', '전북', '전남', '경북', '제주', '울산']);
    expect(CATALOGUE_COVERAGE.core).toMatchObject({ total: 41, sourced: 12 });
    for (const r of CATALOGUE_COVERAGE.core.regionsKnownIncomplete) expect(withCore.has(r)).toBe(true);
  });
});

describe('industryBelongsToRegion', () => {
  const hydrogen = INDUSTRY_CATALOGUE_SEED.find((e) => e.id === 'hydrogen-storage-transport')!;
  const powerSemis = INDUSTRY_CATALOGUE_SEED.find((e) => e.id === 'busan-power-semiconductors')!;

  it('is true for every cooperating region of a cooperative industry and no other', () => {
    const members = REGIONS.filter((r) => industryBelongsToRegion(hydrogen, r.code)).map((r) => r.shortKo);
    expect(members).toEqual(['부산', '울산', '경남', '제주']);
  });

  it('is true only for its own region for a single-region industry', () => {
    expect(industryBelongsToRegion(powerSemis, '26')).toBe(true);
    expect(industryBelongsToRegion(powerSemis, '31')).toBe(false);
  });
});
