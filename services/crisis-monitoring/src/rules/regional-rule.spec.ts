import { regionalWarnings, type OpenWarningRecord } from './regional-rule';

const RULE = { minFirms: 3, windowDays: 90 };
const AS_OF = '2026-06-30T00:00:00.000Z';
const open = (
  firmId: string,
  raisedAt: string,
  region = '27',
  industryId = 'daegu-robotics',
): OpenWarningRecord => ({
  firmId,
  region: region as OpenWarningRecord['region'],
  industryId,
  raisedAt,
});

describe('regionalWarnings (N distinct firms of one region and industry within D days)', () => {
  it('raises a regional warning at N firms', () => {
    expect(
      regionalWarnings(
        [
          open('f3', '2026-06-01T00:00:00Z'),
          open('f1', '2026-04-15T00:00:00Z'),
          open('f2', '2026-06-30T00:00:00Z'),
        ],
        RULE,
        AS_OF,
      ),
    ).toEqual([
      {
        region: '27',
        industryId: 'daegu-robotics',
        firmIds: ['f1', 'f2', 'f3'],
        windowStart: '2026-04-01T00:00:00.000Z',
        windowEnd: AS_OF,
      },
    ]);
  });

  it('stays quiet below N firms', () => {
    expect(
      regionalWarnings([open('f1', '2026-06-01T00:00:00Z'), open('f2', '2026-06-02T00:00:00Z')], RULE, AS_OF),
    ).toEqual([]);
  });

  it('counts a firm with several warnings once', () => {
    const warnings = [
      open('f1', '2026-06-01T00:00:00Z'),
      open('f1', '2026-06-02T00:00:00Z'),
      open('f2', '2026-06-03T00:00:00Z'),
    ];
    expect(regionalWarnings(warnings, RULE, AS_OF)).toEqual([]);
  });

  it('keeps regions and industries apart', () => {
    const warnings = [
      open('f1', '2026-06-01T00:00:00Z'),
      open('f2', '2026-06-01T00:00:00Z'),
      open('f3', '2026-06-01T00:00:00Z', '47'),
      open('f4', '2026-06-01T00:00:00Z', '27', 'daegu-medical'),
    ];
    expect(regionalWarnings(warnings, RULE, AS_OF)).toEqual([]);
  });

  it('includes both ends of the window and nothing outside it (nor anything raised after asOf)', () => {
    const edge = [
      open('f1', '2026-04-01T00:00:00.000Z'),
      open('f2', '2026-05-01T00:00:00Z'),
      open('f3', AS_OF),
    ];
    expect(regionalWarnings(edge, RULE, AS_OF)).toHaveLength(1);
    const tooOld = [open('f1', '2026-03-31T23:59:59.999Z'), ...edge.slice(1)];
    expect(regionalWarnings(tooOld, RULE, AS_OF)).toEqual([]);
    const tooNew = [...edge.slice(0, 2), open('f3', '2026-06-30T00:00:00.001Z')];
    expect(regionalWarnings(tooNew, RULE, AS_OF)).toEqual([]);
  });

  it('compares instants, not strings (offsets differ)', () => {
    // 2026-04-01T08:59+09:00 is 2026-03-31T23:59Z: outside the window.
    const warnings = [
      open('f1', '2026-04-01T08:59:00+09:00'),
      open('f2', '2026-05-01T00:00:00+09:00'),
      open('f3', '2026-06-01T00:00:00+09:00'),
    ];
    expect(regionalWarnings(warnings, RULE, AS_OF)).toEqual([]);
    expect(regionalWarnings(warnings, { ...RULE, windowDays: 91 }, AS_OF)).toHaveLength(1);
  });

  it('lists several clusters sorted by region and industry', () => {
    const firms = ['f1', 'f2', 'f3'];
    const warnings = [
      ...firms.map((f) => open(`${f}-b`, '2026-06-01T00:00:00Z', '47', 'gyeongbuk-battery')),
      ...firms.map((f) => open(`${f}-m`, '2026-06-01T00:00:00Z', '27', 'daegu-medical')),
      ...firms.map((f) => open(`${f}-r`, '2026-06-01T00:00:00Z', '27', 'daegu-robotics')),
    ];
    expect(
      regionalWarnings(warnings, RULE, AS_OF).map((w) => [w.region, w.industryId, w.firmIds.length]),
    ).toEqual([
      ['27', 'daegu-medical', 3],
      ['27', 'daegu-robotics', 3],
      ['47', 'gyeongbuk-battery', 3],
    ]);
  });

  it('refuses times without an offset', () => {
    expect(() => regionalWarnings([], RULE, '2026-06-30')).toThrow(RangeError);
    expect(() => regionalWarnings([open('f1', '2026-06-01 00:00')], RULE, AS_OF)).toThrow(RangeError);
  });
});
