export { WrongExpectedRevisionError } from '@baton/eventsourcing';

/** Bad input to the event store: nothing was written. `field` and `rule` say what was wrong. */
export class InvalidAppendError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly rule: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidStreamIdError extends InvalidAppendError {
  constructor(streamId: unknown) {
    super(
      `Invalid stream id ${JSON.stringify(streamId)}: 1-200 characters of letters, digits and _ . : @ + = -, starting with a letter or digit`,
      'streamId',
      'stream-id-format',
    );
  }
}

export class InvalidEventError extends InvalidAppendError {}

export class EventTooLargeError extends InvalidAppendError {
  constructor(
    readonly index: number,
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      `Event ${index} is ${size} bytes, over the limit of ${limit} bytes`,
      `events[${index}].data`,
      'max-size',
    );
  }
}

/** Some but not all of the appended event ids are already stored, or stored in another stream. */
export class IdempotencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(
      `Event ${eventId} is already stored, but the re-append to "${streamId}" does not match the original`,
    );
    this.name = 'IdempotencyConflictError';
  }
}
