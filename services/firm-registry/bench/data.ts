// The bench's firms: valid 사업자등록번호 (brnFrom, check digit computed), Korean names with enough variety
// for the name search to mean something, spread over the 14 single-region 미래 신산업 of the catalogue
// seed (so a region filter selects about 1/14 of the firms), as RegisterFirm bodies and as import CSV.
import { IMPORT_COLUMNS } from '../src/firms/import-firms/firm-imports';
import { FIRM_SIZES } from '../src/firms/firm.events';
import { brnFrom, ACTORS } from '../src/testing/firm-registry.harness';

/** The actor every bench request names (a 대구테크노파크 staff member: may register and import firms). */
export const ACTOR_HEADERS: Record<string, string> = { ...ACTORS.daeguTechnopark };

/** [regionCode, industryId]: the single-region 미래 신산업 of the seed, 대구 first. */
export const REGION_INDUSTRIES: readonly (readonly [string, string])[] = [
  ['27', 'daegu-advanced-autonomous-manipulation'],
  ['26', 'busan-power-semiconductors'],
  ['29', 'gwangju-industrial-innovative-ai'],
  ['30', 'daejeon-5g-6g-satellite-communications'],
  ['31', 'ulsan-electric-hydrogen-vehicles'],
  ['36', 'sejong-data-ai-security'],
  ['51', 'gangwon-digital-health-data-analytics'],
  ['43', 'chungbuk-next-generation-battery-materials-cells'],
  ['44', 'chungnam-hydrogen-fuel-cells-power-generation'],
  ['52', 'jeonbuk-water-electrolysis-hydrogen'],
  ['46', 'jeonnam-urban-air-mobility'],
  ['47', 'gyeongbuk-battery-modules-systems'],
  ['48', 'gyeongnam-small-modular-reactors'],
  ['50', 'jeju-battery-reuse-recycling'],
];

const SYLLABLES = [...'한빛대성우진영동신세광명태현미래정보금강은하나라온누리해솔별길새봄참푸른다움가람'];
const SUFFIXES = [
  '정밀',
  '테크',
  '바이오',
  '산업',
  '전자',
  '소재',
  '로보틱스',
  '에너지',
  '시스템',
  '메디칼',
  '모빌리티',
  '화학',
];
const FORMS = ['주식회사 ', '(주)', '', '주식회사 '];
const SURNAMES = [...'김이박최정강조윤장임한오서신권황안송류홍'];

/** A small deterministic generator (mulberry32): the same firm i gets the same data in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export interface BenchFirm {
  readonly businessRegistrationNumber: string;
  readonly name: string;
  readonly representativeName: string;
  readonly representativeEmail: string;
  readonly representativePhone: string;
  readonly regionCode: string;
  readonly industryId: string;
  readonly ksicCode: string;
  readonly foundedOn: string;
  readonly size: string;
}

/**
 * Firm number `i` of a series: series 0 is the import, series 1.. are the HTTP commands. The 9-digit stem
 * is a tax office code (100 + series·100 + i / 10,000), type 81 (법인 본점) and a 4-digit serial, so every
 * (series, i) has its own number.
 */
export function benchFirm(series: number, i: number): BenchFirm {
  const r = random(series * 1_000_003 + i);
  const office = 100 + series * 100 + Math.floor(i / 10_000);
  if (office > 999) throw new Error(`firm ${i} of series ${series}: out of 사업자등록번호 stems`);
  const brn = brnFrom(office * 1_000_000 + 81 * 10_000 + (i % 10_000));
  const name = `${pick(r, FORMS)}${pick(r, SYLLABLES)}${pick(r, SYLLABLES)}${r() < 0.3 ? pick(r, SYLLABLES) : ''}${pick(r, SUFFIXES)}`;
  const [regionCode, industryId] = REGION_INDUSTRIES[i % REGION_INDUSTRIES.length];
  const year = 1985 + Math.floor(r() * 40);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  return {
    // Half of them written with hyphens, as people type them.
    businessRegistrationNumber: i % 2 ? `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}` : brn,
    name,
    representativeName: `${pick(r, SURNAMES)}${pick(r, SYLLABLES)}${pick(r, SYLLABLES)}`,
    representativeEmail: `ceo${series}x${i}@firm.example`,
    representativePhone: `0${50 + Math.floor(r() * 20)}-${100 + Math.floor(r() * 900)}-${1000 + Math.floor(r() * 9000)}`,
    regionCode,
    industryId,
    ksicCode: `C${10 + Math.floor(r() * 25)}${Math.floor(r() * 900 + 100)}`,
    foundedOn: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    size: FIRM_SIZES[Math.floor(r() * FIRM_SIZES.length)],
  };
}

/** POST /firms body (RegisterFirmDto) of a firm. */
export function registrationBody(f: BenchFirm): string {
  return JSON.stringify({
    businessRegistrationNumber: f.businessRegistrationNumber,
    name: f.name,
    representative: {
      name: f.representativeName,
      email: f.representativeEmail,
      phone: f.representativePhone,
    },
    regionCode: f.regionCode,
    industryId: f.industryId,
    ksicCode: f.ksicCode,
    foundedOn: f.foundedOn,
    size: f.size,
  });
}

/** The import file: a header row of every IMPORT_COLUMNS column and `rows` firms of series 0. */
export function importCsv(rows: number): Buffer {
  const lines: string[] = [IMPORT_COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const f = benchFirm(0, i);
    lines.push(IMPORT_COLUMNS.map((c) => csvField(f[c])).join(','));
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
