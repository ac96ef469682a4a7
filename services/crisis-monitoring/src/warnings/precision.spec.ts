import { closedWarningsOf, precisionByRule, type ClosedWarning } from './precision';
import type { WarningEvent } from './warning.events';

const closed = (
  ruleId: string,
  end: ClosedWarning['end'],
  n: number,
  signal: ClosedWarning['signal'] = 'debt-ratio',
) =>
  Array.from({ length: n }, (_, i): ClosedWarning => ({
    warningId: `${ruleId}-${end}-${i}`,
    ruleId,
    signal,
    ruleSetVersion: 1,
    end,
  }));

describe('precisionByRule', () => {
  it('is resolved ÷ (resolved + dismissed as false alarm), per rule, sorted by rule id', () => {
    expect(
      precisionByRule([
        ...closed('sales-drop-yoy-annual', 'resolved', 3, 'sales-drop-yoy'),
        ...closed('debt-ratio', 'resolved', 1),
        ...closed('sales-drop-yoy-annual', 'dismissed', 1, 'sales-drop-yoy'),
        ...closed('debt-ratio', 'dismissed', 3),
      ]),
    ).toEqual([
      { ruleId: 'debt-ratio', signal: 'debt-ratio', resolved: 1, dismissed: 3, precision: 0.25 },
      {
        ruleId: 'sales-drop-yoy-annual',
        signal: 'sales-drop-yoy',
        resolved: 3,
        dismissed: 1,
        precision: 0.75,
      },
    ]);
  });

  it.each<[number, number, number]>([
    [4, 0, 1],
    [0, 4, 0],
    [1, 2, 1 / 3],
  ])('%i resolved and %i dismissed give %d', (resolved, dismissed, precision) => {
    expect(
      precisionByRule([...closed('r', 'resolved', resolved), ...closed('r', 'dismissed', dismissed)])[0]
        .precision,
    ).toBeCloseTo(precision, 12);
  });

  it('has no row for a rule with no ended warning, and an empty list for none at all', () => {
    expect(precisionByRule([])).toEqual([]);
    expect(precisionByRule(closed('a', 'resolved', 1)).map((r) => r.ruleId)).toEqual(['a']);
  });
});

describe('closedWarningsOf', () => {
  it('takes the ended warnings from stored events and ignores the rest', () => {
    const events: WarningEvent[] = [
      {
        type: 'WarningAcknowledged',
        data: {
          warningId: 'w0',
          firmId: 'f',
          agencyId: 'a',
          userId: 'u',
          acknowledgedAt: '2026-01-01T00:00:00Z',
        },
      },
      {
        type: 'WarningResolved',
        data: {
          warningId: 'w1',
          firmId: 'f',
          signal: 'debt-ratio',
          ruleSetVersion: 1,
          ruleId: 'debt-ratio',
          outcome: 'recovered',
          note: null,
          resolvedBy: 'a',
          resolvedAt: '2026-02-01T00:00:00Z',
        },
      },
      {
        type: 'WarningDismissed',
        data: {
          warningId: 'w2',
          firmId: 'f',
          signal: 'sales-drop-yoy',
          ruleSetVersion: 2,
          ruleId: 'sales-drop-yoy-annual',
          reason: '오입력',
          dismissedBy: 'a',
          dismissedAt: '2026-03-01T00:00:00Z',
        },
      },
    ];
    expect(closedWarningsOf(events)).toEqual([
      { warningId: 'w1', ruleId: 'debt-ratio', signal: 'debt-ratio', ruleSetVersion: 1, end: 'resolved' },
      {
        warningId: 'w2',
        ruleId: 'sales-drop-yoy-annual',
        signal: 'sales-drop-yoy',
        ruleSetVersion: 2,
        end: 'dismissed',
      },
    ]);
    expect(precisionByRule(closedWarningsOf(events)).map((r) => [r.ruleId, r.precision])).toEqual([
      ['debt-ratio', 1],
      ['sales-drop-yoy-annual', 0],
    ]);
  });
});
