import { DomainError } from '@baton/eventsourcing';

/** Retrying cannot help: the message goes to the dead-letter topic at once. */
export class PermanentMessageError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class MalformedEnvelopeError extends PermanentMessageError {
  constructor(detail: string) {
    super(`Malformed CloudEvents envelope: ${detail}`, 'malformed-envelope');
  }
}

/** Thrown by a test hook to stand for a process dying at that point: nothing after it happens. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash ${where}`);
    this.name = 'SimulatedCrash';
  }
}

export type FailureKind = 'permanent' | 'transient' | 'infrastructure';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/**
 * permanent: the message or a business rule is at fault (DLQ at once);
 * infrastructure: our database is unreachable (wait and retry without limit: no message is at fault);
 * transient: anything else (retry with backoff, then DLQ).
 */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof PermanentMessageError || error instanceof DomainError) return 'permanent';
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === 'SchemaViolationError' || e?.name === 'UnknownEventTypeError') return 'permanent';
  if (typeof e?.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) {
    return 'infrastructure';
  }
  // SQLSTATE 55000 is "object not in prerequisite state"; with this text, the database refuses connections.
  if (e?.code === '55000' && /not currently accepting connections/.test(e.message ?? ''))
    return 'infrastructure';
  if (
    typeof e?.message === 'string' &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message)
  ) {
    return 'infrastructure';
  }
  return 'transient';
}

export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
