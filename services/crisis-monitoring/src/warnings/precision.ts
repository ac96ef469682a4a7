import type { Signal } from '../rules/signals';
import type { WarningEnd } from './warning.decider';
import type { WarningEvent } from './warning.events';

/** A warning that ended, attributed to the rule (and rule set version) that raised it. */
export interface ClosedWarning {
  readonly warningId: string;
  readonly ruleId: string;
  readonly signal: Signal;
  readonly ruleSetVersion: number;
  readonly end: WarningEnd;
}

/** Precision of a rule: resolved (a true positive) ÷ (resolved + dismissed as a false alarm). */
export interface RulePrecision {
  readonly ruleId: string;
  readonly signal: Signal;
  readonly resolved: number;
  readonly dismissed: number;
  /** null when no warning of the rule has ended yet. */
  readonly precision: number | null;
}

/** The ended warnings among stored warning events. */
export const closedWarningsOf = (events: readonly WarningEvent[]): ClosedWarning[] =>
  events.flatMap((e): ClosedWarning[] =>
    e.type === 'WarningResolved' || e.type === 'WarningDismissed'
      ? [
          {
            warningId: e.data.warningId,
            ruleId: e.data.ruleId,
            signal: e.data.signal,
            ruleSetVersion: e.data.ruleSetVersion,
            end: e.type === 'WarningResolved' ? 'resolved' : 'dismissed',
          },
        ]
      : [],
  );

/**
 * Precision per rule over closed warnings, sorted by rule id. Open warnings are not counted (their outcome is not
 * known), nor is recall: warnings a rule never raised leave no trace here.
 */
export function precisionByRule(closed: readonly ClosedWarning[]): RulePrecision[] {
  const byRule = new Map<string, { ruleId: string; signal: Signal; resolved: number; dismissed: number }>();
  for (const w of closed) {
    const key = `${w.ruleId}\u0000${w.signal}`;
    const counts = byRule.get(key) ?? { ruleId: w.ruleId, signal: w.signal, resolved: 0, dismissed: 0 };
    if (w.end === 'resolved') counts.resolved += 1;
    else counts.dismissed += 1;
    byRule.set(key, counts);
  }
  return [...byRule.values()]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.signal.localeCompare(b.signal))
    .map((c) => ({
      ...c,
      precision: c.resolved + c.dismissed === 0 ? null : c.resolved / (c.resolved + c.dismissed),
    }));
}
