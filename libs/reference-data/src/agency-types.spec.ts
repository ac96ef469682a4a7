import { AGENCY_TYPES, isAgencyType } from './agency-types';

describe('agency types', () => {
  it('are the nine kinds of support organization, with their Korean names', () => {
    expect(AGENCY_TYPES.map((a) => [a.type, a.nameKo])).toEqual([
      ['technopark', '테크노파크'],
      ['creative-economy-innovation-center', '창조경제혁신센터'],
      ['regional-sme-office', '지방중소벤처기업청'],
      ['local-government', '지방자치단체'],
      ['crisis-support-center', '위기지원센터'],
      ['structural-innovation-support-center', '구조혁신지원센터'],
      ['university', '대학'],
      ['public-financial-institution', '공공금융기관'],
      ['other', '기타'],
    ]);
  });

  it('each have a distinct English name', () => {
    const names = AGENCY_TYPES.map((a) => a.nameEn);
    expect(names.every((n) => n.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('isAgencyType accepts exactly the listed types', () => {
    expect(AGENCY_TYPES.every((a) => isAgencyType(a.type))).toBe(true);
    for (const other of ['Technopark', '테크노파크', 'toString', 'constructor', '', 1, undefined]) {
      expect(isAgencyType(other)).toBe(false);
    }
  });
});
