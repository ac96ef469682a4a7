import {
  agencyIdOfSlug,
  type AgencyType,
  type Confidence,
  type RegionCode,
  type SourceRef,
} from '@baton/reference-data';
import type { RegisterAgency } from './agency.decider';
import { LIFE_CYCLE_PHASES, type LifeCyclePhase } from './agency.events';

/** One support organisation (지원기관) of the seeded agency directory. */
export interface AgencySeedEntry {
  /** Derived from the slug (UUID v8): the same slug gives the same agency in every environment. */
  readonly agencyId: string;
  /** Stable lowercase ascii name, `<place>-<type>`. Never renamed. */
  readonly slug: string;
  readonly type: AgencyType;
  readonly nameKo: string;
  readonly nameEn: string;
  readonly regionsServed: readonly RegionCode[];
  /** A modelling assumption per agency type (PHASE_ASSUMPTIONS), not sourced. */
  readonly phasesSupported: readonly LifeCyclePhase[];
  /** PLACEHOLDER_CAPACITY: no source gives a caseload; set the real value with ChangeCapacity. */
  readonly capacity: number;
  /** Slug of the agency that houses this one (위기지원센터 are housed in the local technopark). */
  readonly housedIn?: string;
  /** REFDATA §3 source ids; the note says what is sourced, what is derived and what is assumed. */
  readonly source: SourceRef;
  readonly confidence: Confidence;
}

/** Open cases an agency holds at once until it says otherwise. A placeholder, not a sourced figure. */
export const PLACEHOLDER_CAPACITY = 50;

/**
 * Which life-cycle phases each seeded agency type supports. No source lists them; they are modelling assumptions
 * from the roles in BRIEF.md, to be confirmed by the agencies themselves (UpdateAgencyProfile).
 */
export const PHASE_ASSUMPTIONS: {
  readonly [T in SeededType]: { readonly phases: readonly LifeCyclePhase[]; readonly why: string };
} = {
  technopark: {
    phases: LIFE_CYCLE_PHASES,
    why:
      'technoparks are the regional innovation agencies and run one-roof support across the whole life cycle ' +
      '(Daegu TP)',
  },
  'creative-economy-innovation-center': {
    phases: ['task-planning', 'technology-development', 'commercialisation', 'investment-ipo'],
    why:
      'start-up and deep-tech support: planning, development, commercialisation and investment, not production ' +
      'or marketing',
  },
  'regional-sme-office': {
    phases: LIFE_CYCLE_PHASES,
    why:
      'the regional office plans regional projects with the local government and coordinates every phase; it is ' +
      'also the escalation point',
  },
  'crisis-support-center': {
    phases: [],
    why: 'crisis prevention and emergency support (위기예방, 긴급지원) run beside the life cycle, not as one of its phases',
  },
  'structural-innovation-support-center': {
    phases: [],
    why:
      'business conversion (사업전환) runs beside the life cycle; whether it should count as task planning or ' +
      'commercialisation of the new business is open',
  },
};

type SeededType =
  | 'technopark'
  | 'creative-economy-innovation-center'
  | 'regional-sme-office'
  | 'crisis-support-center'
  | 'structural-innovation-support-center';

const assumptions = (type: SeededType): string =>
  `Modelling assumptions, not sourced: phasesSupported (${PHASE_ASSUMPTIONS[type].why}); ` +
  `capacity ${PLACEHOLDER_CAPACITY} is a placeholder.`;

const entry = (
  place: string,
  type: SeededType,
  nameKo: string,
  nameEn: string,
  regionsServed: readonly RegionCode[],
  confidence: Confidence,
  refs: readonly string[],
  note: string,
  housedIn?: string,
): AgencySeedEntry => {
  const slug = `${place}-${type}`;
  return {
    agencyId: agencySeedId(slug),
    slug,
    type,
    nameKo,
    nameEn,
    regionsServed,
    phasesSupported: PHASE_ASSUMPTIONS[type].phases,
    capacity: PLACEHOLDER_CAPACITY,
    ...(housedIn && { housedIn }),
    source: { refs, note: `${note} ${assumptions(type)}` },
    confidence,
  };
};

/** The agencyId of a seed slug. The `agency-seed:` prefix keeps it apart from other derived ids. */
/** The agency id of a seed slug (shared with every service through reference data). */
export const agencySeedId = agencyIdOfSlug;

// ── 3a. 지방중소벤처기업청: the derived current set of 13 (⚠) ────────────────────────────────────────────
const OFFICE_NOTE =
  'REFDATA §3a: the current set of 13 is derived from the 2016 list of 11 (S25), 울산 split off 2016-03 (S25), ' +
  '충남 created and 대전·충남 renamed 대전·세종 2020-03-31 (S29), and the "○○지방중소벤처기업청" naming from 2017-07 ' +
  '(S28); it was not read from one official table, and a venturesquare piece speaks of "12개 지방청". Sub-offices ' +
  '(경기북부, 경북북부, 전남동부, 강원영동) are not separate agencies here. No office serves 제주: its functions passed to ' +
  'the province in 2006 (S27).';
const office = (
  place: string,
  short: string,
  placeEn: string,
  regions: readonly RegionCode[],
  refs: readonly string[],
  extra = '',
): AgencySeedEntry =>
  entry(
    place,
    'regional-sme-office',
    `${short}지방중소벤처기업청`,
    `${placeEn} Regional SME and Startup Office`,
    regions,
    'unverified',
    refs,
    `${OFFICE_NOTE}${extra}`,
  );

const REGIONAL_SME_OFFICES: readonly AgencySeedEntry[] = [
  office('seoul', '서울', 'Seoul', ['11'], ['S25', 'S28']),
  office(
    'busan',
    '부산',
    'Busan',
    ['26'],
    ['S25', 'S28'],
    ' The name 부산지방중소벤처기업청 (부산울산 until 울산 split off) is not confirmed.',
  ),
  office('ulsan', '울산', 'Ulsan', ['31'], ['S25', 'S28']),
  office('daegu-gyeongbuk', '대구경북', 'Daegu-Gyeongbuk', ['27', '47'], ['S25', 'S26', 'S28']),
  office('gwangju-jeonnam', '광주전남', 'Gwangju-Jeonnam', ['29', '46'], ['S25', 'S26', 'S28']),
  office('gyeonggi', '경기', 'Gyeonggi', ['41'], ['S25', 'S28']),
  office('incheon', '인천', 'Incheon', ['28'], ['S25', 'S28']),
  office('daejeon-sejong', '대전세종', 'Daejeon-Sejong', ['30', '36'], ['S25', 'S28', 'S29']),
  office('chungnam', '충남', 'Chungnam', ['44'], ['S28', 'S29']),
  office('gangwon', '강원', 'Gangwon', ['51'], ['S25', 'S26', 'S28']),
  office('chungbuk', '충북', 'Chungbuk', ['43'], ['S25', 'S28']),
  office('jeonbuk', '전북', 'Jeonbuk', ['52'], ['S25', 'S28']),
  office('gyeongnam', '경남', 'Gyeongnam', ['48'], ['S25', 'S28']),
];

// ── 3b. 테크노파크: 19 (✅) ──────────────────────────────────────────────────────────────────────────
const technopark = (
  place: string,
  short: string,
  placeEn: string,
  region: RegionCode,
  designated: string,
): AgencySeedEntry =>
  entry(
    place,
    'technopark',
    `${short}테크노파크`,
    `${placeEn} Technopark`,
    [region],
    'verified',
    ['S30', 'S31'],
    `REFDATA §3b: one of the 19 technoparks (S30; S31: 19 members of 한국테크노파크진흥회), designated ${designated}. ` +
      'The name is the short form of the table; the legal name (재단법인 …) was not checked.',
  );

const TECHNOPARKS: readonly AgencySeedEntry[] = [
  technopark('gyeonggi', '경기', 'Gyeonggi', '41', '1997 (pilot, 안산)'),
  technopark('incheon', '인천', 'Incheon', '28', '1997 (pilot, 송도)'),
  technopark('gyeongbuk', '경북', 'Gyeongbuk', '47', '1997 (pilot)'),
  technopark('chungnam', '충남', 'Chungnam', '44', '1997 (pilot)'),
  technopark('gwangju', '광주', 'Gwangju', '29', '1997 (pilot)'),
  technopark('daegu', '대구', 'Daegu', '27', '1997 (pilot)'),
  technopark('busan', '부산', 'Busan', '26', '2000 (private; state-funded from 2003)'),
  technopark('pohang', '포항', 'Pohang', '47', '2000 (private; state-funded from 2003)'),
  technopark('gangwon', '강원', 'Gangwon', '51', '2003'),
  technopark('chungbuk', '충북', 'Chungbuk', '43', '2003'),
  technopark('jeonbuk', '전북', 'Jeonbuk', '52', '2003'),
  technopark('jeonnam', '전남', 'Jeonnam', '46', '2003'),
  technopark('gyeongnam', '경남', 'Gyeongnam', '48', '2004'),
  technopark('ulsan', '울산', 'Ulsan', '31', '2004'),
  technopark('gyeonggi-daejin', '경기대진', 'Gyeonggi Daejin', '41', '2005'),
  technopark('daejeon', '대전', 'Daejeon', '30', '2005'),
  technopark('seoul', '서울', 'Seoul', '11', '2005'),
  technopark('jeju', '제주', 'Jeju', '50', '2010'),
  technopark('sejong', '세종', 'Sejong', '36', '2019'),
];

// ── 3c. 창조경제혁신센터: 17 regional + 포항 = 18 (⚠ "19" not confirmed) ─────────────────────────────────
const CCEI_NOTE =
  'REFDATA §3c (⚠): 17 regional centers, one per 시·도, opened 2014-09 (대구) to 2015-07-22 (인천) (S32), plus the ' +
  'private 포항 center (S33) make 18; a 19th was not found. Names are "<시·도>창조경제혁신센터", not checked one by one.';
const ccei = (place: string, short: string, placeEn: string, region: RegionCode): AgencySeedEntry =>
  entry(
    place,
    'creative-economy-innovation-center',
    `${short}창조경제혁신센터`,
    `${placeEn} Creative Economy Innovation Center`,
    [region],
    'unverified',
    ['S32'],
    CCEI_NOTE,
  );

const CREATIVE_ECONOMY_INNOVATION_CENTERS: readonly AgencySeedEntry[] = [
  ccei('seoul', '서울', 'Seoul', '11'),
  ccei('busan', '부산', 'Busan', '26'),
  ccei('daegu', '대구', 'Daegu', '27'),
  ccei('incheon', '인천', 'Incheon', '28'),
  ccei('gwangju', '광주', 'Gwangju', '29'),
  ccei('daejeon', '대전', 'Daejeon', '30'),
  ccei('ulsan', '울산', 'Ulsan', '31'),
  ccei('sejong', '세종', 'Sejong', '36'),
  ccei('gyeonggi', '경기', 'Gyeonggi', '41'),
  ccei('gangwon', '강원', 'Gangwon', '51'),
  ccei('chungbuk', '충북', 'Chungbuk', '43'),
  ccei('chungnam', '충남', 'Chungnam', '44'),
  ccei('jeonbuk', '전북', 'Jeonbuk', '52'),
  ccei('jeonnam', '전남', 'Jeonnam', '46'),
  ccei('gyeongbuk', '경북', 'Gyeongbuk', '47'),
  ccei('gyeongnam', '경남', 'Gyeongnam', '48'),
  ccei('jeju', '제주', 'Jeju', '50'),
  entry(
    'pohang',
    'creative-economy-innovation-center',
    '포항창조경제혁신센터',
    'Pohang Creative Economy Innovation Center',
    ['47'],
    'unverified',
    ['S33'],
    `${CCEI_NOTE} 포항 is a private "민간자율형" center run with POSCO, opened 2015 (S33 only).`,
  ),
];

// ── 3d. 지역중소기업 위기지원센터: 5 in 2022, 12 from 2023 (✅) ──────────────────────────────────────────
const crisisCenter = (
  place: string,
  short: string,
  placeEn: string,
  region: RegionCode,
  since: 2022 | 2023,
): AgencySeedEntry =>
  entry(
    place,
    'crisis-support-center',
    `${short} 지역중소기업 위기지원센터`,
    `${placeEn} Regional SME Crisis Support Center`,
    [region],
    'verified',
    ['S34', 'S35'],
    (since === 2022
      ? 'REFDATA §3d: one of the 5 centers of 2022 (강원, 대구, 경북, 부산, 전남 TPs).'
      : 'REFDATA §3d: added by the 2023 extension to the 12 non-capital 시·도 other than 세종 and 제주; the region is ' +
        'implied by that rule, not listed by name in the sources.') +
      ` Housed in the local technopark${region === '47' ? ' (경북TP, not 포항TP: the 2022 list says "경북 TP")' : ''}.` +
      ' The official name of each center was not checked. Legal basis: 지역중소기업 육성 및 혁신촉진 등에 관한 법률 (2022-01).',
    `${place}-technopark`,
  );

const CRISIS_SUPPORT_CENTERS: readonly AgencySeedEntry[] = [
  crisisCenter('gangwon', '강원', 'Gangwon', '51', 2022),
  crisisCenter('daegu', '대구', 'Daegu', '27', 2022),
  crisisCenter('gyeongbuk', '경북', 'Gyeongbuk', '47', 2022),
  crisisCenter('busan', '부산', 'Busan', '26', 2022),
  crisisCenter('jeonnam', '전남', 'Jeonnam', '46', 2022),
  crisisCenter('gwangju', '광주', 'Gwangju', '29', 2023),
  crisisCenter('daejeon', '대전', 'Daejeon', '30', 2023),
  crisisCenter('ulsan', '울산', 'Ulsan', '31', 2023),
  crisisCenter('chungbuk', '충북', 'Chungbuk', '43', 2023),
  crisisCenter('chungnam', '충남', 'Chungnam', '44', 2023),
  crisisCenter('jeonbuk', '전북', 'Jeonbuk', '52', 2023),
  crisisCenter('gyeongnam', '경남', 'Gyeongnam', '48', 2023),
];

// ── 3e. 중소벤처기업 구조혁신지원센터: 10 (◐) ──────────────────────────────────────────────────────────
const structuralCenter = (
  place: string,
  city: string,
  cityEn: string,
  region: RegionCode,
  opened: string,
): AgencySeedEntry =>
  entry(
    place,
    'structural-innovation-support-center',
    `${city} 중소벤처기업 구조혁신지원센터`,
    `${cityEn} SME Structural Innovation Support Center`,
    [region],
    'single-source',
    ['S36', 'S37'],
    `REFDATA §3e (◐): ${opened} Run jointly by MSS and the Ministry of Employment and Labor; the operating body ` +
      '(probably KOSME) is not stated. The name is descriptive: the official name of each center was not checked.',
  );

const PLANNED_2022 = 'one of the nine centers planned for 2022 after 수원; its opening was not confirmed.';
const STRUCTURAL_INNOVATION_SUPPORT_CENTERS: readonly AgencySeedEntry[] = [
  structuralCenter('suwon', '수원', 'Suwon', '41', 'the first center, opened 2022-02-16 in 수원 (경기).'),
  structuralCenter('seoul', '서울', 'Seoul', '11', PLANNED_2022),
  structuralCenter('incheon', '인천', 'Incheon', '28', PLANNED_2022),
  structuralCenter('goyang', '고양', 'Goyang', '41', `${PLANNED_2022} It serves 경기북부.`),
  structuralCenter('daejeon', '대전', 'Daejeon', '30', PLANNED_2022),
  structuralCenter('gwangju', '광주', 'Gwangju', '29', PLANNED_2022),
  structuralCenter('jeonju', '전주', 'Jeonju', '52', `${PLANNED_2022} 전주 is in 전북.`),
  structuralCenter('daegu', '대구', 'Daegu', '27', PLANNED_2022),
  structuralCenter('busan', '부산', 'Busan', '26', PLANNED_2022),
  structuralCenter('changwon', '창원', 'Changwon', '48', `${PLANNED_2022} 창원 is in 경남.`),
];

/**
 * The sourced initial content of the agency directory (REFDATA §3): nothing here is invented, and what is derived
 * or assumed says so in its source note. Register each entry with `registrationOf(entry)`.
 */
export const AGENCY_SEED: readonly AgencySeedEntry[] = [
  ...REGIONAL_SME_OFFICES,
  ...TECHNOPARKS,
  ...CREATIVE_ECONOMY_INNOVATION_CENTERS,
  ...CRISIS_SUPPORT_CENTERS,
  ...STRUCTURAL_INNOVATION_SUPPORT_CENTERS,
];

/** The RegisterAgency data of a seed entry. */
export const registrationOf = (seed: AgencySeedEntry): RegisterAgency['data'] => ({
  agencyId: seed.agencyId,
  type: seed.type,
  nameKo: seed.nameKo,
  nameEn: seed.nameEn,
  regionsServed: seed.regionsServed,
  phasesSupported: seed.phasesSupported,
  capacity: seed.capacity,
  source: seed.source,
  confidence: seed.confidence,
});

/**
 * The regional SME office (지방중소벤처기업청) a case in this region escalates to. `undefined` for 제주 (50): its
 * regional office was abolished in 2006 and its functions passed to 제주특별자치도, so escalation there needs a
 * configured fallback (e.g. the province, or a designated office).
 */
export const regionalSmeOfficeFor = (region: RegionCode): AgencySeedEntry | undefined =>
  REGIONAL_SME_OFFICES.find((o) => o.regionsServed.includes(region));

/**
 * The regional SME crisis support center (위기지원센터) of a region. `undefined` for 서울, 인천, 경기 (capital area),
 * 세종 and 제주, which had none as of the 2023 extension.
 */
export const crisisCenterFor = (region: RegionCode): AgencySeedEntry | undefined =>
  CRISIS_SUPPORT_CENTERS.find((c) => c.regionsServed.includes(region));
