import { assertNever, DomainError } from '@baton/eventsourcing';
import type { RegionCode } from '@baton/reference-data';
import type { ClosureReason } from './rule-set';

/*
 * What the crisis service knows of one firm, as pure facts: its registration (region, industry), its indicator
 * reports by period (a restatement replaces the period's report: the latest counts, as in the firm registry) and
 * its closure. The live service builds it from the firm registry's integration events; a backtest from a file.
 */

/**
 * Indicators of one period. The first seven are those of firm-registry.indicators-reported.v1; the six balance
 * sheet and income items feed Altman Z″ and are planned additions to that contract (not in it yet). Absent = not
 * reported, never zero. Money in whole KRW (원); debtRatio in %; overdueDays in days; interestCoverage in times.
 */
export interface CrisisIndicators {
  readonly sales?: number;
  readonly employees?: number;
  readonly rdSpend?: number;
  readonly exports?: number;
  readonly debtRatio?: number;
  readonly overdueDays?: number;
  readonly interestCoverage?: number;
  /** 자산총계 */
  readonly totalAssets?: number;
  /** 부채총계 */
  readonly totalLiabilities?: number;
  /** 운전자본: current assets − current liabilities (유동자산 − 유동부채). */
  readonly workingCapital?: number;
  /** 이익잉여금 */
  readonly retainedEarnings?: number;
  /** 이자및법인세차감전이익 (EBIT) */
  readonly ebit?: number;
  /** 자본총계 (book value of equity) */
  readonly equity?: number;
}

export type FirmFact =
  | {
      readonly type: 'firm-registered';
      readonly firmId: string;
      readonly region: RegionCode;
      readonly industryId: string;
      readonly at: string;
    }
  | {
      readonly type: 'indicators-reported';
      readonly firmId: string;
      /** `2026` or `2026-Q1`. */
      readonly period: string;
      readonly indicators: CrisisIndicators;
      readonly at: string;
    }
  | {
      /** Relocation (firm-relocated.v1) or a new industry (firm-profile-amended.v1): later warnings route by it. */
      readonly type: 'firm-moved';
      readonly firmId: string;
      readonly region?: RegionCode;
      readonly industryId?: string;
      readonly at: string;
    }
  | {
      readonly type: 'firm-closed';
      readonly firmId: string;
      readonly reason: ClosureReason;
      readonly at: string;
    };

export interface PeriodReport {
  readonly period: string;
  readonly indicators: CrisisIndicators;
  readonly reportedAt: string;
}

export interface FirmHistory {
  readonly firmId: string;
  readonly region: RegionCode;
  readonly industryId: string;
  readonly registeredAt: string;
  /** Keyed by period; the latest report of a period replaces earlier ones. */
  readonly reports: Readonly<Record<string, PeriodReport>>;
  readonly closure: { readonly reason: ClosureReason; readonly closedAt: string } | null;
}

export class InvalidFirmFact extends DomainError {
  constructor(rule: string, message: string, details: Record<string, unknown>) {
    super(message, rule, details);
  }
}

// ---- periods --------------------------------------------------------------------------------------------

export interface Period {
  readonly kind: 'year' | 'quarter';
  readonly year: number;
  /** 1–4 for a quarter; null for a year. */
  readonly quarter: number | null;
}

const PERIOD = /^(\d{4})(?:-Q([1-4]))?$/;

export function parsePeriod(period: string): Period | null {
  const match = typeof period === 'string' ? PERIOD.exec(period) : null;
  if (!match) return null;
  return match[2] === undefined
    ? { kind: 'year', year: Number(match[1]), quarter: null }
    : { kind: 'quarter', year: Number(match[1]), quarter: Number(match[2]) };
}

const formatPeriod = (p: Period): string => (p.kind === 'year' ? `${p.year}` : `${p.year}-Q${p.quarter}`);

/** The same period a year earlier: 2026 → 2025, 2026-Q1 → 2025-Q1. */
export function yearEarlier(period: string): string {
  const p = parsePeriod(period);
  if (!p)
    throw new InvalidFirmFact('invalid-period', `${period} is not a period (2026 or 2026-Q1)`, { period });
  return formatPeriod({ ...p, year: p.year - 1 });
}

/** Quarter number of the period's end (a year ends with its fourth quarter). */
const endOf = (p: Period): number => p.year * 4 + (p.quarter ?? 4);

/**
 * Orders periods by when they end; a year sorts after its fourth quarter (same end: the annual figures are the
 * later, audited ones).
 */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a)!;
  const pb = parsePeriod(b)!;
  return endOf(pa) - endOf(pb) || (pa.kind === pb.kind ? 0 : pa.kind === 'quarter' ? -1 : 1);
}

/** Reports that carry an indicator, oldest period first; `kind` keeps only years or only quarters. */
export function reportsWith(
  history: FirmHistory,
  indicator: keyof CrisisIndicators,
  kind?: Period['kind'],
): PeriodReport[] {
  return Object.values(history.reports)
    .filter((r) => typeof r.indicators[indicator] === 'number')
    .filter((r) => kind === undefined || parsePeriod(r.period)!.kind === kind)
    .sort((a, b) => comparePeriods(a.period, b.period));
}

/**
 * The latest report of a stock indicator (measured at the end of the period: employees, debt ratio, overdue days)
 * and the one before it, ending strictly earlier, whatever their kinds.
 */
export function latestAndPrevious(
  history: FirmHistory,
  indicator: keyof CrisisIndicators,
): { latest: PeriodReport; previous: PeriodReport | null } | null {
  const reports = reportsWith(history, indicator);
  const latest = reports.at(-1);
  if (!latest) return null;
  const latestEnd = endOf(parsePeriod(latest.period)!);
  const previous = reports.filter((r) => endOf(parsePeriod(r.period)!) < latestEnd).at(-1) ?? null;
  return { latest, previous };
}

// ---- folding facts --------------------------------------------------------------------------------------

const INDICATOR_KEYS: readonly (keyof CrisisIndicators)[] = [
  'sales',
  'employees',
  'rdSpend',
  'exports',
  'debtRatio',
  'overdueDays',
  'interestCoverage',
  'totalAssets',
  'totalLiabilities',
  'workingCapital',
  'retainedEarnings',
  'ebit',
  'equity',
];

function checkIndicators(fact: Extract<FirmFact, { type: 'indicators-reported' }>): void {
  for (const [key, value] of Object.entries(fact.indicators)) {
    if (!INDICATOR_KEYS.includes(key as keyof CrisisIndicators))
      throw new InvalidFirmFact('unknown-indicator', `${key} is not an indicator`, {
        field: `indicators.${key}`,
      });
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      throw new InvalidFirmFact('invalid-indicator', `${key} must be a finite number`, {
        field: `indicators.${key}`,
      });
  }
}

/** The history with one more fact. The first fact of a firm must be its registration. */
export function recordFact(history: FirmHistory | null, fact: FirmFact): FirmHistory {
  if (fact.type === 'firm-registered') {
    if (history)
      throw new InvalidFirmFact('firm-already-registered', `Firm ${fact.firmId} is already registered`, {
        firmId: fact.firmId,
      });
    return {
      firmId: fact.firmId,
      region: fact.region,
      industryId: fact.industryId,
      registeredAt: fact.at,
      reports: {},
      closure: null,
    };
  }
  if (!history)
    throw new InvalidFirmFact('firm-not-registered', `Firm ${fact.firmId} is not registered`, {
      firmId: fact.firmId,
    });
  if (history.firmId !== fact.firmId)
    throw new InvalidFirmFact(
      'firm-mismatch',
      `A fact of ${fact.firmId} in the history of ${history.firmId}`,
      {
        firmId: fact.firmId,
      },
    );
  switch (fact.type) {
    case 'firm-moved':
      return {
        ...history,
        region: fact.region ?? history.region,
        industryId: fact.industryId ?? history.industryId,
      };
    case 'indicators-reported':
      if (!parsePeriod(fact.period))
        throw new InvalidFirmFact('invalid-period', `${fact.period} is not a period (2026 or 2026-Q1)`, {
          field: 'period',
        });
      checkIndicators(fact);
      return {
        ...history,
        reports: {
          ...history.reports,
          [fact.period]: { period: fact.period, indicators: fact.indicators, reportedAt: fact.at },
        },
      };
    case 'firm-closed':
      // A closure is final; a second one (a re-delivery) keeps the first.
      return history.closure ? history : { ...history, closure: { reason: fact.reason, closedAt: fact.at } };
    default:
      return assertNever(fact, 'firm fact');
  }
}

/** The history of one firm from its facts, in order. */
export const historyOf = (facts: readonly FirmFact[]): FirmHistory | null =>
  facts.reduce<FirmHistory | null>((h, f) => recordFact(h, f), null);
