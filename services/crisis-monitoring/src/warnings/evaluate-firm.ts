import type { RegionCode } from '@baton/reference-data';
import { evaluateRule, type FindingInputs, type Measured } from '../rules/evaluate-rule';
import type { FirmHistory } from '../rules/firm-history';
import type { RuleSet } from '../rules/rule-set';
import type { Signal } from '../rules/signals';
import { severityOf, type WarningLevel } from '../rules/warning-level';

/** A firm's open warning on a signal, as evaluation needs it. */
export interface OpenWarningView {
  readonly warningId: string;
  readonly signal: Signal;
  /** null: the signal cleared while the warning stays open. */
  readonly level: WarningLevel | null;
}

interface DecisionBase {
  readonly firmId: string;
  readonly signal: Signal;
  readonly ruleId: string;
  readonly ruleSetVersion: number;
  readonly measured: Measured;
  readonly inputs: FindingInputs;
}
/** No warning is open on the signal and the rule reached a level. */
export interface RaiseDecision extends DecisionBase {
  readonly kind: 'raise';
  readonly region: RegionCode;
  readonly industryId: string;
  readonly level: WarningLevel;
}
/** The open warning's level moves (hysteresis applied); `to: null` when the signal cleared. */
export interface ChangeLevelDecision extends DecisionBase {
  readonly kind: 'change-level';
  readonly warningId: string;
  readonly from: WarningLevel | null;
  readonly to: WarningLevel | null;
  readonly direction: 'escalated' | 'eased';
}
export type WarningDecision = RaiseDecision | ChangeLevelDecision;

/**
 * What the rule set says about a firm now, given its open warnings: raise a warning per signal that reached a
 * level and has none open, move the level of an open one that changed, nothing otherwise (a rule that cannot be
 * measured leaves its warning as it is). Pure: the live service and the backtest both call exactly this.
 * Decisions come in the rule set's order.
 */
export function evaluateFirm(
  ruleSet: RuleSet,
  history: FirmHistory,
  openWarnings: readonly OpenWarningView[],
): WarningDecision[] {
  const open = new Map<Signal, OpenWarningView>();
  for (const warning of openWarnings) {
    if (open.has(warning.signal))
      throw new Error(
        `Firm ${history.firmId} has two open warnings on ${warning.signal}; there is at most one`,
      );
    open.set(warning.signal, warning);
  }
  const decisions: WarningDecision[] = [];
  for (const rule of ruleSet.rules) {
    const current = open.get(rule.signal);
    const evaluation = evaluateRule(rule, history, current?.level ?? null);
    if (!evaluation) continue;
    const base: DecisionBase = {
      firmId: history.firmId,
      signal: rule.signal,
      ruleId: rule.id,
      ruleSetVersion: ruleSet.version,
      measured: evaluation.measured,
      inputs: evaluation.inputs,
    };
    if (!current) {
      if (evaluation.level !== null)
        decisions.push({
          ...base,
          kind: 'raise',
          region: history.region,
          industryId: history.industryId,
          level: evaluation.level,
        });
    } else if (evaluation.level !== current.level) {
      decisions.push({
        ...base,
        kind: 'change-level',
        warningId: current.warningId,
        from: current.level,
        to: evaluation.level,
        direction: severityOf(evaluation.level) > severityOf(current.level) ? 'escalated' : 'eased',
      });
    }
  }
  return decisions;
}
