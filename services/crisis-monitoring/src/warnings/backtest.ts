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
  const run = new Backtest(ruleSet);
  for (const fact of orderedFacts) run.add(fact);
  return run.result();
}

/**
 * The incremental form of `backtest`, for histories too long to hold at once: `add` facts in order (each
 * answers the timeline entries it produced), then `result()`. Memory grows with firms, not with facts.
 */
export class Backtest {
  private readonly histories = new Map<string, FirmHistory>();
  private readonly open = new Map<string, Map<Signal, OpenWarningView>>();
  private readonly episodes = new Map<string, number>();
  private readonly timeline: WarningTimelineEntry[] = [];
  private lastMs = -Infinity;
  facts = 0;

  constructor(
    private readonly ruleSet: RuleSet,
    /** Keep the timeline for `result()`; off when the caller consumes what `add` returns. */
    private readonly keepTimeline = true,
  ) {}

  add(fact: FirmFact): WarningTimelineEntry[] {
    const ms = instantMs(fact.at);
    if (ms === undefined) throw new RangeError(`Fact time "${fact.at}" is not an ISO instant with an offset`);
    if (ms < this.lastMs)
      throw new RangeError(`Facts must be in time order: ${fact.at} comes after a later fact`);
    this.lastMs = ms;
    this.facts++;
    const history = recordFact(this.histories.get(fact.firmId) ?? null, fact);
    this.histories.set(fact.firmId, history);
    const firmOpen = this.open.get(fact.firmId) ?? new Map<Signal, OpenWarningView>();
    this.open.set(fact.firmId, firmOpen);
    const produced: WarningTimelineEntry[] = [];
    for (const decision of evaluateFirm(this.ruleSet, history, [...firmOpen.values()])) {
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
        const episode = (this.episodes.get(key) ?? 0) + 1;
        this.episodes.set(key, episode);
        const warningId = warningIdFor(decision.firmId, decision.signal, episode);
        firmOpen.set(decision.signal, { warningId, signal: decision.signal, level: decision.level });
        produced.push({ ...common, kind: 'raised', warningId, from: null, to: decision.level });
      } else {
        firmOpen.set(decision.signal, {
          warningId: decision.warningId,
          signal: decision.signal,
          level: decision.to,
        });
        produced.push({
          ...common,
          kind: 'level-changed',
          warningId: decision.warningId,
          from: decision.from,
          to: decision.to,
        });
      }
    }
    if (this.keepTimeline) this.timeline.push(...produced);
    return produced;
  }

  /** Firms seen so far. */
  get firms(): number {
    return this.histories.size;
  }

  result(): BacktestResult {
    const openAtEnd = [...this.open.entries()].flatMap(([firmId, warnings]) =>
      [...warnings.values()].map((w) => ({ firmId, ...w })),
    );
    return { timeline: this.timeline, openAtEnd };
  }
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
