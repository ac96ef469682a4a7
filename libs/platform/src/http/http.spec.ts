import { DomainError, WrongExpectedRevisionError } from '@baton/eventsourcing';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { expectedRevisionFrom, idempotencyKeyFrom } from './conditional';
import { parsePositionToken, positionToken } from './consistency';
import { decodeCursor, encodeCursor, toPage } from './pagination';
import { ProblemError, RequestValidationError, toProblem } from './problem';

describe('problem details mapping', () => {
  it('a domain rule names its field and rule; the status follows the code', () => {
    const error = new DomainError('not in region', 'industry-not-in-region', { field: 'industryId' });
    expect(toProblem(error, { instance: '/firms' })).toEqual({
      type: 'https://baton.mss.go.kr/problems/industry-not-in-region',
      title: 'not in region',
      status: 422,
      detail: 'not in region',
      instance: '/firms',
      field: 'industryId',
      errors: [{ field: 'industryId', rule: 'industry-not-in-region', message: 'not in region' }],
    });
    expect(toProblem(new DomainError('x', 'firm-not-found')).status).toBe(404);
    expect(toProblem(new DomainError('x', 'firm-already-exists')).status).toBe(409);
    expect(toProblem(new DomainError('x', 'firm-closed'), { statuses: { 'firm-closed': 409 } }).status).toBe(
      409,
    );
  });

  it('a revision conflict is 409 with the current revision, or 412 when the client sent If-Match', () => {
    const conflict = new WrongExpectedRevisionError('firm-1', '0', 3);
    expect(toProblem(conflict)).toMatchObject({ status: 409, currentRevision: 3 });
    expect(toProblem(conflict, { ifMatchSent: true })).toMatchObject({
      status: 412,
      currentRevision: 3,
      errors: [{ field: 'If-Match', rule: 'currentRevision' }],
    });
  });

  it('body errors raised before a controller runs name the body', () => {
    expect(toProblem(new BadRequestException('Body is not valid JSON'))).toMatchObject({
      status: 400,
      errors: [{ field: 'body', rule: 'malformed' }],
    });
    expect(toProblem(new PayloadTooLargeException())).toMatchObject({
      status: 413,
      errors: [{ field: 'body', rule: 'maxBytes' }],
    });
  });

  it('validation errors list every violation; anything unknown is a 500 that leaks nothing', () => {
    const violations = [{ field: 'a.b', rule: 'isInt', message: 'a.b must be an integer' }];
    expect(toProblem(new RequestValidationError(violations))).toMatchObject({
      status: 400,
      errors: violations,
    });
    expect(toProblem(new ProblemError(504, 'read-model-behind', 'behind'))).toMatchObject({ status: 504 });
    const internal = toProblem(new Error('connection string postgres://secret'));
    expect(internal).toMatchObject({ status: 500 });
    expect(JSON.stringify(internal)).not.toContain('secret');
  });
});

describe('conditional requests and idempotency keys', () => {
  it('If-Match carries one strong ETag: the revision', () => {
    expect(expectedRevisionFrom(undefined)).toBeUndefined();
    expect(expectedRevisionFrom('"7"')).toBe(7);
    for (const bad of ['7', 'W/"7"', '*', '"1", "2"'])
      expect(() => expectedRevisionFrom(bad)).toThrow(RequestValidationError);
  });

  it('Idempotency-Key is 1–255 visible ASCII characters', () => {
    expect(idempotencyKeyFrom('row-12')).toBe('row-12');
    expect(() => idempotencyKeyFrom('')).toThrow(RequestValidationError);
    expect(() => idempotencyKeyFrom('한글')).toThrow(RequestValidationError);
    expect(() => idempotencyKeyFrom('x'.repeat(256))).toThrow(RequestValidationError);
  });
});

describe('cursors and positions', () => {
  it('a cursor round-trips its key; a forged one is a 400 on the cursor field', () => {
    expect(decodeCursor(encodeCursor(['한빛', 'id-1']), 2)).toEqual(['한빛', 'id-1']);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(() => decodeCursor('garbage', 2)).toThrow(RequestValidationError);
    expect(() => decodeCursor(encodeCursor(['only-one']), 2)).toThrow(RequestValidationError);
  });

  it('a page fetched with one extra row says whether more follow', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }];
    expect(toPage(rows, 2, (r) => [r.k])).toEqual({
      items: rows.slice(0, 2),
      nextCursor: encodeCursor(['b']),
    });
    expect(toPage(rows, 3, (r) => [r.k]).nextCursor).toBeNull();
  });

  it('a position token round-trips a global position', () => {
    const position = { commit: 123456789012345n, prepare: 42n };
    expect(parsePositionToken(positionToken(position))).toEqual(position);
    expect(() => parsePositionToken('12')).toThrow(RequestValidationError);
  });
});
