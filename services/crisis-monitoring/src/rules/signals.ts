/** What a rule watches (위기 징후). The measured value of each is described in measure.ts. */
export const SIGNALS = [
  'sales-drop-yoy',
  'employee-fall',
  'debt-ratio',
  'overdue-days-rising',
  'interest-coverage',
  'altman-z-double-prime',
  'firm-closed',
] as const;
export type Signal = (typeof SIGNALS)[number];

export const isSignal = (value: unknown): value is Signal =>
  typeof value === 'string' && (SIGNALS as readonly string[]).includes(value);

/** Whether a larger measured value is worse (a drop in %) or better (a Z-score). */
export type Direction = 'higher-is-worse' | 'lower-is-worse';
export type Unit = 'percent' | 'persons' | 'days' | 'years' | 'z-score' | 'flag';

/** The values a threshold (or margin) of a unit may take; `rule` is the validation error code when out of range. */
export interface ValueDomain {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly rule: 'percentage-out-of-range' | 'negative-days' | 'negative-value' | 'out-of-range';
}

export interface SignalInfo {
  readonly nameKo: string;
  readonly direction: Direction;
  readonly unit: Unit;
  /** Domain of the threshold values. */
  readonly thresholds: ValueDomain;
  /** Domain of the clear margin (hysteresis), same unit. */
  readonly margin: ValueDomain;
}

const PERCENT_0_100: ValueDomain = { min: 0, max: 100, rule: 'percentage-out-of-range' };
const NON_NEGATIVE: ValueDomain = { min: 0, rule: 'negative-value' };
const DAYS: ValueDomain = { min: 0, integer: true, rule: 'negative-days' };

export const SIGNAL_CATALOG: { readonly [S in Signal]: SignalInfo } = {
  'sales-drop-yoy': {
    nameKo: '매출 감소(전년 동기 대비)',
    direction: 'higher-is-worse',
    unit: 'percent',
    thresholds: PERCENT_0_100,
    margin: PERCENT_0_100,
  },
  'employee-fall': {
    nameKo: '고용 감소(직전 보고 대비)',
    direction: 'higher-is-worse',
    unit: 'percent',
    thresholds: PERCENT_0_100,
    margin: PERCENT_0_100,
  },
  'debt-ratio': {
    nameKo: '부채비율',
    direction: 'higher-is-worse',
    unit: 'percent',
    thresholds: NON_NEGATIVE,
    margin: NON_NEGATIVE,
  },
  'overdue-days-rising': {
    nameKo: '연체일수 증가',
    direction: 'higher-is-worse',
    unit: 'days',
    thresholds: DAYS,
    margin: DAYS,
  },
  'interest-coverage': {
    nameKo: '이자보상배율 1 미만 연속 연수(한계기업)',
    direction: 'higher-is-worse',
    unit: 'years',
    thresholds: { min: 1, integer: true, rule: 'out-of-range' },
    margin: { min: 0, integer: true, rule: 'negative-value' },
  },
  'altman-z-double-prime': {
    nameKo: 'Altman Z″ 점수',
    direction: 'lower-is-worse',
    unit: 'z-score',
    thresholds: { rule: 'out-of-range' },
    margin: NON_NEGATIVE,
  },
  'firm-closed': {
    nameKo: '폐업·파산',
    direction: 'higher-is-worse',
    unit: 'flag',
    thresholds: { min: 1, max: 1, rule: 'out-of-range' },
    margin: { min: 0, max: 0, rule: 'out-of-range' },
  },
};
