import { deepStrictEqual, AssertionError } from 'node:assert/strict';
import type { Decider } from './decider';
import type { Command, Event } from './event';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Given / when / then for a pure decider, with no I/O and no test-framework coupling (it throws
 * node's AssertionError, which every runner reports):
 *
 *   spec.given([firmRegistered]).when(assessStage).then([stageAssessed]);
 *   spec.given([]).when(assessStage).thenThrows(FirmNotFound);
 */
export function DeciderSpecification<State, C extends Command, E extends Event>(
  decider: Decider<State, C, E>,
) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = (): E[] => {
            const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
            return decider.decide(command, state);
          };
          return {
            then(expected: E[]): void {
              deepStrictEqual(run(), expected);
            },
            thenNothingHappens(): void {
              deepStrictEqual(run(), []);
            },
            thenThrows<T extends ErrorClass>(
              errorClass: T,
              check?: (error: InstanceType<T>) => boolean,
            ): void {
              let produced: E[];
              try {
                produced = run();
              } catch (error) {
                if (!(error instanceof errorClass)) {
                  throw new AssertionError({
                    message: `Expected ${errorClass.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`,
                  });
                }
                if (check && !check(error as InstanceType<T>)) {
                  throw new AssertionError({
                    message: `${errorClass.name} thrown, but the check on it failed`,
                  });
                }
                return;
              }
              throw new AssertionError({
                message: `Expected ${errorClass.name}, but the decider returned ${JSON.stringify(produced)}`,
              });
            },
          };
        },
      };
    },
  };
}
