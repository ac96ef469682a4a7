import { deterministicUuid } from '@baton/eventsourcing';
import { invalidField, ProblemError } from '@baton/platform';
import { isInstant } from '../ledger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BRN = /^(\d{10}|\d{3}-\d{2}-\d{5})$/;

/** The firm a request is about: named by its id, or by its 사업자등록번호 (the id derives from it, ADR 10). */
export interface FirmRef {
  readonly firmId: string;
  /** The 10 digits, when the firm was named by its business registration number. */
  readonly brn?: string;
}

/**
 * ADR 10: `firmId = UUIDv8(sha256("baton:firm:brn:" + brn))` over the 10 digits (the firm registry derives
 * it the same way from the normalised number; deterministicUuid is the shared function both use).
 */
export const firmIdOfBrn = (brn: string): string => deterministicUuid(`baton:firm:brn:${brn}`);

/**
 * A firm id (UUID) or a business registration number (10 digits, or 123-45-67890). The check digit is not
 * enforced: the ledger is asked about the number as given, and an unknown firm is a 404 either way.
 * @throws RequestValidationError (400) naming `field` with rule `firmIdOrBrn`.
 */
export function parseFirmRef(value: string, field = 'firm'): FirmRef {
  const text = value.trim();
  if (UUID.test(text)) return { firmId: text.toLowerCase() };
  if (BRN.test(text)) {
    const brn = text.replace(/-/g, '');
    return { firmId: firmIdOfBrn(brn), brn };
  }
  throw invalidField(
    field,
    'firmIdOrBrn',
    `${field} must be a firm id (UUID) or a business registration number (1234567890 or 123-45-67890)`,
  );
}

/**
 * An instant of the query string: RFC 3339 with seconds and an offset (400 `rfc3339` otherwise), not after
 * `now` (422 `as-of-in-the-future`: the ledger cannot know the future, and an answer would change later).
 */
export function parseInstant(field: string, value: string | undefined, now: Date): string {
  if (value === undefined) return now.toISOString();
  if (!isInstant(value))
    throw invalidField(
      field,
      'rfc3339',
      `${field} must be an RFC 3339 instant with seconds and an offset, e.g. 2026-03-01T00:00:00+09:00`,
    );
  if (Date.parse(value) > now.getTime())
    throw new ProblemError(
      422,
      'as-of-in-the-future',
      'The instant is in the future',
      `${field} ${value} is after the ledger's clock (${now.toISOString()}): what was known or in effect then is not known yet`,
      {
        errors: [{ field, rule: 'notInFuture', message: `${field} must not be after ${now.toISOString()}` }],
      },
    );
  return value;
}

export const firmNotFound = (ref: FirmRef): ProblemError =>
  new ProblemError(
    404,
    'firm-not-found',
    'The ledger has no entry about this firm',
    ref.brn !== undefined
      ? `No integration event about the firm with business registration number ${ref.brn} (firm ${ref.firmId}) was ever recorded`
      : `No integration event about firm ${ref.firmId} was ever recorded`,
    { firmId: ref.firmId, ...(ref.brn !== undefined && { businessRegistrationNumber: ref.brn }) },
  );
