import { deterministicUuid } from '@baton/eventsourcing';
import { ProblemError, RequestValidationError } from '@baton/platform';
import { firmIdOfBrn, parseFirmRef, parseInstant } from './firm-ref';

describe('naming a firm: its id or its business registration number (ADR 10)', () => {
  it('derives the id from the 10 digits as the firm registry does', () => {
    expect(firmIdOfBrn('1348672683')).toBe(deterministicUuid('baton:firm:brn:1348672683'));
    expect(parseFirmRef('134-86-72683')).toEqual({ firmId: firmIdOfBrn('1348672683'), brn: '1348672683' });
    expect(parseFirmRef(' 1348672683 ')).toEqual(parseFirmRef('134-86-72683'));
    expect(firmIdOfBrn('1348672683')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('takes a UUID as the firm id, in lower case', () => {
    expect(parseFirmRef('3F0C2A8E-5B7D-4E21-9C4A-1D2E3F4A5B6C')).toEqual({
      firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    });
  });

  it.each(['123-456-7890', '12345', 'firm-1', ''])('refuses %j: 400 firm/firmIdOrBrn', (value) => {
    try {
      parseFirmRef(value);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).violations).toEqual([
        expect.objectContaining({ field: 'firm', rule: 'firmIdOrBrn' }),
      ]);
    }
  });
});

describe('instants in queries', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  it('defaults to now and keeps the offset it was given', () => {
    expect(parseInstant('asOf', undefined, now)).toBe('2026-11-22T00:00:00.000Z');
    expect(parseInstant('asOf', '2026-03-01T00:00:00+09:00', now)).toBe('2026-03-01T00:00:00+09:00');
  });
  it('refuses the future with 422 and a malformed instant with 400', () => {
    expect(() => parseInstant('to', '2026-11-22T09:00:01+09:00', now)).toThrow(
      expect.objectContaining({ status: 422, problemType: 'as-of-in-the-future' }) as ProblemError,
    );
    expect(parseInstant('to', '2026-11-22T09:00:00+09:00', now)).toBe('2026-11-22T09:00:00+09:00');
    expect(() => parseInstant('from', '2026-03-01', now)).toThrow(RequestValidationError);
  });
});
