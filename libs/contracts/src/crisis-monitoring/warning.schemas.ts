import { firmId } from '../firm-registry/firm.schemas';
import { labelledEnum, uuid, type JsonSchema } from '../json-schema';
import { agencyId } from '../relay/case.schemas';

/*
 * Crisis-monitoring integration events (조기경보): warnings about firms, routed to the crisis support center
 * (위기지원센터) of the firm's region or, where none exists, the regional SME office, and their lifecycle from
 * signal to outcome. Every warning carries the rule-set version, the rule and the exact input values that
 * fired it, so a reader can recompute it. Prevention plans travel as counts, not texts: the plan itself stays
 * in the service, with the agencies working the warning.
 */

/** What a rule watches (위기 징후). */
export const CRISIS_SIGNALS = {
  'sales-drop-yoy': '매출 감소(전년 동기 대비)',
  'employee-fall': '고용 감소',
  'debt-ratio': '부채비율',
  'overdue-days-rising': '연체일수 증가',
  'interest-coverage': '이자보상배율 1 미만(한계기업)',
  'altman-z-double-prime': 'Altman Z″',
  'firm-closed': '폐업·파산',
} as const;
export type CrisisSignal = keyof typeof CRISIS_SIGNALS;

/** Firm crisis levels, least to most severe (unverified scale, see the crisis-monitoring service). */
export const CRISIS_LEVELS = {
  caution: '주의',
  'pre-alert': '예비경보',
  alert: '경보',
  insolvent: '부실화',
} as const;
export type CrisisLevel = keyof typeof CRISIS_LEVELS;

/** Why a warning went to its agency. */
export const WARNING_ROUTING_REASONS = {
  center: '위기지원센터',
  'regional-office-fallback': '센터 없음: 지방중소벤처기업청',
  'configured-fallback': '센터·청 없음: 지정 기관',
} as const;
export type WarningRoutingReason = keyof typeof WARNING_ROUTING_REASONS;

/** How a real warning ended (a true positive for its rule's precision). */
export const WARNING_RESOLUTION_OUTCOMES = {
  recovered: '정상화',
  'business-converted': '사업전환',
  'firm-closed': '폐업',
  other: '기타',
} as const;
export type WarningResolutionOutcome = keyof typeof WARNING_RESOLUTION_OUTCOMES;

export interface MeasuredV1 {
  value: number;
  unit: 'percent' | 'persons' | 'days' | 'years' | 'z-score' | 'flag';
}
export interface FindingInputsV1 {
  periods: string[];
  values: Record<string, number | string>;
}

/** Every warning event: which warning, about which firm. */
export interface WarningRef {
  warningId: string;
  firmId: string;
}
export const WARNING_REF_REQUIRED = ['warningId', 'firmId'] as const;

export const warningId = (): JsonSchema =>
  uuid('Warning id (경보 ID): one open warning per firm and signal at a time');

export const warningRefProperties = () => ({
  warningId: warningId(),
  firmId: firmId(),
});

export const crisisSignal = (description: string): JsonSchema => labelledEnum(CRISIS_SIGNALS, description);
export const crisisLevel = (description: string): JsonSchema => labelledEnum(CRISIS_LEVELS, description);
export const nullableCrisisLevel = (description: string): JsonSchema => ({
  oneOf: [crisisLevel(description), { type: 'null', description: 'below every threshold' }],
});
export const routingReason = (description: string): JsonSchema =>
  labelledEnum(WARNING_ROUTING_REASONS, description);
export const resolutionOutcome = (description: string): JsonSchema =>
  labelledEnum(WARNING_RESOLUTION_OUTCOMES, description);
export { agencyId };

export const measured = (): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['value', 'unit'],
  description: 'The measured value the rule compared with its thresholds',
  properties: {
    value: { type: 'number' },
    unit: { type: 'string', enum: ['percent', 'persons', 'days', 'years', 'z-score', 'flag'] },
  },
});

export const findingInputs = (): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['periods', 'values'],
  description: 'The exact inputs: the periods read and each value, keyed `<period>.<indicator>`',
  properties: {
    periods: { type: 'array', items: { type: 'string' } },
    values: { type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] } },
  },
});

/*
 * Rule-set versions and regional warnings (many firms of one region and industry) are not on the bus: every
 * message on a context topic is keyed by the one firm it concerns. They are stored events of the service,
 * served over its API and live streams.
 */
export const ruleSetVersion = (): JsonSchema => ({
  type: 'integer',
  minimum: 1,
  description: 'Version of the rule set (조기경보 규칙) that evaluated the firm',
});

export const ruleId = (): JsonSchema => ({
  type: 'string',
  minLength: 1,
  description: 'Rule id within its rule set',
});

/** Shared ids for the examples: the firm of the firm registry's examples, in 부산. */
export const CRISIS_EXAMPLE = {
  firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
  warningId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  /** 부산 지역중소기업 위기지원센터 */
  centerId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  /** 부산울산중소벤처기업청 */
  regionalOfficeId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d',
} as const;
