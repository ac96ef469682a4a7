import type { Ladder } from './rule-set';
import { levelOf, levelWithHysteresis, reaches } from './thresholds';
import type { WarningLevel } from './warning-level';

const RISING: Ladder = [
  { level: 'caution', value: 20 },
  { level: 'pre-alert', value: 30 },
  { level: 'alert', value: 50 },
];
// Altman Z″: grey ≤ 2.60, distress < 1.10.
const FALLING: Ladder = [
  { level: 'caution', value: 2.6 },
  { level: 'alert', value: 1.1, strict: true },
];

describe('reaches', () => {
  it.each<[string, boolean, number, boolean]>([
    ['higher-is-worse', false, 20, true],
    ['higher-is-worse', false, 19.999, false],
    ['higher-is-worse', true, 20, false],
    ['higher-is-worse', true, 20.001, true],
    ['lower-is-worse', false, 1.1, true],
    ['lower-is-worse', false, 1.1001, false],
    ['lower-is-worse', true, 1.1, false],
    ['lower-is-worse', true, 1.0999, true],
  ])('%s, strict %s: value %d → %s', (direction, strict, value, expected) => {
    const threshold = {
      level: 'caution' as const,
      value: direction === 'higher-is-worse' ? 20 : 1.1,
      strict,
    };
    expect(reaches(threshold, direction as 'higher-is-worse' | 'lower-is-worse', value)).toBe(expected);
  });
});

describe('levelOf', () => {
  it.each<[number, WarningLevel | null]>([
    [-5, null],
    [0, null],
    [19.999, null],
    [20, 'caution'],
    [29.999, 'caution'],
    [30, 'pre-alert'],
    [49.999, 'pre-alert'],
    [50, 'alert'],
    [100, 'alert'],
  ])('higher-is-worse ladder 20/30/50: %d → %s', (value, level) => {
    expect(levelOf(RISING, 'higher-is-worse', value)).toBe(level);
  });

  it.each<[number, WarningLevel | null]>([
    [5, null],
    [2.6001, null],
    [2.6, 'caution'],
    [1.5, 'caution'],
    [1.1, 'caution'],
    [1.0999, 'alert'],
    [-3, 'alert'],
  ])('lower-is-worse ladder ≤2.60 / <1.10: %d → %s', (value, level) => {
    expect(levelOf(FALLING, 'lower-is-worse', value)).toBe(level);
  });

  it('gives the most severe level reached even in a ladder that skips levels', () => {
    const ladder: Ladder = [
      { level: 'caution', value: 1 },
      { level: 'alert', value: 3 },
    ];
    expect([0, 1, 2, 3, 4].map((v) => levelOf(ladder, 'higher-is-worse', v))).toEqual([
      null,
      'caution',
      'caution',
      'alert',
      'alert',
    ]);
  });
});

describe('levelWithHysteresis: a pure function of (previous level, value)', () => {
  it.each<[WarningLevel | null, number, WarningLevel | null, string]>([
    [null, 19, null, 'nothing below the first threshold'],
    [null, 20, 'caution', 'a first level at its threshold'],
    [null, 55, 'alert', 'straight to the highest level reached'],
    ['caution', 30, 'pre-alert', 'escalation is immediate'],
    ['caution', 19, 'caution', 'kept just below the threshold'],
    ['caution', 15, 'caution', 'kept at exactly threshold − margin'],
    ['caution', 14.999, null, 'dropped once past threshold − margin'],
    ['pre-alert', 25, 'pre-alert', 'pre-alert kept down to 30 − 5'],
    ['pre-alert', 24.9, 'caution', 'pre-alert eases to caution, which still holds'],
    ['alert', 46, 'alert', 'alert kept within the margin'],
    ['alert', 44, 'pre-alert', 'alert eases one level'],
    ['alert', 16, 'caution', 'alert eases to the lowest level that still holds'],
    ['alert', 14, null, 'alert clears when past every threshold by the margin'],
  ])('margin 5: previous %s, value %d → %s (%s)', (previous, value, expected) => {
    expect(levelWithHysteresis(RISING, 'higher-is-worse', 5, previous, value)).toBe(expected);
  });

  it.each<[WarningLevel | null, number, WarningLevel | null]>([
    ['caution', 2.65, 'caution'],
    ['caution', 2.7001, null],
    ['alert', 1.15, 'alert'],
    ['alert', 1.2, 'caution'],
    ['alert', 1.25, 'caution'],
    ['alert', 3, null],
    [null, 1.05, 'alert'],
  ])('lower-is-worse, margin 0.1: previous %s, value %d → %s', (previous, value, expected) => {
    expect(levelWithHysteresis(FALLING, 'lower-is-worse', 0.1, previous, value)).toBe(expected);
  });

  it('does not flap when a value hovers at a threshold; without a margin it would', () => {
    const hovering = [20, 19.5, 20.5, 18, 21, 15.5, 20];
    const run = (margin: number) => {
      let level: WarningLevel | null = null;
      return hovering.map(
        (value) => (level = levelWithHysteresis(RISING, 'higher-is-worse', margin, level, value)),
      );
    };
    expect(run(5)).toEqual(['caution', 'caution', 'caution', 'caution', 'caution', 'caution', 'caution']);
    expect(run(0)).toEqual(['caution', null, 'caution', null, 'caution', null, 'caution']);
  });

  it('equals levelOf with a margin of 0, from any previous level', () => {
    const previous: (WarningLevel | null)[] = [null, 'caution', 'pre-alert', 'alert', 'insolvent'];
    for (const p of previous)
      for (let value = 0; value <= 60; value += 0.5)
        expect(levelWithHysteresis(RISING, 'higher-is-worse', 0, p, value)).toBe(
          levelOf(RISING, 'higher-is-worse', value),
        );
  });

  it('eases a previous level the ladder does not have (from an older rule set) to one it has', () => {
    const ladder: Ladder = [
      { level: 'caution', value: 1 },
      { level: 'alert', value: 3 },
    ];
    expect(levelWithHysteresis(ladder, 'higher-is-worse', 0, 'pre-alert', 2)).toBe('caution');
    expect(levelWithHysteresis(ladder, 'higher-is-worse', 0, 'pre-alert', 3)).toBe('alert');
    expect(levelWithHysteresis(ladder, 'higher-is-worse', 0, 'insolvent', 0)).toBeNull();
  });
});
