import type { Event } from '@baton/eventsourcing';
import type { RegionCode } from '@baton/reference-data';
import type { SealedPersonalData } from '../personal-data/sealed';

/** 잠재기업 → 예비기업 → 선도기업; 초광역권 선도기업 by designation only. */
export type GrowthStage = 'potential' | 'preliminary' | 'leading' | 'super-regional-leading';
export const ASSESSABLE_STAGES = ['potential', 'preliminary', 'leading'] as const;
export type AssessableStage = (typeof ASSESSABLE_STAGES)[number];

/** 소상공인·소기업 (micro/small), 중기업 (medium), 중견기업 (mid-sized). */
export const FIRM_SIZES = ['micro', 'small', 'medium', 'mid-sized'] as const;
export type FirmSize = (typeof FIRM_SIZES)[number];

/** Scores of a growth-stage assessment, 0–100: 혁신성, 성장성, 고용창출역량. */
export interface StageScores {
  readonly innovation: number;
  readonly growth: number;
  readonly jobCreation: number;
}

/** A year (`2026`) or a quarter (`2026-Q1`). */
export type Period = string;

/** Business indicators of one period; an absent one was not reported (it is not zero). Money in KRW. */
export interface Indicators {
  readonly sales?: number;
  readonly employees?: number;
  readonly rdSpend?: number;
  readonly exports?: number;
  readonly debtRatio?: number;
  readonly overdueDays?: number;
  readonly interestCoverage?: number;
  /** Financial statement items (재무제표, KRW): the inputs of Altman's Z″ in crisis monitoring. */
  readonly totalAssets?: number;
  readonly totalLiabilities?: number;
  readonly equity?: number;
  readonly workingCapital?: number;
  readonly retainedEarnings?: number;
  readonly ebit?: number;
}
export const INDICATOR_NAMES = [
  'sales',
  'employees',
  'rdSpend',
  'exports',
  'debtRatio',
  'overdueDays',
  'interestCoverage',
  'totalAssets',
  'totalLiabilities',
  'equity',
  'workingCapital',
  'retainedEarnings',
  'ebit',
] as const;

/** 폐업, 파산, 합병 — the reasons of the published contract (firm-registry.firm-closed.v1). */
export const CLOSURE_REASONS = ['business-closed', 'bankrupt', 'merged'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** The profile fields an amendment may change (region: relocation; stage: assessment). */
export interface ProfileChanges {
  readonly name?: string;
  readonly representative?: SealedPersonalData;
  readonly ksicCode?: string | null;
  readonly foundedOn?: string;
  readonly size?: FirmSize;
  readonly industryId?: string;
}

export type FirmRegistered = Event<
  'FirmRegistered',
  {
    firmId: string;
    businessRegistrationNumber: string;
    name: string;
    /** The representative's name and contact, encrypted with the firm's own key (crypto-shredding). */
    representative: SealedPersonalData;
    regionCode: RegionCode;
    industryId: string;
    ksicCode: string | null;
    foundedOn: string;
    size: FirmSize;
    stage: 'potential';
    registeredAt: string;
  }
>;
export type FirmProfileAmended = Event<
  'FirmProfileAmended',
  { firmId: string; changes: ProfileChanges; amendedAt: string }
>;
export type FirmRelocated = Event<
  'FirmRelocated',
  { firmId: string; fromRegion: RegionCode; toRegion: RegionCode; industryId: string; relocatedOn: string }
>;
export type FirmClosed = Event<
  'FirmClosed',
  {
    firmId: string;
    reason: ClosureReason;
    successorFirmId: string | null;
    note: string | null;
    closedOn: string;
  }
>;
export type IndicatorsReported = Event<
  'IndicatorsReported',
  { firmId: string; period: Period; indicators: Indicators; reportedAt: string }
>;
/** A later report for a period already reported: both stay in history, the latest counts. */
export type IndicatorsRestated = Event<
  'IndicatorsRestated',
  {
    firmId: string;
    period: Period;
    indicators: Indicators;
    version: number;
    reason: string | null;
    reportedAt: string;
  }
>;
export type GrowthStageAssessed = Event<
  'GrowthStageAssessed',
  {
    firmId: string;
    stage: AssessableStage;
    previousStage: GrowthStage;
    scores: StageScores;
    assessingAgencyId: string;
    effectiveAt: string;
    assessedAt: string;
  }
>;
export type SuperRegionalLeadingFirmDesignated = Event<
  'SuperRegionalLeadingFirmDesignated',
  {
    firmId: string;
    industryId: string;
    cooperatingRegions: RegionCode[];
    previousStage: GrowthStage;
    scores: StageScores;
    designatingAgencyId: string;
    effectiveAt: string;
    designatedAt: string;
  }
>;

/** The stored events of a firm stream (`firm-<firmId>`). */
export type FirmEvent =
  | FirmRegistered
  | FirmProfileAmended
  | FirmRelocated
  | FirmClosed
  | IndicatorsReported
  | IndicatorsRestated
  | GrowthStageAssessed
  | SuperRegionalLeadingFirmDesignated;

export const FIRM_STREAM_PREFIX = 'firm-';
export const firmStreamId = (firmId: string): string => `${FIRM_STREAM_PREFIX}${firmId}`;
