import type { Command, Event } from './event';

/**
 * The whole domain logic of one stream type, pure: no I/O, no clock, no random ids.
 * `decide` turns a command and the current state into new events (or throws a typed domain error);
 * `evolve` folds one event into the state.
 */
export interface Decider<State, C extends Command, E extends Event> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

export function fold<State, E extends Event>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  events: Iterable<E>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** For exhaustive switches: `default: return assertNever(x)` fails to compile when a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
