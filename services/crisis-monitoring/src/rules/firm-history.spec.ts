import {
  comparePeriods,
  historyOf,
  InvalidFirmFact,
  latestAndPrevious,
  parsePeriod,
  recordFact,
  reportsWith,
  yearEarlier,
  type FirmFact,
} from './firm-history';

const registered: FirmFact = {
  type: 'firm-registered',
  firmId: 'firm-a',
  region: '27',
  industryId: 'daegu-robotics',
  at: '2024-01-10T00:00:00Z',
};
const report = (
  period: string,
  indicators: Record<string, number>,
  at = '2026-01-01T00:00:00Z',
): FirmFact => ({
  type: 'indicators-reported',
  firmId: 'firm-a',
  period,
  indicators,
  at,
});

describe('periods', () => {
  it.each([
    ['2026', { kind: 'year', year: 2026, quarter: null }],
    ['2026-Q1', { kind: 'quarter', year: 2026, quarter: 1 }],
    ['2025-Q4', { kind: 'quarter', year: 2025, quarter: 4 }],
  ])('parses %s', (period, parsed) => {
    expect(parsePeriod(period)).toEqual(parsed);
  });

  it.each(['2026-Q5', '2026-Q0', '26', '2026Q1', '2026-q1', '2026-01', ''])('refuses %p', (period) => {
    expect(parsePeriod(period)).toBeNull();
  });

  it('steps back a year within the same kind of period', () => {
    expect(yearEarlier('2026')).toBe('2025');
    expect(yearEarlier('2026-Q3')).toBe('2025-Q3');
    expect(() => yearEarlier('2026-H1')).toThrow(InvalidFirmFact);
  });

  it('orders periods by their end, a year after its fourth quarter', () => {
    expect(['2026', '2025-Q4', '2025', '2026-Q1', '2025-Q1'].sort(comparePeriods)).toEqual([
      '2025-Q1',
      '2025-Q4',
      '2025',
      '2026-Q1',
      '2026',
    ]);
  });
});

describe('recordFact', () => {
  it('starts a history at registration, with region and industry', () => {
    expect(recordFact(null, registered)).toEqual({
      firmId: 'firm-a',
      region: '27',
      industryId: 'daegu-robotics',
      registeredAt: '2024-01-10T00:00:00Z',
      reports: {},
      closure: null,
    });
  });

  it('keeps reports by period; a restatement replaces the period (the latest counts)', () => {
    const history = historyOf([
      registered,
      report('2025', { sales: 1000, employees: 50 }, '2026-03-01T00:00:00Z'),
      report('2025', { sales: 900 }, '2026-04-01T00:00:00Z'),
      report('2026-Q1', { sales: 200 }),
    ])!;
    expect(history.reports).toEqual({
      '2025': { period: '2025', indicators: { sales: 900 }, reportedAt: '2026-04-01T00:00:00Z' },
      '2026-Q1': { period: '2026-Q1', indicators: { sales: 200 }, reportedAt: '2026-01-01T00:00:00Z' },
    });
  });

  it('a relocation or a new industry moves the firm; reports stay', () => {
    const history = historyOf([
      registered,
      report('2025', { sales: 1000 }),
      { type: 'firm-moved', firmId: 'firm-a', region: '26', at: '2026-02-01T00:00:00Z' },
      { type: 'firm-moved', firmId: 'firm-a', industryId: 'busan-marine', at: '2026-03-01T00:00:00Z' },
    ])!;
    expect(history).toMatchObject({ region: '26', industryId: 'busan-marine' });
    expect(Object.keys(history.reports)).toEqual(['2025']);
  });

  it('records the first closure only (a re-delivered closure changes nothing)', () => {
    const history = historyOf([
      registered,
      { type: 'firm-closed', firmId: 'firm-a', reason: 'bankrupt', at: '2026-05-01T00:00:00Z' },
      { type: 'firm-closed', firmId: 'firm-a', reason: 'merged', at: '2026-06-01T00:00:00Z' },
    ])!;
    expect(history.closure).toEqual({ reason: 'bankrupt', closedAt: '2026-05-01T00:00:00Z' });
  });

  it('is pure: the earlier history is left as it was', () => {
    const before = historyOf([registered])!;
    const after = recordFact(before, report('2025', { sales: 1 }));
    expect(before.reports).toEqual({});
    expect(Object.keys(after.reports)).toEqual(['2025']);
  });

  it.each<[string, FirmFact[], string]>([
    ['a report before registration', [report('2025', { sales: 1 })], 'firm-not-registered'],
    ['a second registration', [registered, registered], 'firm-already-registered'],
    ['a period that is not one', [registered, report('2025-H1', { sales: 1 })], 'invalid-period'],
    ['an unknown indicator', [registered, report('2025', { profit: 1 })], 'unknown-indicator'],
    ['a NaN indicator', [registered, report('2025', { sales: NaN })], 'invalid-indicator'],
    [
      'a fact of another firm',
      [registered, { ...report('2025', { sales: 1 }), firmId: 'firm-b' } as FirmFact],
      'firm-mismatch',
    ],
  ])('refuses %s', (_what, facts, code) => {
    expect(() => historyOf(facts)).toThrow(expect.objectContaining({ code }));
  });
});

describe('reading reports', () => {
  const history = historyOf([
    registered,
    report('2024', { employees: 40, sales: 10 }),
    report('2025-Q3', { employees: 45 }),
    report('2025-Q4', { employees: 47 }),
    report('2025', { employees: 48, sales: 12 }),
    report('2026-Q1', { sales: 3 }),
  ])!;

  it('lists the reports carrying an indicator, oldest first, optionally of one kind', () => {
    expect(reportsWith(history, 'employees').map((r) => r.period)).toEqual([
      '2024',
      '2025-Q3',
      '2025-Q4',
      '2025',
    ]);
    expect(reportsWith(history, 'sales', 'year').map((r) => r.period)).toEqual(['2024', '2025']);
    expect(reportsWith(history, 'sales', 'quarter').map((r) => r.period)).toEqual(['2026-Q1']);
  });

  it('pairs the latest report with the previous one that ended strictly earlier', () => {
    const pair = latestAndPrevious(history, 'employees')!;
    expect(pair.latest.period).toBe('2025');
    // 2025-Q4 ends the same day as 2025: the previous report is 2025-Q3.
    expect(pair.previous?.period).toBe('2025-Q3');
    expect(latestAndPrevious(history, 'debtRatio')).toBeNull();
  });
});
