// The demo data set of `npm start`, loaded once through the services' HTTP APIs as agencies would enter it:
// firms of the 14 non-capital 시·도 (those with regional key industries) imported as CSV by each region's
// technopark, three years of indicators (some with the drops that raise warnings), growth stages, support
// cases handed on between the region's agencies (이어달리기), a few closures, and some warnings acknowledged by
// the crisis centers and regional offices.
//
// Deterministic: every value comes from a seeded PRNG keyed by what it is for (firm 17's numbers do not change
// when the number of cases does). Re-runnable: every command carries an Idempotency-Key derived from the same
// keys, and the CSV import skips rows it has seen, so a load cut short by Ctrl-C completes on the next start.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: node runs it as is, no build step */
const { createHash, createPrivateKey, createPublicKey, sign } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Bump when the data set changes shape: `npm start` then suggests --reset for a data folder of an older one. */
const DEMO_VERSION = 1;
const SEED = 'baton-demo-1';
const ISSUER = 'baton-dev';
const YEARS = ['2023', '2024', '2025'];
const CONCURRENCY = 16;

// ── deterministic randomness ────────────────────────────────────────────────────────────────────────────

/** mulberry32 seeded from a hash of the key: the same key gives the same stream on every machine. */
function rngFor(...key) {
  let a = createHash('sha256')
    .update(`${SEED}:${key.join(':')}`)
    .digest()
    .readUInt32LE(0);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [value, w] of entries) if ((r -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
    chance: (p) => next() < p,
  };
}

/** Ids of what the demo creates (cases, proposals, plans), the same on every run: UUID layout over SHA-256. */
function uuidFrom(name) {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
const demoId = (...key) => uuidFrom(`${SEED}:${key.join(':')}`);
/** Code-point order: the same on every machine, whatever its locale. */
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A valid 사업자등록번호 from a 9-digit stem: brnFrom of @baton/testing (libs/testing/src/fixtures.ts), repeated
 * here because this script runs as plain JavaScript, without the TypeScript hook.
 */
function brnFrom(stem) {
  const d = String(stem).padStart(9, '0').split('').map(Number);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let s = d.reduce((acc, x, i) => acc + x * w[i], 0);
  s += Math.floor((d[8] * 5) / 10);
  return `${d.join('')}${(10 - (s % 10)) % 10}`;
}

// ── the plan (pure) ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Share of the demo firms per 시·도 (roughly where regional SMEs are; no official figure is implied). Only the 14
 * non-capital 시·도 have regional key industries (지역주력산업) in the catalogue, and a firm is registered with an
 * industry of its region: 서울, 인천 and 경기 get no firms.
 */
const REGION_WEIGHTS = {
  26: 10,
  27: 10,
  29: 6,
  30: 6,
  31: 5,
  36: 2,
  51: 5,
  43: 7,
  44: 9,
  52: 6,
  46: 6,
  47: 10,
  48: 11,
  50: 3,
};
const AREA_CODES = {
  26: '051',
  27: '053',
  29: '062',
  30: '042',
  31: '052',
  36: '044',
  51: '033',
  43: '043',
  44: '041',
  52: '063',
  46: '061',
  47: '054',
  48: '055',
  50: '064',
};
const words = (...lines) => lines.join(' ').split(' ');
const NAME_ROOTS = words(
  '한빛 대영 세림 동진 미래 태성 신우 에이스 그린 서진 우진 하나 선진 대원',
  '금강 한솔 삼원 정우 유니 제일 성원 동아 광명 새한 한울 가온 누리 다온',
  '라온 바름 새롬 아름 이룸 참빛 푸른 한결 해솔 보람 나래 온누리',
);
const NAME_SUFFIXES = words(
  '정밀 테크 바이오 소재 에너지 시스템 로보틱스 전자 화학',
  '메디칼 모빌리티 솔루션 산업 엔지니어링 머티리얼즈 랩스 이노베이션',
);
const NAME_FORMS = [
  ['주식회사 ', ''],
  ['(주)', ''],
  ['', ''],
  ['', '(주)'],
];
const SURNAMES = words('김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍');
const GIVEN = words('민 서 지 현 준 우 영 수 진 하 은 도 윤 재 성 혜 태 경 소 예');
const SIZES = [
  ['micro', 30],
  ['small', 42],
  ['medium', 22],
  ['mid-sized', 6],
];
const PROFILE = {
  micro: { sales: [3e8, 1.5e9], employees: [3, 9] },
  small: { sales: [2e9, 1.2e10], employees: [10, 49] },
  medium: { sales: [1.5e10, 8e10], employees: [50, 299] },
  'mid-sized': { sales: [1e11, 4e11], employees: [300, 900] },
};

/**
 * What makes crisis monitoring warn (RULE_SET_V1): the 2025 report of these firms drops against 2024. Firms
 * of 제주 get none — no crisis center or regional office serves it, so its warnings have nowhere to go.
 */
const CRISIS_RECIPES = [
  ['sales-alert', 3],
  ['sales-pre-alert', 3],
  ['sales-caution', 3],
  ['employee-fall', 2],
  ['debt-ratio', 2],
  ['overdue-days', 2],
  ['interest-coverage', 1],
];

/** Support cases: which agencies hold the baton in turn, and where the relay stands now. */
const CASE_STORIES = [
  ['open', 18],
  ['handed-on', 22],
  ['handed-back', 14],
  ['third-leg-pending', 8],
  ['proposal-pending', 12],
  ['return-pending', 10],
  ['declined', 6],
  ['completed', 6],
  ['withdrawn', 4],
];

function allocate(total, weights) {
  const codes = Object.keys(weights);
  const sum = codes.reduce((s, c) => s + weights[c], 0);
  const exact = codes.map((c) => ({ c, q: (total * weights[c]) / sum }));
  const counts = Object.fromEntries(exact.map(({ c, q }) => [c, Math.max(1, Math.floor(q))]));
  let left = total - Object.values(counts).reduce((s, n) => s + n, 0);
  for (const { c } of [...exact].sort((a, b) => (b.q % 1) - (a.q % 1) || byText(a.c, b.c))) {
    if (left <= 0) break;
    counts[c]++;
    left--;
  }
  return counts;
}

const round = (n, step) => Math.round(n / step) * step;

function indicatorsOf(firm) {
  const r = rngFor('indicators', firm.index);
  const p = PROFILE[firm.size];
  let sales = round(r.between(...p.sales), 1e6);
  let employees = r.int(...p.employees);
  const exportShare = r.chance(0.5) ? r.between(0.05, 0.45) : 0;
  const rdShare = r.between(0.01, 0.08);
  let debtRatio = r.between(40, 170);
  const coverage = r.between(1.8, 12);
  const reports = YEARS.map((period, i) => {
    if (i > 0) {
      sales = round(sales * (1 + r.between(-0.06, 0.22)), 1e6);
      employees += r.int(0, Math.max(1, Math.round(employees * 0.08)));
      debtRatio = Math.max(30, Math.min(190, debtRatio + r.between(-15, 15)));
    }
    return {
      period,
      indicators: {
        sales,
        employees,
        exports: round(sales * exportShare, 1e6),
        rdSpend: round(sales * rdShare, 1e5),
        debtRatio: Math.round(debtRatio * 10) / 10,
        overdueDays: 0,
        interestCoverage: Math.round((coverage + r.between(-0.5, 0.5)) * 10) / 10,
      },
    };
  });
  const [, before, latest] = reports;
  const last = latest.indicators;
  switch (firm.crisis) {
    case 'sales-alert':
      last.sales = round(before.indicators.sales * r.between(0.3, 0.46), 1e6);
      break;
    case 'sales-pre-alert':
      last.sales = round(before.indicators.sales * r.between(0.56, 0.66), 1e6);
      break;
    case 'sales-caution':
      last.sales = round(before.indicators.sales * r.between(0.72, 0.78), 1e6);
      break;
    case 'employee-fall':
      last.employees = Math.floor(before.indicators.employees * r.between(0.55, 0.72));
      break;
    case 'debt-ratio':
      last.debtRatio = Math.round(r.between(320, 460));
      break;
    case 'overdue-days':
      last.overdueDays = r.int(35, 95);
      break;
    case 'interest-coverage':
      last.interestCoverage = Math.round(r.between(0.2, 0.9) * 10) / 10;
      break;
    default:
      break;
  }
  if (firm.crisis?.startsWith('sales')) {
    last.exports = round(last.sales * (last.exports / Math.max(1, sales)), 1e6);
    last.rdSpend = round(last.sales * rdShare, 1e5);
  }
  return reports;
}

/**
 * Everything the demo will contain, from the reference data the services answer with (regions, each region's
 * industry catalogue, the agencies directory). Pure: the same inputs give the same plan.
 */
function planDemo({ firmCount, regions: allRegions, industriesByRegion, agencies }) {
  const regions = allRegions.filter((r) => REGION_WEIGHTS[r.code] && industriesByRegion[r.code]?.length);
  const counts = allocate(
    firmCount,
    Object.fromEntries(regions.map((r) => [r.code, REGION_WEIGHTS[r.code]])),
  );
  const serving = (type, code) =>
    agencies
      .filter((a) => a.type === type && a.active !== false && a.regionsServed.includes(code))
      .sort((a, b) => a.nameKo.length - b.nameKo.length || byText(a.nameKo, b.nameKo));
  const firms = [];
  const byRegion = new Map();
  for (const region of regions) {
    const code = region.code;
    const industries = industriesByRegion[code];
    const technoparks = serving('technopark', code);
    if (!technoparks.length) throw new Error(`region ${code}: no technopark to register its firms`);
    const regionFirms = [];
    for (let k = 0; k < (counts[code] ?? 0); k++) {
      const index = firms.length;
      const r = rngFor('firm', index);
      const [before, after] = r.pick(NAME_FORMS);
      const size = r.weighted(SIZES);
      const founded = `${r.int(1988, 2023)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      // 3-digit office, type 81/86/87/88 (for-profit corporation), 4-digit serial: unique per index.
      const stem = Number(
        `${101 + Math.floor(index / 10000)}${r.pick(['81', '86', '87', '88'])}${String(index % 10000).padStart(4, '0')}`,
      );
      const firm = {
        index,
        regionCode: code,
        businessRegistrationNumber: brnFrom(stem),
        name: `${before}${r.pick(NAME_ROOTS)}${r.pick(NAME_SUFFIXES)}${after}`,
        representativeName: `${r.pick(SURNAMES)}${r.pick(GIVEN)}${r.pick(GIVEN)}`,
        representativeEmail: r.chance(0.4) ? `ceo${String(index + 1).padStart(4, '0')}@firms.example` : '',
        representativePhone: r.chance(0.6)
          ? `${AREA_CODES[code]}-${r.int(200, 999)}-${String(r.int(0, 9999)).padStart(4, '0')}`
          : '',
        industryId: r.pick(industries),
        foundedOn: founded,
        size,
        technopark: technoparks[k % technoparks.length],
        crisis: null,
      };
      if (code !== '50' && r.chance(code === '26' || code === '27' ? 0.12 : 0.06))
        firm.crisis = r.weighted(CRISIS_RECIPES);
      if (firm.crisis === 'employee-fall' && firm.size === 'micro') firm.crisis = 'sales-caution';
      firms.push(firm);
      regionFirms.push(firm);
    }
    byRegion.set(code, regionFirms);
  }
  // A regional cluster (RULE_SET_V1: 3 firms of one region and industry within 90 days) in 부산 and 대구.
  for (const code of ['26', '27']) {
    const regionFirms = byRegion.get(code) ?? [];
    const tally = new Map();
    for (const f of regionFirms) tally.set(f.industryId, (tally.get(f.industryId) ?? 0) + 1);
    const [industry] = [...tally].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0] ?? [];
    regionFirms
      .filter((f) => f.industryId === industry)
      .slice(0, 4)
      .forEach((f, i) => (f.crisis = i % 2 ? 'sales-pre-alert' : 'sales-alert'));
  }
  for (const firm of firms) firm.reports = indicatorsOf(firm);

  // Growth stages (잠재 → 예비 → 선도): about half the firms were assessed.
  const stages = [];
  for (const firm of firms) {
    const r = rngFor('stage', firm.index);
    const stage = r.weighted([
      [null, 52],
      ['potential', 26],
      ['preliminary', 16],
      ['leading', 6],
    ]);
    if (!stage) continue;
    const base = { potential: 45, preliminary: 60, leading: 74 }[stage];
    stages.push({
      firm,
      stage,
      scores: {
        innovation: Math.min(100, r.int(base, base + 20)),
        growth: Math.min(100, r.int(base, base + 20)),
        jobCreation: Math.min(100, r.int(base - 8, base + 20)),
      },
      effectiveAt: `2025-${String(r.int(1, 12)).padStart(2, '0')}-01T00:00:00+09:00`,
    });
  }

  // Support cases per region, held and handed on between its technopark and its creative economy center.
  const cases = [];
  for (const region of regions) {
    const code = region.code;
    const ccei = serving('creative-economy-innovation-center', code)[0];
    if (!ccei) continue;
    const regionFirms = byRegion.get(code) ?? [];
    const r = rngFor('cases', code);
    const wanted = Math.min(40, Math.round(regionFirms.length * (code === '27' ? 0.2 : 0.12)));
    const chosen = [...regionFirms];
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
    }
    for (const firm of chosen.slice(0, wanted).sort((a, b) => a.index - b.index)) {
      const cr = rngFor('case', firm.index);
      cases.push({
        firm,
        caseId: demoId('case', firm.index),
        story: cr.weighted(CASE_STORIES),
        technopark: firm.technopark,
        ccei,
        goals: cr.pick([
          ['시제품 제작', '판로 개척'],
          ['기술개발 과제 기획'],
          ['스마트공장 구축', '생산성 향상'],
          ['해외 판로 개척', '수출 바우처 활용'],
          ['투자 유치 준비', 'IR 자료 작성'],
          ['인증 획득', '품질 개선'],
        ]),
      });
    }
  }

  // A few firms close (폐업): the relay closes their cases, crisis monitoring warns (insolvent).
  const closures = cases
    .filter((c) => c.firm.regionCode !== '50' && !c.firm.crisis)
    .filter((c) => rngFor('closure', c.firm.index).chance(0.04))
    .map((c) => c.firm);

  return { firms, stages, cases, closures, regions: regions.length };
}

// ── talking to the services ─────────────────────────────────────────────────────────────────────────────

const b64url = (value) => Buffer.from(value).toString('base64url');

/**
 * Tokens for the loader, who acts as the staff of every agency it enters data for. The gateway's demo users
 * cover a few agencies only, so the loader signs its own tokens with the dev issuer's key (the gateway keeps it
 * in AUTH_DEV_ISSUER_DIR); the key is the one whose public half the gateway publishes in its JWKS.
 */
async function issuerFor(gatewayUrl, issuerDir) {
  const jwks = await (await fetch(`${gatewayUrl}/.well-known/jwks.json`)).json();
  const files = fs.existsSync(issuerDir) ? fs.readdirSync(issuerDir).filter((f) => f.endsWith('.pem')) : [];
  for (const file of files) {
    let privateKey;
    try {
      privateKey = createPrivateKey(fs.readFileSync(path.join(issuerDir, file), 'utf8'));
    } catch {
      continue;
    }
    const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
    const published = (jwks.keys ?? []).find((k) => k.x === x);
    if (!published) continue;
    const tokens = new Map();
    return (actor) => {
      const key = `${actor.role}:${actor.agencyId ?? ''}`;
      if (!tokens.has(key)) {
        const iat = Math.floor(Date.now() / 1000);
        const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: published.kid }));
        const claims = b64url(
          JSON.stringify({
            iss: ISSUER,
            sub: `demo-data:${actor.slug}`,
            iat,
            exp: iat + 12 * 3600,
            name: '데모 데이터 적재',
            baton_role: actor.role,
            ...(actor.agencyId && { baton_agency: actor.agencyId }),
            baton_regions: actor.regions ?? [],
          }),
        );
        const signature = sign(null, Buffer.from(`${header}.${claims}`), privateKey).toString('base64url');
        tokens.set(key, `${header}.${claims}.${signature}`);
      }
      return tokens.get(key);
    };
  }
  throw new Error(
    `no key in ${issuerDir} matches the gateway's ${gatewayUrl}/.well-known/jwks.json: the demo data cannot be signed for`,
  );
}

class HttpError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} → ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

function client(urls, token, signal) {
  return async function call(service, method, url, { as, body, key, csv } = {}) {
    if (signal?.aborted) throw new Error('aborted');
    const headers = { authorization: `Bearer ${token(as)}` };
    if (key) headers['idempotency-key'] = key;
    if (csv !== undefined) headers['content-type'] = 'text/csv';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(`${urls[service]}${url}`, {
          method,
          headers,
          body: csv ?? (body === undefined ? undefined : JSON.stringify(body)),
        });
      } catch (error) {
        if (signal?.aborted || attempt >= 3) throw error;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      const text = await response.text();
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      if (response.status === 503 && attempt < 5) {
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      if (response.status >= 400) throw new HttpError(method, url, response.status, parsed);
      return parsed;
    }
  };
}

/** Runs `fn` over `items`, `limit` at a time, reporting progress. */
async function pool(items, limit, fn, progress) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
      done++;
      progress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** At most one progress line every 2 s, and the last one with the time the step took. */
function progressLine(log, label) {
  const since = Date.now();
  let last = since;
  return (done, total) => {
    if (done === total || Date.now() - last > 2000) {
      last = Date.now();
      const end = done === total ? ` (${elapsed(since)})` : '';
      log(`${label} ${done.toLocaleString('en')}/${total.toLocaleString('en')}${end}`);
    }
  };
}

async function eventually(probe, { timeoutMs, signal, what }) {
  const until = Date.now() + timeoutMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    if (signal?.aborted) throw new Error('aborted');
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

const CSV_COLUMNS = [
  'businessRegistrationNumber',
  'name',
  'representativeName',
  'representativeEmail',
  'representativePhone',
  'regionCode',
  'industryId',
  'foundedOn',
  'size',
];
const csvValue = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

// ── the load ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Loads the demo data through the services (`urls`: gateway, firm-registry, relay, crisis-monitoring) and
 * answers with what it wrote. `firms`: how many firms (2,000 by default in `npm start`).
 */
async function loadDemoData({ urls, issuerDir, firms: firmCount, log, signal }) {
  const token = await issuerFor(urls.gateway, issuerDir);
  const call = client(urls, token, signal);
  const ministry = { role: 'ministry', slug: 'ministry' };
  const staffOf = (agency, role = 'agency-staff') => ({
    role,
    agencyId: agency.agencyId,
    regions: agency.regionsServed,
    slug: agency.agencyId,
  });

  const regions = (await call('firm-registry', 'GET', '/regions', { as: ministry })).items;
  const agencies = (await call('relay', 'GET', '/agencies', { as: ministry })).items;
  const industriesByRegion = {};
  for (const region of regions) {
    const { items } = await call('firm-registry', 'GET', `/industries?regionCode=${region.code}`, {
      as: ministry,
    });
    industriesByRegion[region.code] = items
      .filter((i) => !i.retiredOn)
      .map((i) => i.industryId)
      .sort();
  }
  const plan = planDemo({ firmCount, regions, industriesByRegion, agencies });
  const counts = {
    firms: plan.firms.length,
    regions: plan.regions,
    indicatorReports: 0,
    stageAssessments: plan.stages.length,
    cases: plan.cases.length,
    handoffs: 0,
    closures: plan.closures.length,
    warnings: 0,
    warningsAcknowledged: 0,
  };

  // 1. Firms: one CSV per region, imported by the region's technopark (two imports at a time).
  let imported = 0;
  const importing = progressLine(log, 'firms imported');
  const regionCodes = [...new Set(plan.firms.map((f) => f.regionCode))];
  await pool(regionCodes, 2, async (code) => {
    const regionFirms = plan.firms.filter((f) => f.regionCode === code);
    const csv = [
      CSV_COLUMNS.join(','),
      ...regionFirms.map((f) => CSV_COLUMNS.map((c) => csvValue(f[c])).join(',')),
    ].join('\n');
    const report = await call('firm-registry', 'POST', `/firm-imports?fileName=demo-firms-${code}.csv`, {
      as: staffOf(regionFirms[0].technopark),
      csv: `${csv}\n`,
    });
    if (report.rowsFailed)
      throw new Error(`firm import of region ${code}: ${JSON.stringify(report.errors.slice(0, 5))}`);
    imported += regionFirms.length;
    importing(imported, plan.firms.length);
  });
  // The firms' ids, as the registry gave them (from its directory, once it shows every imported firm).
  const byBrn = new Map(plan.firms.map((f) => [f.businessRegistrationNumber, f]));
  await pool(regionCodes, 4, (code) =>
    eventually(
      async () => {
        let cursor;
        do {
          const page = await call(
            'firm-registry',
            'GET',
            `/firms?regionCode=${code}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { as: ministry },
          );
          for (const item of page.items) {
            const firm = byBrn.get(item.businessRegistrationNumber);
            if (firm) firm.firmId = item.firmId;
          }
          cursor = page.nextCursor;
        } while (cursor);
        return plan.firms.every((f) => f.regionCode !== code || f.firmId) ? true : undefined;
      },
      { timeoutMs: 120_000, signal, what: `the firm directory of region ${code}` },
    ),
  );

  // 2. Indicators, a year after another per firm (crisis monitoring compares each with the one before).
  await pool(
    plan.firms,
    CONCURRENCY,
    async (firm) => {
      for (const report of firm.reports) {
        await call('firm-registry', 'POST', `/firms/${firm.firmId}/indicator-reports`, {
          as: staffOf(firm.technopark),
          body: report,
          key: `demo:${firm.index}:indicators:${report.period}`,
        });
        counts.indicatorReports++;
      }
    },
    progressLine(log, 'firms with indicators'),
  );

  // 3. Growth stages.
  await pool(
    plan.stages,
    CONCURRENCY,
    async ({ firm, stage, scores, effectiveAt }) => {
      await call('firm-registry', 'POST', `/firms/${firm.firmId}/stage-assessments`, {
        as: staffOf(firm.technopark),
        body: { stage, scores, effectiveAt },
        key: `demo:${firm.index}:stage`,
      });
    },
    progressLine(log, 'stage assessments'),
  );

  // 4. Support cases and their hand-offs.
  const grantedAt = new Date(Date.now() - 3600_000).toISOString();
  await pool(
    plan.cases,
    CONCURRENCY,
    async (c) => {
      const proposed = await runCase(call, c, staffOf, grantedAt, signal);
      counts.handoffs += proposed;
    },
    progressLine(log, 'cases'),
  );

  // 5. Closures.
  let since = Date.now();
  for (const firm of plan.closures)
    await call('firm-registry', 'POST', `/firms/${firm.firmId}/closure`, {
      as: staffOf(firm.technopark),
      body: { reason: 'business-closed', closedOn: '2026-01-30', note: '데모: 폐업 신고' },
      key: `demo:${firm.index}:closure`,
    });
  if (plan.closures.length) log(`firms closed ${plan.closures.length} (${elapsed(since)})`);

  // 6. Warnings arise in crisis monitoring from the indicators (over the bus); wait for them, then let the
  //    crisis centers and regional offices acknowledge some and plan prevention for a few.
  const expected = plan.firms.filter((f) => f.crisis).length + plan.closures.length;
  const listWarnings = async () => {
    const items = [];
    let cursor;
    do {
      const page = await call(
        'crisis-monitoring',
        'GET',
        `/warnings?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: ministry },
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  since = Date.now();
  let warnings = [];
  let lastCount = -1;
  let stableSince = Date.now();
  await eventually(
    async () => {
      warnings = await listWarnings();
      if (warnings.length !== lastCount) {
        lastCount = warnings.length;
        stableSince = Date.now();
        log(`warnings raised ${warnings.length} (about ${expected} expected, ${elapsed(since)})`);
      }
      return warnings.length >= expected || Date.now() - stableSince > 20_000 ? true : undefined;
    },
    { timeoutMs: 300_000, signal, what: 'warnings' },
  ).catch((error) => {
    if (signal?.aborted) throw error;
    log(`warnings: ${warnings.length} of about ${expected} so far (${error.message}); going on`);
  });
  counts.warnings = warnings.length;
  const byId = new Map(agencies.map((a) => [a.agencyId, a]));
  const toHandle = warnings
    .filter((w) => byId.has(w.routedTo))
    .filter((w) => rngFor('warning', w.firmId, w.signal).chance(0.4));
  since = Date.now();
  await pool(toHandle, CONCURRENCY, async (w) => {
    const agency = byId.get(w.routedTo);
    const as = staffOf(agency, agency.type === 'regional-sme-office' ? 'regional-office' : 'crisis-center');
    await call('crisis-monitoring', 'POST', `/warnings/${w.warningId}/acknowledgement`, {
      as,
      key: `demo:warning:${w.firmId}:${w.signal}:ack`,
    }).catch(alreadyDone);
    counts.warningsAcknowledged++;
    if (rngFor('warning-plan', w.firmId, w.signal).chance(0.5))
      await call('crisis-monitoring', 'POST', `/warnings/${w.warningId}/prevention-plans`, {
        as,
        body: {
          planId: demoId('plan', w.firmId, w.signal),
          summary: '운전자금 긴급 지원 및 거래처 다변화',
          measures: ['긴급경영안정자금 신청 안내', '신규 판로 발굴 상담', '3개월 후 경영지표 재점검'],
        },
        key: `demo:warning:${w.firmId}:${w.signal}:plan`,
      }).catch(alreadyDone);
  });
  if (toHandle.length) log(`warnings acknowledged ${counts.warningsAcknowledged} (${elapsed(since)})`);
  return counts;
}

/** A re-run after an interrupted load: the step was done the first time (409) — nothing to do. */
function alreadyDone(error) {
  if (error instanceof HttpError && error.status === 409) return;
  throw error;
}

const DOCUMENTS = [
  { documentId: 'plan', title: '과제계획서', uri: 'https://docs.example/baton/plan' },
  { documentId: 'diagnosis', title: '기업 진단 보고서', uri: 'https://docs.example/baton/diagnosis' },
  { documentId: 'prototype', title: '시제품 시험성적서', uri: 'https://docs.example/baton/prototype' },
];

/** One support case's story; answers how many hand-offs it proposed. */
async function runCase(call, c, staffOf, grantedAt, signal) {
  const { firm, caseId, story } = c;
  const tp = staffOf(c.technopark);
  const ccei = staffOf(c.ccei);
  const opener = story === 'completed' ? ccei : tp;
  const step = (name) => `demo:${firm.index}:case:${name}`;

  // The relay learns the firm over the bus; until then it does not know it (404 firm-not-found).
  await eventually(
    async () => {
      try {
        return await call('relay', 'POST', '/cases', {
          as: opener,
          body: { caseId, firmId: firm.firmId, goals: c.goals, phase: 'task-planning' },
          key: step('open'),
        });
      } catch (error) {
        if (
          error instanceof HttpError &&
          error.status === 404 &&
          /firm-not-found/.test(error.body?.type ?? '')
        )
          return undefined;
        throw error;
      }
    },
    { timeoutMs: 180_000, signal, what: `the relay learning firm ${firm.firmId}` },
  );

  let proposals = 0;
  const propose = async (from, to, nextPhase, reason, n) => {
    const proposalId = demoId('proposal', firm.index, n);
    const documents = DOCUMENTS.slice(0, 1 + (n % DOCUMENTS.length));
    await call('relay', 'POST', `/cases/${caseId}/handoffs`, {
      as: from,
      body: {
        proposalId,
        toAgencyId: to.agencyId,
        reason,
        nextPhase,
        package: { summary: `${firm.name}: ${c.goals.join(', ')} — ${reason}`, documents },
        consent: {
          grantedBy: `firm-contact-${firm.index}`,
          grantedAt,
          sharedWith: to.agencyId,
          items: documents.map((d) => d.documentId),
          includesSummary: true,
        },
      },
      key: step(`propose-${n}`),
    });
    proposals++;
    return proposalId;
  };
  const respond = (as, proposalId, what, body = {}) =>
    call('relay', 'POST', `/cases/${caseId}/handoffs/${proposalId}/${what}`, {
      as,
      body,
      key: step(`${what}-${proposalId}`),
    });

  switch (story) {
    case 'open':
      break;
    case 'handed-on':
      await respond(
        ccei,
        await propose(tp, ccei, 'technology-development', '기술개발 단계 지원 연계', 1),
        'acceptance',
      );
      break;
    case 'handed-back':
    case 'third-leg-pending':
      await respond(ccei, await propose(tp, ccei, 'commercialisation', '사업화 지원 연계', 1), 'acceptance');
      await respond(
        tp,
        await propose(ccei, tp, 'production-distribution', '양산 및 판로 지원 필요', 2),
        'acceptance',
      );
      if (story === 'third-leg-pending')
        await propose(tp, ccei, 'investment-ipo', '투자 유치 준비 지원 요청', 3);
      break;
    case 'proposal-pending':
      await propose(tp, ccei, 'technology-development', '기술개발 과제 연계 요청', 1);
      break;
    case 'return-pending':
      await respond(ccei, await propose(tp, ccei, 'commercialisation', '사업화 지원 연계', 1), 'acceptance');
      await propose(ccei, tp, 'production-distribution', '양산 설비 및 공정 지원 요청', 2);
      break;
    case 'declined':
      await respond(ccei, await propose(tp, ccei, 'commercialisation', '사업화 지원 연계', 1), 'decline', {
        code: 'at-capacity',
      });
      await call('relay', 'POST', `/cases/${caseId}/interim-updates`, {
        as: tp,
        body: {
          updateId: demoId('update', firm.index),
          note: '창조경제혁신센터 수용 여력 부족으로 자체 지원 지속',
        },
        key: step('update'),
      });
      break;
    case 'completed': {
      await respond(
        tp,
        await propose(ccei, tp, 'production-distribution', '양산 지원 연계', 1),
        'acceptance',
      );
      await call('relay', 'POST', `/cases/${caseId}/outcomes`, {
        as: tp,
        body: {
          outcomeId: demoId('outcome', firm.index),
          kind: 'prototype-completed',
          note: '시제품 완성 및 양산 착수',
        },
        key: step('outcome'),
      });
      await call('relay', 'POST', `/cases/${caseId}/closure`, {
        as: tp,
        body: { outcome: 'completed', note: '지원 완료' },
        key: step('closure'),
      });
      break;
    }
    case 'withdrawn':
      await respond(
        tp,
        await propose(tp, ccei, 'technology-development', '기술개발 연계 검토', 1),
        'withdrawal',
        {
          note: '기업 일정 변경으로 제안 철회',
        },
      );
      break;
    default:
      throw new Error(`unknown case story ${story}`);
  }
  return proposals;
}

module.exports = { loadDemoData, planDemo, DEMO_VERSION };

// `npm start` runs the load as a process of its own (its memory is returned when it ends):
//   node scripts/demo-data.js '{"urls": {...}, "issuerDir": "...", "firms": 2000, "marker": ".baton/demo-data.json"}'
// On success it writes the marker file (what was loaded); Ctrl-C or SIGTERM stops it between requests.
if (require.main === module) {
  const options = JSON.parse(process.argv[2] ?? '{}');
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => abort.abort());
  const since = Date.now();
  loadDemoData({ ...options, log: (line) => process.stdout.write(`${line}\n`), signal: abort.signal })
    .then((counts) => {
      const marker = {
        version: DEMO_VERSION,
        firms: options.firms,
        loadedAt: new Date().toISOString(),
        durationMs: Date.now() - since,
        counts,
      };
      fs.writeFileSync(options.marker, `${JSON.stringify(marker, null, 2)}\n`);
    })
    .catch((error) => {
      process.stderr.write(abort.signal.aborted ? 'demo data load stopped\n' : `${error.stack ?? error}\n`);
      process.exitCode = 1;
    });
}
