import type { Ladder, Threshold } from './rule-set';
import type { Direction } from './signals';
import { severityOf, type WarningLevel } from './warning-level';

/** Whether a measured value reaches a threshold: ≥ / ≤ (or > / < when strict) in the worse direction. */
export function reaches(threshold: Threshold, direction: Direction, value: number): boolean {
  if (direction === 'higher-is-worse')
    return threshold.strict ? value > threshold.value : value >= threshold.value;
  return threshold.strict ? value < threshold.value : value <= threshold.value;
}

/** The most severe level of the ladder the value reaches; null when it reaches none. */
export function levelOf(ladder: Ladder, direction: Direction, value: number): WarningLevel | null {
  let level: WarningLevel | null = null;
  for (const threshold of ladder)
    if (reaches(threshold, direction, value) && severityOf(threshold.level) > severityOf(level))
      level = threshold.level;
  return level;
}

/** Drops binary noise from decimal sums (1.1 + 0.1 = 1.2000000000000002 → 1.2), so a boundary is where it is written. */
const decimal = (value: number): number => Number(value.toPrecision(12));

/**
 * The level after a new measurement, with hysteresis. Escalation is immediate: a value reaching a more severe
 * threshold than `previous` gives that level. Easing is damped: the firm keeps a level up to `previous` as long as
 * the value still reaches that level's threshold moved back by `clearMargin` (toward the better side), so a
 * value hovering at a threshold does not flap. With a margin of 0 this is levelOf.
 */
export function levelWithHysteresis(
  ladder: Ladder,
  direction: Direction,
  clearMargin: number,
  previous: WarningLevel | null,
  value: number,
): WarningLevel | null {
  const raw = levelOf(ladder, direction, value);
  if (severityOf(raw) >= severityOf(previous)) return raw;
  const shift = direction === 'higher-is-worse' ? -clearMargin : clearMargin;
  const held = levelOf(
    ladder
      .filter((t) => severityOf(t.level) <= severityOf(previous))
      .map((t) => ({ ...t, value: decimal(t.value + shift) })),
    direction,
    value,
  );
  return severityOf(held) > severityOf(raw) ? held : raw;
}
