import { DomainError, WrongExpectedRevisionError } from '@baton/eventsourcing';
import { EventTooLargeError, IdempotencyConflictError, InvalidAppendError } from '@baton/eventstore';
import { HttpException } from '@nestjs/common';

/** One broken rule of a request: which field, which rule, in words. */
export interface FieldViolation {
  /** Path of the field, e.g. `scores.innovation`, `If-Match` for a header, `body` for the whole body. */
  readonly field: string;
  /** Stable rule name, e.g. `isInt`, `unknownField`, `brnChecksum`. */
  readonly rule: string;
  readonly message: string;
}

/** RFC 9457 problem details, as every Baton service answers errors. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldViolation[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://baton.mss.go.kr/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** An error that already knows its HTTP answer. Throw it from controllers and platform code. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

/** 400 with the broken field rules listed. */
export class RequestValidationError extends ProblemError {
  constructor(readonly violations: readonly FieldViolation[]) {
    super(
      400,
      'validation-failed',
      'The request is invalid',
      violations.map((v) => `${v.field}: ${v.message}`).join('; '),
      { errors: violations },
    );
  }
}

export const invalidField = (field: string, rule: string, message: string): RequestValidationError =>
  new RequestValidationError([{ field, rule, message }]);

/**
 * How a service's domain error codes map to HTTP statuses. Codes not listed: 422 (the request was
 * understood but a business rule refused it), except the conventional suffixes below.
 */
export type DomainErrorStatuses = Readonly<Record<string, number>>;

function domainStatus(code: string, statuses: DomainErrorStatuses): number {
  if (statuses[code] !== undefined) return statuses[code];
  if (code.endsWith('-not-found')) return 404;
  if (code.endsWith('-already-exists') || code.endsWith('-conflict')) return 409;
  return 422;
}

const HTTP_STATUS_PROBLEMS: Record<number, { type: string; title: string; rule?: string }> = {
  400: { type: 'malformed-body', title: 'The body could not be parsed', rule: 'malformed' },
  401: { type: 'unauthorized', title: 'Who is asking?' },
  403: { type: 'forbidden', title: 'Not allowed' },
  404: { type: 'not-found', title: 'No such resource' },
  413: { type: 'body-too-large', title: 'The request body is too large', rule: 'maxBytes' },
  415: { type: 'unsupported-media-type', title: 'Unsupported media type', rule: 'mediaType' },
};

/**
 * The one mapping from anything thrown while serving a request to problem details (STYLE.md rule 8).
 * `ifMatchSent` turns a revision conflict into 412: the client's precondition failed.
 */
export function toProblem(
  error: unknown,
  options: { statuses?: DomainErrorStatuses; instance?: string; ifMatchSent?: boolean } = {},
): ProblemDetails {
  const base = (status: number, type: string, title: string, detail?: string, ext: object = {}) => ({
    type: PROBLEM_BASE + type,
    title,
    status,
    ...(detail !== undefined && { detail }),
    ...(options.instance && { instance: options.instance }),
    ...ext,
  });

  if (error instanceof ProblemError)
    return base(error.status, error.problemType, error.title, error.detail, error.extensions);

  if (error instanceof WrongExpectedRevisionError) {
    const ext = { currentRevision: error.actual ?? null };
    return options.ifMatchSent
      ? base(412, 'stale-revision', 'The resource changed since you read it', error.message, {
          ...ext,
          errors: [
            { field: 'If-Match', rule: 'currentRevision', message: `current revision is ${error.actual}` },
          ],
        })
      : base(
          409,
          'concurrent-modification',
          'Another change was written at the same time',
          error.message,
          ext,
        );
  }

  if (error instanceof DomainError) {
    const status = domainStatus(error.code, options.statuses ?? {});
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    return base(status, error.code, error.message, error.message, {
      ...error.details,
      ...(field && { errors: [{ field, rule: error.code, message: error.message }] }),
    });
  }

  if (error instanceof IdempotencyConflictError)
    return base(
      422,
      'idempotency-key-reused',
      'The Idempotency-Key was used for a different request',
      error.message,
      {
        errors: [{ field: 'Idempotency-Key', rule: 'reusedForDifferentRequest', message: error.message }],
      },
    );

  if (error instanceof EventTooLargeError)
    return base(413, 'body-too-large', 'The resulting event is too large', error.message);

  if (error instanceof InvalidAppendError)
    return base(400, 'validation-failed', 'The request is invalid', error.message, {
      errors: [{ field: error.field, rule: error.rule, message: error.message }],
    });

  if (error instanceof HttpException) {
    // Nest turns what Fastify refuses before a controller runs (malformed JSON, oversized or unsupported
    // bodies) and unknown routes into HttpExceptions; controllers themselves throw ProblemErrors.
    const status = error.getStatus();
    const known = HTTP_STATUS_PROBLEMS[status];
    if (known)
      return base(status, known.type, known.title, error.message, {
        ...(known.rule && { errors: [{ field: 'body', rule: known.rule, message: error.message }] }),
      });
    return base(status, 'http-error', error.message, error.message);
  }

  return base(500, 'internal-error', 'Internal error', 'The server failed; the error was logged');
}
