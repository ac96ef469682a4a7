// The recorded history a backtest runs over: firms of the routable regions, each registered in 2021 and then
// reporting indicators as the firm registry's events would carry them — every quarter of 2022–2025 (sales,
// employees, debt ratio, overdue days) and the annual accounts of 2022–2024 (those plus interest coverage and
// the Altman Z″ inputs) — 20 facts per firm, or its closure instead of the last report for 1 firm in 100.
// Facts have the shape the firm-registry reactions record (FirmFact, rules/firm-history.ts). Values come from
// a seeded PRNG (the same history on every run): most firms grow slowly; about 15% slide into distress at
// some quarter (sales and headcount falling, debt, overdue days rising, profit below interest), so every rule
// of rule set v1 fires on some firms.
import { REGION_CODES, type RegionCode } from '@baton/reference-data';
import type { CrisisIndicators, FirmFact } from '../src/rules/firm-history';

export const FACTS_PER_FIRM = 20;

/** One row of crisis_monitoring.firm_facts. */
export interface FactRow {
  readonly eventId: string;
  readonly firmId: string;
  readonly fact: FirmFact;
}

/** Regions a warning can be routed to without a configured fallback (not 제주). */
const REGIONS: readonly RegionCode[] = REGION_CODES.filter((r) => r !== '50');
const DAY_MS = 86_400_000;

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID (version 4 layout) from the PRNG: deterministic ids, cheaper than hashing. */
function uuidFrom(rand: () => number): string {
  const hex = () =>
    Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const a = hex();
  const b = hex();
  const c = hex();
  const d = hex();
  const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
const between = (rand: () => number, lo: number, hi: number) => lo + (hi - lo) * rand();

/** When the report of a period is filed: quarters 30–60 days after they end, years in the next March. */
function filedAt(rand: () => number, year: number, quarter: number | null): number {
  if (quarter === null) return Date.UTC(year + 1, 2, 2) + between(rand, 0, 29 * DAY_MS);
  const end = Date.UTC(year, quarter * 3, 1); // the first day after the quarter
  return end + between(rand, 30 * DAY_MS, 60 * DAY_MS);
}

/** The 20 facts of firm `k`, in business-time order. */
export function firmHistory(k: number, seed = 20_260_601): FactRow[] {
  const rand = prng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  const firmId = uuidFrom(rand);
  const rows: FactRow[] = [];
  const push = (fact: FirmFact) => rows.push({ eventId: uuidFrom(rand), firmId, fact });
  push({
    type: 'firm-registered',
    firmId,
    region: REGIONS[k % REGIONS.length],
    industryId: `bench-industry-${k % 12}`,
    at: iso(Date.UTC(2021, 0, 1) + between(rand, 0, 360 * DAY_MS)),
  });

  // A quarter's business; distress from quarter `distressFrom` on (0 = 2022-Q1), never for most firms.
  const distressed = rand() < 0.15;
  const distressFrom = distressed ? 3 + Math.floor(rand() * 11) : Infinity;
  let quarterlySales = 10 ** between(rand, 7.4, 9.9); // 2,500만 – 80억 원 a quarter
  let employees = 5 + Math.floor(rand() * 200);
  let debtRatio = between(rand, 50, 170);
  let overdueDays = 0;
  let interestCoverage = between(rand, 1.5, 8);
  const quarters: { sales: number; employees: number; debtRatio: number; overdueDays: number }[] = [];
  const closesAtEnd = k % 100 === 37;
  for (let j = 0; j < 16; j++) {
    const year = 2022 + Math.floor(j / 4);
    const quarter = (j % 4) + 1;
    const ill = j >= distressFrom;
    quarterlySales *= ill ? 1 - between(rand, 0.08, 0.3) : 1 + between(rand, -0.04, 0.06);
    employees = Math.max(
      1,
      Math.round(employees * (ill ? 1 - between(rand, 0.04, 0.15) : 1 + between(rand, -0.03, 0.04))),
    );
    debtRatio = ill ? debtRatio + between(rand, 20, 70) : Math.max(20, debtRatio + between(rand, -10, 10));
    overdueDays = ill ? overdueDays + Math.round(between(rand, 10, 40)) : rand() < 0.03 ? 5 : 0;
    interestCoverage = ill
      ? between(rand, -1.5, 0.95)
      : Math.max(1.1, interestCoverage + between(rand, -0.5, 0.5));
    const q = {
      sales: Math.round(quarterlySales),
      employees,
      debtRatio: Math.round(debtRatio * 10) / 10,
      overdueDays,
    };
    quarters.push(q);
    const at = filedAt(rand, year, quarter);
    if (j === 15 && closesAtEnd) {
      push({ type: 'firm-closed', firmId, reason: ill ? 'bankrupt' : 'business-closed', at: iso(at) });
      break;
    }
    push({ type: 'indicators-reported', firmId, period: `${year}-Q${quarter}`, indicators: q, at: iso(at) });
    if (quarter === 4 && year <= 2024) {
      // The audited year: the quarters summed, the balance sheet at year end.
      const sales = quarters.slice(-4).reduce((a, x) => a + x.sales, 0);
      const totalAssets = Math.round(sales * between(rand, 0.7, 1.6));
      const totalLiabilities = Math.round((totalAssets * q.debtRatio) / (100 + q.debtRatio));
      const equity = totalAssets - totalLiabilities;
      const indicators: CrisisIndicators = {
        sales,
        employees,
        debtRatio: q.debtRatio,
        overdueDays,
        interestCoverage: Math.round(interestCoverage * 100) / 100,
        totalAssets,
        totalLiabilities,
        equity,
        workingCapital: Math.round(
          totalAssets * (ill ? between(rand, -0.15, 0.05) : between(rand, 0.05, 0.3)),
        ),
        retainedEarnings: Math.round(equity * (ill ? between(rand, -0.8, 0.1) : between(rand, 0.2, 0.6))),
        ebit: Math.round(sales * (ill ? between(rand, -0.12, 0.01) : between(rand, 0.03, 0.12))),
      };
      push({
        type: 'indicators-reported',
        firmId,
        period: String(year),
        indicators,
        at: iso(filedAt(rand, year, null)),
      });
    }
  }
  return rows;
}
