import {
  NON_CAPITAL_REGION_CODES,
  REGION_CODES,
  REGIONS,
  UnknownRegionCodeError,
  isRegionCode,
  regionOf,
  resolveRegionCode,
  type RegionCode,
} from './regions';

// REFDATA §2, row by row: code, official name, short name, capital area.
const REFDATA_TABLE: [RegionCode, string, string, boolean][] = [
  ['11', '서울특별시', '서울', true],
  ['26', '부산광역시', '부산', false],
  ['27', '대구광역시', '대구', false],
  ['28', '인천광역시', '인천', true],
  ['29', '광주광역시', '광주', false],
  ['30', '대전광역시', '대전', false],
  ['31', '울산광역시', '울산', false],
  ['36', '세종특별자치시', '세종', false],
  ['41', '경기도', '경기', true],
  ['51', '강원특별자치도', '강원', false],
  ['43', '충청북도', '충북', false],
  ['44', '충청남도', '충남', false],
  ['52', '전북특별자치도', '전북', false],
  ['46', '전라남도', '전남', false],
  ['47', '경상북도', '경북', false],
  ['48', '경상남도', '경남', false],
  ['50', '제주특별자치도', '제주', false],
];

describe('regions', () => {
  it('are the 17 시·도 of REFDATA §2 with their official and short names', () => {
    expect(REGIONS.map((r) => [r.code, r.nameKo, r.shortKo, r.capitalArea])).toEqual(REFDATA_TABLE);
    expect(REGION_CODES).toEqual(REFDATA_TABLE.map(([code]) => code));
    expect(new Set(REGIONS.map((r) => r.nameEn)).size).toBe(17);
  });

  it('use the current English names of the special self-governing provinces', () => {
    expect(regionOf('51').nameEn).toBe('Gangwon State');
    expect(regionOf('52').nameEn).toBe('Jeonbuk State');
    expect(regionOf('50').nameEn).toBe('Jeju Special Self-Governing Province');
    expect(regionOf('36').nameEn).toBe('Sejong Special Self-Governing City');
    expect(regionOf('41').nameEn).toBe('Gyeonggi-do');
    expect(regionOf('26').nameEn).toBe('Busan');
  });

  it('the capital area is 서울, 인천 and 경기; the other 14 are non-capital', () => {
    expect(REGIONS.filter((r) => r.capitalArea).map((r) => r.shortKo)).toEqual(['서울', '인천', '경기']);
    expect(NON_CAPITAL_REGION_CODES).toHaveLength(14);
    expect(NON_CAPITAL_REGION_CODES).not.toEqual(expect.arrayContaining(['11']));
    expect(NON_CAPITAL_REGION_CODES.every((c) => !regionOf(c).capitalArea)).toBe(true);
  });

  it('keep 42 and 45 as legacy codes with the day they were replaced', () => {
    expect(regionOf('51').legacyCodes).toEqual([{ code: '42', nameKo: '강원도', replacedOn: '2023-06-11' }]);
    expect(regionOf('52').legacyCodes).toEqual([
      { code: '45', nameKo: '전라북도', replacedOn: '2024-01-18' },
    ]);
    expect(REGIONS.filter((r) => r.legacyCodes.length > 0).map((r) => r.code)).toEqual(['51', '52']);
  });

  it('each carry their source and confidence', () => {
    for (const r of REGIONS) {
      expect(r.source.refs).toEqual(['REFDATA §2']);
      expect(r.confidence).toBe('verified');
    }
  });

  describe('isRegionCode', () => {
    it('accepts current codes only', () => {
      expect(REGION_CODES.every(isRegionCode)).toBe(true);
      for (const other of ['42', '45', '00', '1', '110', ' 11', 11, null, undefined]) {
        expect(isRegionCode(other)).toBe(false);
      }
    });
  });

  describe('resolveRegionCode', () => {
    it.each([
      ['26', '26'],
      ['42', '51'],
      ['45', '52'],
      ['51', '51'],
      ['부산', '26'],
      ['부산광역시', '26'],
      ['강원도', '51'],
      ['전라북도', '52'],
      ['전북특별자치도', '52'],
      [' 세종 ', '36'],
    ])('%s → %s', (input, expected) => {
      expect(resolveRegionCode(input)).toBe(expected);
    });

    it('returns undefined for anything else', () => {
      for (const input of ['', '99', '40', 'Busan', '부산시', '강원특별자치']) {
        expect(resolveRegionCode(input)).toBeUndefined();
      }
    });

    it('resolves every region by its code, official name and short name', () => {
      for (const r of REGIONS) {
        expect([r.code, r.nameKo, r.shortKo].map(resolveRegionCode)).toEqual([r.code, r.code, r.code]);
      }
    });
  });

  describe('regionOf', () => {
    it('throws a typed error for a code that is not current', () => {
      expect(() => regionOf('42' as RegionCode)).toThrow(UnknownRegionCodeError);
      expect(() => regionOf('42' as RegionCode)).toThrow('"42"');
    });
  });
});
