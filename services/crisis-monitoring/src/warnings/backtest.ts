import type { FindingInputs, Measured } from '../rules/evaluate-rule';
import { recordFact, type FirmFact, type FirmHistory } from '../rules/firm-history';
import { instantMs } from '../rules/instant';
import type { RuleSet } from '../rules/rule-set';
import type { Signal } from '../rules/signals';
import type { WarningLevel } from '../rules/warning-level';
import { evaluateFirm, type OpenWarningView } from './evaluate-firm';
import { warningIdFor } from './warning.decider';
import type { WarningEvent } from './warning.events';

/** A warning raised or moved, and when: the common shape of a backtest and of a live stream's events. */
export interface WarningTimelineEntry {
  readonly at: string;
  readonly kind: 'raised' | 'level-changed';
  readonly warningId: string;
  readonly firmId: string;
  readonly signal: Signal;
  readonly from: WarningLevel | null;
  readonly to: WarningLevel | null;
  readonly ruleId: string;
  readonly ruleSetVersion: number;
  readonly measured: Measured;
  readonly inputs: FindingInputs;
}

export interface BacktestResult {
  readonly timeline: readonly WarningTimelineEntry[];
  /** Warnings still open after the last fact (a backtest resolves and dismisses nothing). */
  readonly openAtEnd: readonly (OpenWarningView & { readonly firmId: string })[];
}

/**
 * Which warnings a rule set would have raised or moved over a past history, and when, writing nothing. Facts are
 * applied one by one in the given order (which must not go back in time), and evaluateFirm runs after each, as
 * the live service does on each fact it receives.
 */
export function backtest(ruleSet: RuleSet, orderedFacts: readonly FirmFact[]): BacktestResult {
  const histories = new Map<string, FirmHistory>();
  const open = new Map<string, Map<Signal, OpenWarningView>>();
  const episodes = new Map<string, number>();
  const timeline: WarningTimelineEntry[] = [];
  let lastMs = -Infinity;
  for (const fact of orderedFacts) {
    const ms = instantMs(fact.at);
    if (ms === undefined) throw new RangeError(`Fact time "${fact.at}" is not an ISO instant with an offset`);
    if (ms < lastMs) throw new RangeError(`Facts must be in time order: ${fact.at} comes after a later fact`);
    lastMs = ms;
    const history = recordFact(histories.get(fact.firmId) ?? null, fact);
    histories.set(fact.firmId, history);
    const firmOpen = open.get(fact.firmId) ?? new Map<Signal, OpenWarningView>();
    open.set(fact.firmId, firmOpen);
    for (const decision of evaluateFirm(ruleSet, history, [...firmOpen.values()])) {
      const common = {
        at: fact.at,
        firmId: decision.firmId,
        signal: decision.signal,
        ruleId: decision.ruleId,
        ruleSetVersion: decision.ruleSetVersion,
        measured: decision.measured,
        inputs: decision.inputs,
      };
      if (decision.kind === 'raise') {
        const key = `${decision.firmId}:${decision.signal}`;
        const episode = (episodes.get(key) ?? 0) + 1;
        episodes.set(key, episode);
        const warningId = warningIdFor(decision.firmId, decision.signal, episode);
        firmOpen.set(decision.signal, { warningId, signal: decision.signal, level: decision.level });
        timeline.push({ ...common, kind: 'raised', warningId, from: null, to: decision.level });
      } else {
        firmOpen.set(decision.signal, {
          warningId: decision.warningId,
          signal: decision.signal,
          level: decision.to,
        });
        timeline.push({
          ...common,
          kind: 'level-changed',
          warningId: decision.warningId,
          from: decision.from,
          to: decision.to,
        });
      }
    }
  }
  const openAtEnd = [...open.entries()].flatMap(([firmId, warnings]) =>
    [...warnings.values()].map((w) => ({ firmId, ...w })),
  );
  return { timeline, openAtEnd };
}

/** The timeline of stored warning events (raises and level moves; the rest is not part of it). */
export function timelineOf(events: readonly WarningEvent[]): WarningTimelineEntry[] {
  return events.flatMap((event): WarningTimelineEntry[] => {
    if (event.type === 'WarningRaised') {
      const d = event.data;
      return [
        {
          at: d.raisedAt,
          kind: 'raised',
          warningId: d.warningId,
          firmId: d.firmId,
          signal: d.signal,
          from: null,
          to: d.level,
          ruleId: d.ruleId,
          ruleSetVersion: d.ruleSetVersion,
          measured: d.measured,
          inputs: d.inputs,
        },
      ];
    }
    if (event.type === 'WarningLevelChanged') {
      const d = event.data;
      return [
        {
          at: d.changedAt,
          kind: 'level-changed',
          warningId: d.warningId,
          firmId: d.firmId,
          signal: d.signal,
          from: d.from,
          to: d.to,
          ruleId: d.ruleId,
          ruleSetVersion: d.ruleSetVersion,
          measured: d.measured,
          inputs: d.inputs,
        },
      ];
    }
    return [];
  });
}
