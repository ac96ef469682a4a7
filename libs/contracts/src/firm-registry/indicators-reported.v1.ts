import { defineIntegrationEvent } from '../contract';
import { instant, krw } from '../json-schema';
import { TOPICS } from '../topics';
import { firmId } from './firm.schemas';

/**
 * A firm's business indicators for one period. An indicator that is absent was not reported for the
 * period; it is not zero. Money is in whole KRW (원).
 */
export interface IndicatorsReportedV1 {
  firmId: string;
  /** `2026` (a year) or `2026-Q1` (a quarter). */
  period: string;
  sales?: number;
  employees?: number;
  rdSpend?: number;
  exports?: number;
  debtRatio?: number;
  overdueDays?: number;
  interestCoverage?: number;
  /** Financial statement items (재무제표): Altman Z″ inputs for early warning. */
  totalAssets?: number;
  totalLiabilities?: number;
  equity?: number;
  workingCapital?: number;
  retainedEarnings?: number;
  ebit?: number;
  reportedAt: string;
}

const INDICATORS = [
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

export const indicatorsReportedV1 = defineIntegrationEvent<IndicatorsReportedV1>({
  type: 'firm-registry.indicators-reported.v1',
  topic: TOPICS.firmRegistry,
  summary:
    'Business indicators of a firm for a year or a quarter were reported (경영지표): the input of early-warning rules and of progress tracking.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId', 'period', 'reportedAt'],
    // A report with no indicator says nothing.
    anyOf: INDICATORS.map((indicator) => ({ required: [indicator] })),
    properties: {
      firmId: firmId(),
      period: {
        type: 'string',
        pattern: '^[0-9]{4}(-Q[1-4])?$',
        description: 'Reporting period: a year (2026) or a quarter (2026-Q1)',
      },
      sales: krw('Sales in the period (매출액)', { minimum: 0 }),
      employees: {
        type: 'integer',
        minimum: 0,
        description: 'Regular employees at the end of the period (상시근로자 수). Unit: persons (명).',
      },
      rdSpend: krw('R&D expenditure in the period (연구개발비)', { minimum: 0 }),
      exports: krw('Export sales in the period (수출액), converted to won', { minimum: 0 }),
      debtRatio: {
        type: 'number',
        description:
          'Debt ratio (부채비율) at the end of the period: total liabilities ÷ equity × 100. Unit: percent (%). Negative when equity is negative (완전자본잠식).',
      },
      overdueDays: {
        type: 'integer',
        minimum: 0,
        description:
          'Days the longest-overdue loan or payable was past due at the end of the period (연체일수); 0 = nothing overdue. Unit: days (일).',
      },
      interestCoverage: {
        type: 'number',
        description:
          'Interest coverage ratio (이자보상배율): operating profit ÷ interest expense. Unit: times (배). Below 1 means profit does not cover interest; negative on an operating loss. Absent when there was no interest expense.',
      },
      totalAssets: krw('Total assets at the end of the period (자산총계)', { minimum: 0 }),
      totalLiabilities: krw('Total liabilities at the end of the period (부채총계)', { minimum: 0 }),
      equity: krw(
        'Book equity at the end of the period (자본총계); negative under complete capital impairment (완전자본잠식)',
      ),
      workingCapital: krw(
        'Working capital at the end of the period: current assets − current liabilities (운전자본)',
      ),
      retainedEarnings: krw('Retained earnings at the end of the period (이익잉여금; negative as 결손금)'),
      ebit: krw('Earnings before interest and taxes in the period (EBIT, approximated by 영업이익)'),
      reportedAt: instant('When the indicators were reported (business time)'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    period: '2026-Q1',
    sales: 4_250_000_000,
    employees: 87,
    rdSpend: 310_000_000,
    exports: 1_120_000_000,
    debtRatio: 182.4,
    overdueDays: 0,
    interestCoverage: 2.3,
    totalAssets: 6_800_000_000,
    totalLiabilities: 4_400_000_000,
    equity: 2_400_000_000,
    workingCapital: 900_000_000,
    retainedEarnings: 1_100_000_000,
    ebit: 420_000_000,
    reportedAt: '2026-04-20T14:30:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
