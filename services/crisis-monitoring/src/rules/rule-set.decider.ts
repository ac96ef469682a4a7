import {
  assertNever,
  DomainError,
  type Actor,
  type CommandMetadata,
  type Decider,
  type Event,
} from '@baton/eventsourcing';
import { instantMs } from './instant';
import { parseRuleSet, type RuleSet, type RuleSetError } from './rule-set';

/*
 * The published early-warning rule sets: one stream (`crisis-rule-sets`), so that "versions strictly increase" is
 * the invariant of a single stream. A rule set is never edited or deleted; a change is a new version, and every
 * warning records the version that raised or moved it.
 */

export const RULE_SET_STREAM_ID = 'crisis-rule-sets';

export type RuleSetPublished = Event<
  'RuleSetPublished',
  { version: number; ruleSet: RuleSet; note: string | null; publishedBy: string; publishedAt: string }
>;
export type RuleSetEvent = RuleSetPublished;

export type RuleSets =
  | { readonly status: 'none' }
  | { readonly status: 'published'; readonly latestVersion: number; readonly versions: readonly number[] };

/** Who may publish: the ministry (중기부) or an administrator. */
export interface RuleSetActor extends Actor {
  readonly userId: string;
  readonly role: string;
}
export type PublishRuleSet = Readonly<{
  type: 'PublishRuleSet';
  /** As received: validated here. */
  data: { ruleSet: unknown; note?: string };
  metadata: CommandMetadata & { readonly actor: RuleSetActor };
}>;
export type RuleSetCommand = PublishRuleSet;

export const RULE_SET_PUBLISHERS: readonly string[] = ['ministry', 'admin'];

export class InvalidRuleSet extends DomainError {
  declare readonly details: { errors: readonly RuleSetError[] } & Record<string, unknown>;
  constructor(errors: readonly RuleSetError[]) {
    super(
      `The rule set has ${errors.length} error(s): ${errors.map((e) => `${e.path} ${e.rule}`).join('; ')}`,
      'invalid-rule-set',
      {
        errors,
      },
    );
  }
}
export class RuleSetVersionNotIncreasing extends DomainError {
  constructor(version: number, latestVersion: number) {
    super(
      `Rule set version ${version} must be above the latest published version ${latestVersion}`,
      'rule-set-version-not-increasing',
      { field: 'ruleSet.version', version, latestVersion },
    );
  }
}
export class PublishForbidden extends DomainError {
  constructor(role: string) {
    super(`Role ${role} may not publish rule sets`, 'forbidden', { rule: 'role-not-permitted', role });
  }
}

export function decide(command: RuleSetCommand, state: RuleSets): RuleSetEvent[] {
  switch (command.type) {
    case 'PublishRuleSet': {
      const actor = command.metadata.actor;
      if (instantMs(command.metadata.now) === undefined)
        throw new DomainError('metadata.now must be an ISO instant with an offset', 'invalid-instant', {
          field: 'metadata.now',
        });
      if (!RULE_SET_PUBLISHERS.includes(actor.role)) throw new PublishForbidden(String(actor.role));
      const parsed = parseRuleSet(command.data.ruleSet);
      if (!parsed.ok) throw new InvalidRuleSet(parsed.errors);
      const { version } = parsed.ruleSet;
      if (state.status === 'published' && version <= state.latestVersion)
        throw new RuleSetVersionNotIncreasing(version, state.latestVersion);
      const note = command.data.note?.trim();
      return [
        {
          type: 'RuleSetPublished',
          data: {
            version,
            ruleSet: parsed.ruleSet,
            note: note ? note : null,
            publishedBy: actor.userId,
            publishedAt: command.metadata.now,
          },
        },
      ];
    }
    default:
      return assertNever(command.type, 'rule set command');
  }
}

export function evolve(state: RuleSets, event: RuleSetEvent): RuleSets {
  switch (event.type) {
    case 'RuleSetPublished':
      return {
        status: 'published',
        latestVersion: event.data.version,
        versions: [...(state.status === 'published' ? state.versions : []), event.data.version],
      };
    default:
      return assertNever(event.type, 'rule set event');
  }
}

export const ruleSetDecider: Decider<RuleSets, RuleSetCommand, RuleSetEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
