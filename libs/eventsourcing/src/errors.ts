/** A business rule refused a command. Mapped to HTTP 409/422 or to a non-retryable bus error at the edge. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Optimistic concurrency: the stream moved on since it was read. Carries the actual revision. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    /** The stream's current revision, or undefined when the stream does not exist. */
    readonly actual: number | undefined,
  ) {
    super(
      `Stream "${streamId}": expected revision ${expected}, actual ${actual === undefined ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}
