import { CommandHandler, fold, type StreamRevision } from '@baton/eventsourcing';
import type { EventStore } from '@baton/eventstore';
import { positionToken, type Logger, type RequestActor } from '@baton/platform';
import type { RegionCode } from '@baton/reference-data';
import type { DataSource, EntityManager } from 'typeorm';
import { historyOf, type FirmFact } from '../rules/firm-history';
import {
  RULE_SET_STREAM_ID,
  ruleSetDecider,
  type RuleSetCommand,
  type RuleSetEvent,
  type RuleSetPublished,
} from '../rules/rule-set.decider';
import type { RuleSet } from '../rules/rule-set';
import { RULE_SET_V1 } from '../rules/rule-set.v1';
import { routingFor, WarningUnroutable } from '../routing/warning-routing';
import { evaluateFirm } from './evaluate-firm';
import { commandFor, openWarningsOf } from './warning-commands';
import {
  warningDecider,
  type WarningActor,
  type WarningCommand,
  type WarningStream,
} from './warning.decider';
import { warningStreamId, type WarningEvent } from './warning.events';
import { WarningNotFound } from './warning.errors';

export interface CommandOutcome {
  readonly revision: StreamRevision | null;
  readonly position: string | null;
  readonly replayed: boolean;
  readonly events: readonly string[];
}

const outcomeOf = (result: {
  nextExpectedRevision: StreamRevision | undefined;
  position: { commit: bigint; prepare: bigint } | undefined;
  alreadyHandled: boolean;
  newEvents: { type: string }[];
}): CommandOutcome => ({
  revision: result.nextExpectedRevision ?? null,
  position: result.position ? positionToken(result.position) : null,
  replayed: result.alreadyHandled,
  events: result.newEvents.map((e) => e.type),
});

/**
 * The edge of crisis monitoring: evaluates a firm against the rule set in force when a fact arrives (the
 * same `evaluateFirm` a backtest runs), carries out the decisions on the firm's warning streams, and runs
 * the agencies' commands on a warning. Everything it needs from outside (facts, rule set, routing) is
 * looked up here; the deciders stay pure.
 */
export class WarningDesk {
  private readonly warnings: CommandHandler<WarningStream, WarningCommand, WarningEvent>;
  private readonly ruleSets: CommandHandler<
    ReturnType<typeof ruleSetDecider.initialState>,
    RuleSetCommand,
    RuleSetEvent
  >;
  private inForce: { revision: number; ruleSet: RuleSet } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: { fallbackAgencyId?: string } = {},
  ) {
    this.warnings = new CommandHandler(store, warningDecider);
    this.ruleSets = new CommandHandler(store, ruleSetDecider);
  }

  /** Publishes the sourced rule set v1 once (idempotent: a restart writes nothing). */
  async seedRuleSet(): Promise<void> {
    const result = await this.ruleSets.handle(
      RULE_SET_STREAM_ID,
      {
        type: 'PublishRuleSet',
        data: {
          ruleSet: RULE_SET_V1,
          note: 'Seed: rule set v1 (thresholds mostly unverified, see rule-set.v1.ts)',
        },
        metadata: { now: new Date().toISOString(), actor: { userId: 'system:seed', role: 'admin' } },
      },
      { idempotencyKey: 'seed-rule-set-v1' },
    );
    if (!result.alreadyHandled) this.logger.info({ version: RULE_SET_V1.version }, 'rule set v1 published');
  }

  async publishRuleSet(
    ruleSet: unknown,
    note: string | undefined,
    actor: RequestActor,
    idempotencyKey?: string,
  ) {
    const result = await this.ruleSets.handle(
      RULE_SET_STREAM_ID,
      {
        type: 'PublishRuleSet',
        data: { ruleSet, ...(note && { note }) },
        metadata: { now: new Date().toISOString(), actor: { userId: actor.userId, role: actor.role } },
      },
      { idempotencyKey },
    );
    return outcomeOf(result);
  }

  /** The rule set in force: the latest published version (read incrementally from its stream). */
  async ruleSetInForce(): Promise<RuleSet> {
    const from = this.inForce ? this.inForce.revision + 1 : 0;
    const { events } = await this.store.readStream(RULE_SET_STREAM_ID, { fromRevision: from });
    for (const event of events) {
      const published = event as unknown as { data: RuleSetPublished['data']; revision: number };
      this.inForce = { revision: Number(event.revision), ruleSet: published.data.ruleSet };
    }
    if (!this.inForce) throw new Error('No rule set published yet (the seed runs on start)');
    return this.inForce.ruleSet;
  }

  /** Records a fact about a firm in the inbox transaction; false when it was already recorded. */
  async recordFact(manager: EntityManager, eventId: string, fact: FirmFact): Promise<boolean> {
    // INSERT … RETURNING answers the inserted rows (none on conflict).
    const rows: unknown[] = await manager.query(
      `INSERT INTO firm_facts (event_id, firm_id, fact, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO NOTHING RETURNING fact_seq`,
      [eventId, fact.firmId, fact, fact.at],
    );
    return rows.length > 0;
  }

  async factsOf(manager: EntityManager, firmId: string): Promise<FirmFact[]> {
    const rows: { fact: FirmFact }[] = await manager.query(
      // The registration first, even when a fact overtook it (then the firm is evaluated on registration).
      `SELECT fact FROM firm_facts WHERE firm_id = $1 ORDER BY (fact->>'type' = 'firm-registered') DESC, fact_seq`,
      [firmId],
    );
    return rows.map((r) => r.fact);
  }

  /**
   * Evaluates a firm after a fact (at its business time `now`) and carries out each decision on the firm's
   * stream for the signal. Keyed by the fact's event id and the signal: a redelivered fact writes nothing twice.
   */
  async evaluate(
    manager: EntityManager,
    firmId: string,
    now: string,
    causationId: string,
  ): Promise<string[]> {
    const facts = await this.factsOf(manager, firmId);
    if (facts[0]?.type !== 'firm-registered') return []; // not registered yet: evaluated when it is
    const history = historyOf(facts);
    if (!history) return [];
    const ruleSet = await this.ruleSetInForce();
    const signals = ruleSet.rules.map((r) => r.signal);
    const streams = new Map(
      await Promise.all(
        signals.map(async (signal) => {
          const { events } = await this.store.readStream(warningStreamId(firmId, signal));
          return [signal, fold(warningDecider, events as unknown as WarningEvent[])] as const;
        }),
      ),
    );
    const written: string[] = [];
    for (const decision of evaluateFirm(ruleSet, history, openWarningsOf([...streams.values()]))) {
      let command;
      try {
        command = commandFor(decision, {
          ruleSet,
          now,
          stream: streams.get(decision.signal)!,
          route: (region: RegionCode, at: string) => routingFor(region, at, this.options),
        });
      } catch (error) {
        if (!(error instanceof WarningUnroutable)) throw error;
        this.logger.warn(
          { firmId, signal: decision.signal, err: error },
          'warning not raised: nowhere to route it',
        );
        continue;
      }
      const result = await this.warnings.handle(
        warningStreamId(firmId, decision.signal),
        { ...command, metadata: { ...command.metadata, causationId } } as WarningCommand,
        { idempotencyKey: `${causationId}:${decision.signal}`, retryOnConflict: 3 },
      );
      written.push(...result.newEvents.map((e) => e.type));
    }
    return written;
  }

  /** Runs an agency's (or the watcher's) command on the warning it names. */
  async execute(
    command: WarningCommand,
    context: { idempotencyKey?: string; expectedRevision?: StreamRevision } = {},
  ): Promise<CommandOutcome> {
    const streamId = await this.streamOf(command.data.warningId);
    const result = await this.warnings.handle(streamId, command, {
      idempotencyKey: context.idempotencyKey,
      expectedRevision: context.expectedRevision,
      retryOnConflict: context.expectedRevision === undefined ? 3 : 0,
    });
    return outcomeOf(result);
  }

  /** A warning stream's stored events (its history). */
  streamEvents(streamId: string) {
    return this.store.readStream(streamId);
  }

  actorOf(actor: RequestActor): WarningActor {
    return {
      userId: actor.userId,
      role: actor.role,
      ...(actor.agencyId && { agencyId: actor.agencyId }),
      regions: actor.regions,
    };
  }

  private async streamOf(warningId: string): Promise<string> {
    const [row] = await this.dataSource.query('SELECT stream_id FROM warnings WHERE warning_id = $1', [
      warningId,
    ]);
    if (!row) throw new WarningNotFound(warningId);
    return row.stream_id;
  }
}
