/** The kind of organization that can hold the baton for a firm (지원기관 유형). */
export type AgencyType =
  | 'technopark'
  | 'creative-economy-innovation-center'
  | 'regional-sme-office'
  | 'local-government'
  | 'crisis-support-center'
  | 'structural-innovation-support-center'
  | 'university'
  | 'public-financial-institution'
  | 'other';

export interface AgencyTypeInfo {
  readonly type: AgencyType;
  readonly nameKo: string;
  readonly nameEn: string;
}

// A record keyed on the union, so that the compiler rejects a type without names.
const NAMES: { readonly [T in AgencyType]: Omit<AgencyTypeInfo, 'type'> } = {
  technopark: { nameKo: '테크노파크', nameEn: 'Technopark' },
  'creative-economy-innovation-center': {
    nameKo: '창조경제혁신센터',
    nameEn: 'Creative Economy Innovation Center',
  },
  'regional-sme-office': { nameKo: '지방중소벤처기업청', nameEn: 'Regional SME and Startup Office' },
  'local-government': { nameKo: '지방자치단체', nameEn: 'Local government' },
  'crisis-support-center': { nameKo: '위기지원센터', nameEn: 'Regional SME Crisis Support Center' },
  'structural-innovation-support-center': {
    nameKo: '구조혁신지원센터',
    nameEn: 'SME Structural Innovation Support Center',
  },
  university: { nameKo: '대학', nameEn: 'University' },
  'public-financial-institution': { nameKo: '공공금융기관', nameEn: 'Public financial institution' },
  other: { nameKo: '기타', nameEn: 'Other' },
};

export const AGENCY_TYPES: readonly AgencyTypeInfo[] = (Object.keys(NAMES) as AgencyType[]).map((type) => ({
  type,
  ...NAMES[type],
}));

export const isAgencyType = (value: unknown): value is AgencyType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(NAMES, value);
