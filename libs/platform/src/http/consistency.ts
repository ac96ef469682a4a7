import type { GlobalPosition } from '@baton/eventsourcing';
import { invalidField, ProblemError } from './problem';

/**
 * Read-your-writes. A command answers with the position of its last event as an opaque token; a query
 * given `waitFor=<token>` answers only once its read model has applied that position (or 504).
 */
export const positionToken = (position: GlobalPosition): string => `${position.commit}.${position.prepare}`;

export function parsePositionToken(token: string | undefined): GlobalPosition | undefined {
  if (token === undefined || token === '') return undefined;
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(token);
  if (!match) throw invalidField('waitFor', 'format', 'waitFor must be a position returned by a command');
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export interface PositionWaiter {
  waitForPosition(position: GlobalPosition, timeoutMs?: number): Promise<void>;
}

export async function waitForReadModel(
  runner: PositionWaiter,
  token: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const position = parsePositionToken(token);
  if (!position) return;
  try {
    await runner.waitForPosition(position, timeoutMs);
  } catch (error) {
    if ((error as Error).name === 'ProjectionTimeoutError')
      throw new ProblemError(
        504,
        'read-model-behind',
        'The read model has not caught up yet',
        `Not at ${token} within ${timeoutMs} ms; retry the query`,
      );
    throw error;
  }
}
