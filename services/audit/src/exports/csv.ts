import { canonicalize, type LedgerEntry } from '../ledger';
import { effectiveAt, timeline } from '../replay';

export const CSV_COLUMNS = [
  'sequence',
  'firm_id',
  'event_id',
  'event_type',
  'occurred_at',
  'effective_at',
  'recorded_at',
  'topic',
  'partition',
  'offset',
  'actor',
  'actor_role',
  'actor_agency',
  'correlation_id',
  'summary',
  'previous_hash',
  'hash',
  'payload',
] as const;

/**
 * RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. A text field a spreadsheet
 * would run as a formula (leading = + - @, tab, CR) gets a leading apostrophe (OWASP CSV injection); the
 * payload (JCS JSON, always starting with `{`) and the hashes never do, so the chain can still be checked
 * from the CSV.
 */
function field(value: string | number | null, guard = true): string {
  if (value === null) return '';
  let text = String(value);
  if (guard && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A firm's chain as CSV for spreadsheets: one row per entry in chain order, with its business time, the
 * actor, a one-line summary and the payload (JCS). UTF-8 with a byte order mark (Excel reads Korean
 * correctly only with it), CRLF line ends.
 */
export function toCsv(entries: readonly LedgerEntry[]): string {
  const summaries = new Map(timeline(entries).map((item) => [item.sequence, item]));
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    const item = summaries.get(e.sequence)!;
    rows.push(
      [
        field(e.sequence),
        field(e.firmId),
        field(e.eventId),
        field(e.eventType),
        field(e.occurredAt),
        field(effectiveAt(e)),
        field(e.recordedAt),
        field(e.topic),
        field(e.partition),
        field(e.offset),
        field(item.actor),
        field(item.actorRole),
        field(item.agency),
        field(item.correlationId),
        field(item.summary),
        field(e.previousHash),
        field(e.hash),
        field(canonicalize(e.payload), false),
      ].join(','),
    );
  }
  return `\ufeff${rows.join('\r\n')}\r\n`;
}
