import type { RegionCode } from '@baton/reference-data';
import type { RuleSet } from '../rules/rule-set';
import type { OpenWarningView, WarningDecision } from './evaluate-firm';
import {
  warningIdFor,
  type ChangeWarningLevel,
  type RaiseWarning,
  type WarningActor,
  type WarningRoutingData,
  type WarningStream,
} from './warning.decider';

/** The service itself, evaluating firms and watching deadlines. */
export const SYSTEM_ACTOR: WarningActor = { userId: 'crisis-monitoring', role: 'system' };

/** The open warnings of a firm, from the states of its warning streams (one per signal). */
export const openWarningsOf = (streams: readonly WarningStream[]): OpenWarningView[] =>
  streams.flatMap((s) =>
    s.status === 'open' ? [{ warningId: s.warning.warningId, signal: s.signal, level: s.warning.level }] : [],
  );

export interface CommandContext {
  readonly ruleSet: RuleSet;
  /** The business time of the fact that triggered the evaluation. */
  readonly now: string;
  /** The state of the decision's stream (firm + signal): a raise takes the next episode's id. */
  readonly stream: WarningStream;
  /** Where a new warning of the region goes at `now` (warning-routing.ts). */
  readonly route: (region: RegionCode, at: string) => WarningRoutingData;
  readonly actor?: WarningActor;
}

/** The live path: the command that carries out an evaluateFirm decision on its stream. */
export function commandFor(
  decision: WarningDecision,
  context: CommandContext,
): RaiseWarning | ChangeWarningLevel {
  const metadata = { now: context.now, actor: context.actor ?? SYSTEM_ACTOR };
  const { ruleSet, stream } = context;
  if (decision.kind === 'raise')
    return {
      type: 'RaiseWarning',
      data: {
        warningId: warningIdFor(
          decision.firmId,
          decision.signal,
          (stream.status === 'none' ? 0 : stream.episodes) + 1,
        ),
        firmId: decision.firmId,
        signal: decision.signal,
        region: decision.region,
        industryId: decision.industryId,
        level: decision.level,
        ruleSetVersion: decision.ruleSetVersion,
        ruleId: decision.ruleId,
        measured: decision.measured,
        inputs: decision.inputs,
        routing: context.route(decision.region, context.now),
        ackSlaHours: ruleSet.acknowledgeWithinHours[decision.level],
      },
      metadata,
    };
  return {
    type: 'ChangeWarningLevel',
    data: {
      warningId: decision.warningId,
      firmId: decision.firmId,
      signal: decision.signal,
      level: decision.to,
      ruleSetVersion: decision.ruleSetVersion,
      ruleId: decision.ruleId,
      measured: decision.measured,
      inputs: decision.inputs,
      ackSlaHours: decision.to === null ? null : ruleSet.acknowledgeWithinHours[decision.to],
    },
    metadata,
  };
}
