import { assertNever, type Command, type Decider } from '@baton/eventsourcing';
import {
  isRegionCode,
  parseBusinessRegistrationNumber,
  parseKsicCode,
  type RegionCode,
} from '@baton/reference-data';
import { belongsToRegion, type CatalogueIndustry } from '../industries/industry';
import type { SealedPersonalData } from '../personal-data/sealed';
import {
  FirmAlreadyRegistered,
  FirmIsClosed,
  FirmNotFound,
  InvalidFirmInput,
  PromotionRequirementsNotMet,
} from './firm.errors';
import {
  INDICATOR_NAMES,
  type AssessableStage,
  type ClosureReason,
  type FirmEvent,
  type FirmSize,
  type GrowthStage,
  type Indicators,
  type Period,
  type ProfileChanges,
  type StageScores,
} from './firm.events';

/** What `decide` needs to know of a firm; views belong to projections. */
export type Firm =
  | { status: 'unregistered' }
  | {
      status: 'active';
      firmId: string;
      regionCode: RegionCode;
      industryId: string;
      stage: GrowthStage;
      foundedOn: string;
      /** Latest version and values per reported period. */
      periods: Readonly<Record<Period, { version: number; indicators: Indicators }>>;
    }
  | { status: 'closed'; firmId: string };

/** The industry named by a command, as the catalogue holds it (undefined: not in the catalogue). */
type IndustryLookup = CatalogueIndustry | undefined;

export type RegisterFirm = Command<
  'RegisterFirm',
  {
    firmId: string;
    businessRegistrationNumber: string;
    name: string;
    representative: SealedPersonalData;
    regionCode: string;
    industryId: string;
    industry: IndustryLookup;
    ksicCode?: string;
    foundedOn: string;
    size: FirmSize;
  }
>;
export type AmendFirmProfile = Command<
  'AmendFirmProfile',
  { firmId: string; changes: ProfileChanges; industry?: IndustryLookup }
>;
export type RelocateFirm = Command<
  'RelocateFirm',
  { firmId: string; toRegion: string; industryId?: string; industry: IndustryLookup; relocatedOn: string }
>;
export type CloseFirm = Command<
  'CloseFirm',
  { firmId: string; reason: ClosureReason; successorFirmId?: string; note?: string; closedOn: string }
>;
export type ReportIndicators = Command<
  'ReportIndicators',
  { firmId: string; period: Period; indicators: Indicators; restatementReason?: string }
>;
export type AssessGrowthStage = Command<
  'AssessGrowthStage',
  {
    firmId: string;
    stage: GrowthStage;
    scores: StageScores;
    assessingAgencyId: string;
    effectiveAt: string;
    /** Minimum scores for 선도기업, from configuration (a policy setting, not a sourced figure). */
    leadingThresholds: StageScores;
  }
>;
export type DesignateSuperRegionalLeadingFirm = Command<
  'DesignateSuperRegionalLeadingFirm',
  {
    firmId: string;
    industryId: string;
    industry: IndustryLookup;
    cooperatingRegions: string[];
    scores: StageScores;
    designatingAgencyId: string;
    effectiveAt: string;
    leadingThresholds: StageScores;
  }
>;

export type FirmCommand =
  | RegisterFirm
  | AmendFirmProfile
  | RelocateFirm
  | CloseFirm
  | ReportIndicators
  | AssessGrowthStage
  | DesignateSuperRegionalLeadingFirm;

/** The calendar date (KST, UTC+9) of an instant: business dates in Korea are KST dates. */
export const kstDate = (instant: string): string =>
  new Date(new Date(instant).getTime() + 9 * 3600_000).toISOString().slice(0, 10);

const PERIOD = /^(\d{4})(?:-Q([1-4]))?$/;

/** First day of a period: `2026` → 2026-01-01, `2026-Q3` → 2026-07-01. */
export function periodStart(period: Period): string | undefined {
  const m = PERIOD.exec(period);
  if (!m) return undefined;
  const month = m[2] ? (Number(m[2]) - 1) * 3 + 1 : 1;
  return `${m[1]}-${String(month).padStart(2, '0')}-01`;
}

const notInFuture = (field: string, date: string, now: string) => {
  if (date.slice(0, 10) > kstDate(now))
    throw new InvalidFirmInput(field, 'date-in-future', `${field} ${date} lies in the future`);
};

function requireIndustry(
  industry: IndustryLookup,
  industryId: string,
  region: RegionCode,
): CatalogueIndustry {
  if (!industry)
    throw new InvalidFirmInput(
      'industryId',
      'unknown-industry',
      `Industry ${industryId} is not in the catalogue`,
    );
  if (industry.retiredOn)
    throw new InvalidFirmInput(
      'industryId',
      'industry-retired',
      `Industry ${industryId} was retired on ${industry.retiredOn}`,
    );
  if (!belongsToRegion(industry, region))
    throw new InvalidFirmInput(
      'industryId',
      'industry-not-in-region',
      `Industry ${industryId} (${industry.nameKo}) is not a key industry of region ${region}; its regions: ${industry.regionCodes.join(', ')}`,
    );
  return industry;
}

function requireRegion(field: string, code: string): RegionCode {
  if (!isRegionCode(code)) throw new InvalidFirmInput(field, 'unknown-region', `${code} is not a 시·도 code`);
  return code;
}

function shortfalls(scores: StageScores, thresholds: StageScores) {
  return (['innovation', 'growth', 'jobCreation'] as const)
    .filter((c) => scores[c] < thresholds[c])
    .map((criterion) => ({ criterion, score: scores[criterion], required: thresholds[criterion] }));
}

function checkScores(scores: StageScores) {
  for (const c of ['innovation', 'growth', 'jobCreation'] as const)
    if (!(scores[c] >= 0 && scores[c] <= 100))
      throw new InvalidFirmInput(`scores.${c}`, 'score-range', `scores.${c} must be between 0 and 100`);
}

function active(state: Firm, firmId: string) {
  if (state.status === 'unregistered') throw new FirmNotFound(firmId);
  if (state.status === 'closed') throw new FirmIsClosed(firmId);
  return state;
}

/** Indicators that cannot be below zero (equity, working capital, retained earnings, EBIT and the ratios can). */
const NON_NEGATIVE_INDICATORS = [
  'sales',
  'employees',
  'rdSpend',
  'exports',
  'overdueDays',
  'totalAssets',
  'totalLiabilities',
] as const;

const sameIndicators = (a: Indicators, b: Indicators) => INDICATOR_NAMES.every((name) => a[name] === b[name]);

export function decide(command: FirmCommand, state: Firm): FirmEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RegisterFirm': {
      const d = command.data;
      if (state.status !== 'unregistered')
        throw new FirmAlreadyRegistered(d.firmId, d.businessRegistrationNumber);
      const brn = parseBusinessRegistrationNumber(d.businessRegistrationNumber);
      if (!brn.ok) throw new InvalidFirmInput('businessRegistrationNumber', `brn-${brn.rule}`, brn.message);
      const region = requireRegion('regionCode', d.regionCode);
      requireIndustry(d.industry, d.industryId, region);
      let ksic: string | null = null;
      if (d.ksicCode !== undefined) {
        const parsed = parseKsicCode(d.ksicCode);
        if (!parsed.ok) throw new InvalidFirmInput('ksicCode', 'ksic-format', parsed.message);
        ksic = `${parsed.value.section ?? ''}${parsed.value.code}`;
      }
      notInFuture('foundedOn', d.foundedOn, now);
      return [
        {
          type: 'FirmRegistered',
          data: {
            firmId: d.firmId,
            businessRegistrationNumber: brn.value,
            name: d.name,
            representative: d.representative,
            regionCode: region,
            industryId: d.industryId,
            ksicCode: ksic,
            foundedOn: d.foundedOn,
            size: d.size,
            stage: 'potential',
            registeredAt: now,
          },
        },
      ];
    }
    case 'AmendFirmProfile': {
      const firm = active(state, command.data.firmId);
      const changes = command.data.changes;
      if (Object.keys(changes).length === 0)
        throw new InvalidFirmInput('body', 'nothing-to-amend', 'Name at least one field to change');
      if (changes.industryId !== undefined && changes.industryId !== firm.industryId)
        requireIndustry(command.data.industry, changes.industryId, firm.regionCode);
      if (changes.ksicCode) {
        const parsed = parseKsicCode(changes.ksicCode);
        if (!parsed.ok) throw new InvalidFirmInput('ksicCode', 'ksic-format', parsed.message);
      }
      if (changes.foundedOn !== undefined) notInFuture('foundedOn', changes.foundedOn, now);
      return [{ type: 'FirmProfileAmended', data: { firmId: firm.firmId, changes, amendedAt: now } }];
    }
    case 'RelocateFirm': {
      const firm = active(state, command.data.firmId);
      const to = requireRegion('toRegion', command.data.toRegion);
      if (to === firm.regionCode)
        throw new InvalidFirmInput('toRegion', 'already-in-region', `The firm is already in region ${to}`);
      const industryId = command.data.industryId ?? firm.industryId;
      requireIndustry(command.data.industry, industryId, to);
      notInFuture('relocatedOn', command.data.relocatedOn, now);
      return [
        {
          type: 'FirmRelocated',
          data: {
            firmId: firm.firmId,
            fromRegion: firm.regionCode,
            toRegion: to,
            industryId,
            relocatedOn: command.data.relocatedOn,
          },
        },
      ];
    }
    case 'CloseFirm': {
      const firm = active(state, command.data.firmId);
      notInFuture('closedOn', command.data.closedOn, now);
      if (command.data.successorFirmId !== undefined && command.data.reason !== 'merged')
        throw new InvalidFirmInput(
          'successorFirmId',
          'successor-only-when-merged',
          'Only a merged firm has a successor',
        );
      if (command.data.successorFirmId === firm.firmId)
        throw new InvalidFirmInput('successorFirmId', 'successor-is-self', 'A firm cannot merge into itself');
      return [
        {
          type: 'FirmClosed',
          data: {
            firmId: firm.firmId,
            reason: command.data.reason,
            successorFirmId: command.data.successorFirmId ?? null,
            note: command.data.note ?? null,
            closedOn: command.data.closedOn,
          },
        },
      ];
    }
    case 'ReportIndicators': {
      const firm = active(state, command.data.firmId);
      const { period, indicators } = command.data;
      const start = periodStart(period);
      if (!start)
        throw new InvalidFirmInput(
          'period',
          'period-format',
          'period must be a year (2026) or a quarter (2026-Q1)',
        );
      if (start > kstDate(now))
        throw new InvalidFirmInput('period', 'period-not-started', `Period ${period} has not started yet`);
      const reported = INDICATOR_NAMES.filter((n) => indicators[n] !== undefined);
      if (reported.length === 0)
        throw new InvalidFirmInput('indicators', 'no-indicator', 'Report at least one indicator');
      for (const n of NON_NEGATIVE_INDICATORS)
        if (indicators[n] !== undefined && indicators[n]! < 0)
          throw new InvalidFirmInput(`indicators.${n}`, 'non-negative', `${n} cannot be negative`);
      const previous = firm.periods[period];
      if (!previous)
        return [
          { type: 'IndicatorsReported', data: { firmId: firm.firmId, period, indicators, reportedAt: now } },
        ];
      if (sameIndicators(previous.indicators, indicators)) return [];
      return [
        {
          type: 'IndicatorsRestated',
          data: {
            firmId: firm.firmId,
            period,
            indicators,
            version: previous.version + 1,
            reason: command.data.restatementReason ?? null,
            reportedAt: now,
          },
        },
      ];
    }
    case 'AssessGrowthStage': {
      const firm = active(state, command.data.firmId);
      const d = command.data;
      checkScores(d.scores);
      if (d.stage === 'super-regional-leading')
        throw new InvalidFirmInput(
          'stage',
          'stage-requires-designation',
          '초광역권 선도기업 is given by designation (POST …/super-regional-designation), not by assessment',
        );
      if (d.stage === 'leading') {
        const short = shortfalls(d.scores, d.leadingThresholds);
        if (short.length) throw new PromotionRequirementsNotMet(short);
      }
      return [
        {
          type: 'GrowthStageAssessed',
          data: {
            firmId: firm.firmId,
            stage: d.stage as AssessableStage,
            previousStage: firm.stage,
            scores: d.scores,
            assessingAgencyId: d.assessingAgencyId,
            effectiveAt: d.effectiveAt,
            assessedAt: now,
          },
        },
      ];
    }
    case 'DesignateSuperRegionalLeadingFirm': {
      const firm = active(state, command.data.firmId);
      const d = command.data;
      checkScores(d.scores);
      if (!d.industry)
        throw new InvalidFirmInput(
          'industryId',
          'unknown-industry',
          `Industry ${d.industryId} is not in the catalogue`,
        );
      if (d.industry.retiredOn)
        throw new InvalidFirmInput(
          'industryId',
          'industry-retired',
          `Industry ${d.industryId} was retired on ${d.industry.retiredOn}`,
        );
      if (d.industry.kind !== 'future-cooperative')
        throw new InvalidFirmInput(
          'industryId',
          'not-a-cooperative-future-industry',
          `${d.industry.nameKo} is not a cooperative future industry (협력 미래 신산업)`,
        );
      const regions = [...new Set(d.cooperatingRegions)];
      if (regions.length < 2)
        throw new InvalidFirmInput(
          'cooperatingRegions',
          'cooperating-regions-required',
          'A super-regional designation needs at least two cooperating regions',
        );
      const outside = regions.filter((r) => !d.industry!.regionCodes.includes(r as RegionCode));
      if (outside.length)
        throw new InvalidFirmInput(
          'cooperatingRegions',
          'region-not-cooperating',
          `Regions ${outside.join(', ')} do not cooperate on ${d.industry.nameKo}; its regions: ${d.industry.regionCodes.join(', ')}`,
        );
      if (!regions.includes(firm.regionCode))
        throw new InvalidFirmInput(
          'cooperatingRegions',
          'firm-region-not-cooperating',
          `The firm's own region ${firm.regionCode} must be one of the cooperating regions`,
        );
      const short = shortfalls(d.scores, d.leadingThresholds);
      if (short.length) throw new PromotionRequirementsNotMet(short);
      return [
        {
          type: 'SuperRegionalLeadingFirmDesignated',
          data: {
            firmId: firm.firmId,
            industryId: d.industryId,
            cooperatingRegions: regions as RegionCode[],
            previousStage: firm.stage,
            scores: d.scores,
            designatingAgencyId: d.designatingAgencyId,
            effectiveAt: d.effectiveAt,
            designatedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'firm command');
  }
}

export function evolve(state: Firm, event: FirmEvent): Firm {
  switch (event.type) {
    case 'FirmRegistered':
      return {
        status: 'active',
        firmId: event.data.firmId,
        regionCode: event.data.regionCode,
        industryId: event.data.industryId,
        stage: 'potential',
        foundedOn: event.data.foundedOn,
        periods: {},
      };
    case 'FirmProfileAmended':
      if (state.status !== 'active') return state;
      return {
        ...state,
        industryId: event.data.changes.industryId ?? state.industryId,
        foundedOn: event.data.changes.foundedOn ?? state.foundedOn,
      };
    case 'FirmRelocated':
      return state.status === 'active'
        ? { ...state, regionCode: event.data.toRegion, industryId: event.data.industryId }
        : state;
    case 'FirmClosed':
      return state.status === 'unregistered' ? state : { status: 'closed', firmId: state.firmId };
    case 'IndicatorsReported':
      return state.status === 'active'
        ? {
            ...state,
            periods: {
              ...state.periods,
              [event.data.period]: { version: 1, indicators: event.data.indicators },
            },
          }
        : state;
    case 'IndicatorsRestated':
      return state.status === 'active'
        ? {
            ...state,
            periods: {
              ...state.periods,
              [event.data.period]: { version: event.data.version, indicators: event.data.indicators },
            },
          }
        : state;
    case 'GrowthStageAssessed':
      return state.status === 'active' ? { ...state, stage: event.data.stage } : state;
    case 'SuperRegionalLeadingFirmDesignated':
      return state.status === 'active' ? { ...state, stage: 'super-regional-leading' } : state;
    default:
      return assertNever(event, 'firm event');
  }
}

export const firmDecider: Decider<Firm, FirmCommand, FirmEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
