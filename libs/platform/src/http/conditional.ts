import type { StreamRevision } from '@baton/eventsourcing';
import { invalidField } from './problem';

/** The ETag of an event-sourced resource is its stream revision: `"7"`. */
export const etagOf = (revision: StreamRevision): string => `"${revision}"`;

/**
 * The revision an `If-Match` header demands, or undefined when none was sent. Only a single strong
 * ETag is meaningful for a write (`*` and lists are refused): the client must say which version it read.
 */
export function expectedRevisionFrom(ifMatch: string | string[] | undefined): StreamRevision | undefined {
  if (ifMatch === undefined) return undefined;
  const value = Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(value);
  if (!match)
    throw invalidField('If-Match', 'etagFormat', 'If-Match must be one ETag as returned by GET, e.g. "3"');
  return Number(match[1]);
}

/** `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): 1–255 visible ASCII characters. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!/^[\x21-\x7e]{1,255}$/.test(value))
    throw invalidField('Idempotency-Key', 'format', 'Idempotency-Key must be 1–255 visible ASCII characters');
  return value;
}
