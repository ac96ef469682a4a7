import type { RuleSet } from './rule-set';

/*
 * The first rule set to publish. Only two things in it are sourced: the Altman Z″ zones (altman.ts: Altman 2000 /
 * 2002) and the marginal-firm definition, interest coverage below 1 for three years running (Bank of Korea usage,
 * unverified here). Every other threshold, margin, SLA and the regional rule are modelling choices (unverified),
 * to be tuned with the crisis support centers through backtests and published as version 2, 3, …
 */
export const RULE_SET_V1: RuleSet = {
  version: 1,
  rules: [
    {
      id: 'sales-drop-yoy-annual',
      signal: 'sales-drop-yoy',
      nameKo: '매출액 전년 대비 감소',
      parameters: { periodKind: 'year' },
      thresholds: [
        { level: 'caution', value: 20 },
        { level: 'pre-alert', value: 30 },
        { level: 'alert', value: 50 },
      ],
      clearMargin: 5,
    },
    {
      id: 'employee-fall',
      signal: 'employee-fall',
      nameKo: '상시근로자 감소',
      parameters: {
        personThresholds: [
          { level: 'caution', value: 10 },
          { level: 'pre-alert', value: 30 },
          { level: 'alert', value: 50 },
        ],
        personClearMargin: 2,
      },
      thresholds: [
        { level: 'caution', value: 10 },
        { level: 'pre-alert', value: 20 },
        { level: 'alert', value: 30 },
      ],
      clearMargin: 2,
    },
    {
      id: 'debt-ratio',
      signal: 'debt-ratio',
      nameKo: '부채비율',
      parameters: { negativeEquityLevel: 'alert' },
      thresholds: [
        { level: 'caution', value: 200 },
        { level: 'pre-alert', value: 300 },
        { level: 'alert', value: 400 },
      ],
      clearMargin: 20,
    },
    {
      id: 'overdue-days-rising',
      signal: 'overdue-days-rising',
      nameKo: '연체일수 증가',
      parameters: { minRiseDays: 1 },
      thresholds: [
        { level: 'caution', value: 30 },
        { level: 'pre-alert', value: 60 },
        // 90 days: the usual "3개월 이상 연체" mark of a non-performing loan (unverified here).
        { level: 'alert', value: 90 },
      ],
      clearMargin: 10,
    },
    {
      id: 'interest-coverage',
      signal: 'interest-coverage',
      nameKo: '이자보상배율 1 미만(일시적 / 한계기업)',
      parameters: { below: 1 },
      thresholds: [
        { level: 'caution', value: 1 }, // 일시적: one year below 1
        { level: 'alert', value: 3 }, // 한계기업: three consecutive years
      ],
      clearMargin: 0,
    },
    {
      id: 'altman-z-double-prime',
      signal: 'altman-z-double-prime',
      nameKo: 'Altman Z″ 부실 예측',
      parameters: { constant: 0 },
      thresholds: [
        { level: 'caution', value: 2.6 }, // grey zone: Z″ ≤ 2.60
        { level: 'alert', value: 1.1, strict: true }, // distress zone: Z″ < 1.10
      ],
      clearMargin: 0.1,
    },
    {
      id: 'firm-closed',
      signal: 'firm-closed',
      nameKo: '폐업·파산',
      parameters: { reasons: ['business-closed', 'bankrupt'] },
      thresholds: [{ level: 'insolvent', value: 1 }],
      clearMargin: 0,
    },
  ],
  acknowledgeWithinHours: { caution: 72, 'pre-alert': 48, alert: 24, insolvent: 8 },
  regional: { minFirms: 3, windowDays: 90 },
};
