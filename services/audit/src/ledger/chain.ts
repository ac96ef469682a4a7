import { createHash } from 'node:crypto';
import type { IntegrationEvent } from '@baton/messaging';
import { CanonicalEncodingError, canonicalBytes } from './canonical';

/** previousHash of a firm's first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One entry of a firm's ledger (기업별 감사 원장): an integration event as it was published, where it was
 * read from, and its link to the entry before.
 */
export interface LedgerEntry {
  /** The firm the event concerns: the envelope's `subject` (also the message key). */
  readonly firmId: string;
  /** 1, 2, 3… within the firm's chain. */
  readonly sequence: number;
  /** The envelope's `id`. */
  readonly eventId: string;
  /** The envelope's `type`, e.g. `relay.handoff-accepted.v1`. */
  readonly eventType: string;
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset as a decimal string (offsets are 64-bit). */
  readonly offset: string;
  /** The envelope's `time`: when the producer decided the fact (business time), RFC 3339. */
  readonly occurredAt: string;
  /** When the ledger recorded the entry (ledger system time), RFC 3339; not before the entry before. */
  readonly recordedAt: string;
  /** The integration event as published: the whole CloudEvent (attributes and `data`). */
  readonly payload: IntegrationEvent;
  /** `hash` of the entry before; GENESIS_HASH for sequence 1. */
  readonly previousHash: string;
  readonly hash: string;
}

/** What the ledger learns from the bus about one event; the rest of an entry is derived. */
export interface LedgerInput {
  readonly payload: IntegrationEvent;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The ledger's clock when it records the entry. */
  readonly recordedAt: string;
}

/**
 * What appending needs of the entry before: a whole entry, or the head row the ledger keeps per firm (so
 * an append does not read the previous entry's payload).
 */
export type ChainTip = Pick<LedgerEntry, 'firmId' | 'sequence' | 'hash' | 'recordedAt'>;

/** The last entry of a firm's chain, as a digest commits to it. */
export interface ChainHead {
  readonly firmId: string;
  readonly sequence: number;
  readonly headHash: string;
}

/**
 * The fields an entry's hash covers, in the order they are documented; the canonical encoding sorts them
 * anyway. Every field of LedgerEntry except `hash`, and nothing else.
 */
export const HASHED_FIELDS = [
  'firmId',
  'sequence',
  'eventId',
  'eventType',
  'topic',
  'partition',
  'offset',
  'occurredAt',
  'recordedAt',
  'payload',
  'previousHash',
] as const;

export type HashedEntry = Pick<LedgerEntry, (typeof HASHED_FIELDS)[number]>;

/**
 * The offline verification procedure of one entry (VERIFY.md says the same):
 *
 *   hash = lower-case hex( SHA-256( UTF-8( JCS( {
 *            firmId, sequence, eventId, eventType, topic, partition, offset,
 *            occurredAt, recordedAt, payload, previousHash } ) ) ) )
 *
 * JCS is RFC 8785 (canonical.ts): members sorted by name, no whitespace. `sequence` and `partition` are JSON
 * numbers, `offset` a string, `payload` the published CloudEvent as a JSON object. Fields other than these
 * eleven (a database row id, say) are not covered and are ignored.
 */
export function entryHash(entry: HashedEntry): string {
  const covered: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) covered[field] = entry[field];
  return createHash('sha256').update(canonicalBytes(covered)).digest('hex');
}

/** appendEntry refused its input: the entry would not verify, or would not belong after `previous`. */
export class LedgerAppendError extends Error {
  constructor(
    readonly code: 'invalid-input' | 'firm-mismatch' | 'recorded-at-regression',
    message: string,
  ) {
    super(message);
    this.name = 'LedgerAppendError';
  }
}

/**
 * The next entry of a firm's chain. `firmId`, `eventId`, `eventType` and `occurredAt` are taken from the
 * envelope (`subject`, `id`, `type`, `time`) so they cannot disagree with the payload.
 *
 * @throws LedgerAppendError when the envelope lacks those attributes, the times are not RFC 3339, the event
 * is about another firm than `previous`, or `recordedAt` is earlier than the previous entry's.
 * @throws CanonicalEncodingError when the payload is not I-JSON.
 */
export function appendEntry(previous: ChainTip | undefined, input: LedgerInput): LedgerEntry {
  const { payload } = input;
  for (const attribute of ['id', 'type', 'subject', 'time'] as const) {
    if (typeof payload[attribute] !== 'string' || payload[attribute] === '') {
      throw new LedgerAppendError('invalid-input', `payload has no "${attribute}"`);
    }
  }
  if (!isInstant(payload.time)) throw new LedgerAppendError('invalid-input', 'payload time is not RFC 3339');
  if (!isInstant(input.recordedAt)) {
    throw new LedgerAppendError('invalid-input', 'recordedAt is not RFC 3339');
  }
  if (!Number.isSafeInteger(input.partition) || input.partition < 0) {
    throw new LedgerAppendError('invalid-input', 'partition must be a non-negative integer');
  }
  if (!/^(0|[1-9][0-9]*)$/.test(input.offset)) {
    throw new LedgerAppendError('invalid-input', 'offset must be a decimal string');
  }
  if (previous !== undefined) {
    if (payload.subject !== previous.firmId) {
      throw new LedgerAppendError(
        'firm-mismatch',
        `event ${payload.id} is about firm ${payload.subject}, not ${previous.firmId}`,
      );
    }
    if (Date.parse(input.recordedAt) < Date.parse(previous.recordedAt)) {
      throw new LedgerAppendError(
        'recorded-at-regression',
        `recordedAt ${input.recordedAt} is earlier than entry ${previous.sequence}'s ${previous.recordedAt}`,
      );
    }
  }
  const unhashed: HashedEntry = {
    firmId: payload.subject,
    sequence: previous === undefined ? 1 : previous.sequence + 1,
    eventId: payload.id,
    eventType: payload.type,
    topic: input.topic,
    partition: input.partition,
    offset: input.offset,
    occurredAt: payload.time,
    recordedAt: input.recordedAt,
    payload,
    previousHash: previous === undefined ? GENESIS_HASH : previous.hash,
  };
  return { ...unhashed, hash: entryHash(unhashed) };
}

export type ChainFailureReason =
  /** The entry does not carry the sequence its position calls for (an entry deleted, moved or inserted). */
  | 'sequence-gap'
  /** previousHash is not the hash of the entry before (or not GENESIS_HASH for the first). */
  | 'broken-link'
  /** The recomputed hash differs from the stored one: a covered field was changed. */
  | 'hash-mismatch'
  /** The entry names another firm than the chain's first entry. */
  | 'firm-mismatch'
  /** eventId, eventType, firmId or occurredAt disagree with the payload's id, type, subject or time. */
  | 'payload-mismatch'
  /** The same event id appears earlier in the chain. */
  | 'duplicate-event'
  /** recordedAt is earlier than the entry before's. */
  | 'recorded-at-regression'
  /** The entry cannot be encoded canonically or lacks a field. */
  | 'malformed';

export type ChainVerification =
  | { readonly ok: true; readonly count: number; readonly head: ChainHead | undefined }
  | {
      readonly ok: false;
      /** The sequence the failing entry's position calls for: its 1-based position in the list. */
      readonly failedAt: number;
      readonly reason: ChainFailureReason;
      readonly detail: string;
    };

/**
 * Checks a whole firm chain from its first entry, in list order, and stops at the first entry that fails.
 * For each entry at position i (1-based), in this order: sequence = i; same firmId as entry 1; previousHash
 * = hash of entry i−1 (GENESIS_HASH for i = 1); hash = entryHash(entry); entry fields agree with the
 * envelope; event id not seen before; recordedAt not earlier than entry i−1's.
 *
 * A chain proves its own integrity only up to a rewrite of everything after a change: a rewritten tail
 * verifies. The signed digests (digest.ts) pin the heads, which catches that.
 */
export function verifyChain(entries: readonly LedgerEntry[]): ChainVerification {
  const seen = new Set<string>();
  let previous: LedgerEntry | undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const position = index + 1;
    const fail = (reason: ChainFailureReason, detail: string): ChainVerification => ({
      ok: false,
      failedAt: position,
      reason,
      detail,
    });
    const shape = shapeProblem(entry);
    if (shape !== undefined) return fail('malformed', shape);
    if (entry.sequence !== position) {
      return fail('sequence-gap', `position ${position} holds sequence ${entry.sequence}`);
    }
    if (previous !== undefined && entry.firmId !== previous.firmId) {
      return fail('firm-mismatch', `firm ${entry.firmId} in the chain of ${previous.firmId}`);
    }
    const expectedPrevious = previous === undefined ? GENESIS_HASH : previous.hash;
    if (entry.previousHash !== expectedPrevious) {
      return fail('broken-link', `previousHash ${entry.previousHash} ≠ ${expectedPrevious}`);
    }
    let recomputed: string;
    try {
      recomputed = entryHash(entry);
    } catch (error) {
      if (error instanceof CanonicalEncodingError) return fail('malformed', error.message);
      throw error;
    }
    if (recomputed !== entry.hash) {
      return fail('hash-mismatch', `stored ${entry.hash}, computed ${recomputed}`);
    }
    const mismatch = payloadMismatch(entry);
    if (mismatch !== undefined) return fail('payload-mismatch', mismatch);
    if (seen.has(entry.eventId)) {
      return fail('duplicate-event', `event ${entry.eventId} is already in the chain`);
    }
    seen.add(entry.eventId);
    if (previous !== undefined && Date.parse(entry.recordedAt) < Date.parse(previous.recordedAt)) {
      return fail('recorded-at-regression', `${entry.recordedAt} is earlier than ${previous.recordedAt}`);
    }
    previous = entry;
  }
  return {
    ok: true,
    count: entries.length,
    head:
      previous === undefined
        ? undefined
        : { firmId: previous.firmId, sequence: previous.sequence, headHash: previous.hash },
  };
}

function shapeProblem(entry: LedgerEntry): string | undefined {
  if (entry === null || typeof entry !== 'object') return 'not an object';
  for (const field of HASHED_FIELDS) {
    if (entry[field] === undefined) return `no ${field}`;
  }
  if (typeof entry.hash !== 'string') return 'no hash';
  if (typeof entry.payload !== 'object' || entry.payload === null) return 'payload is not an object';
  if (!isInstant(entry.recordedAt)) return 'recordedAt is not RFC 3339';
  return undefined;
}

function payloadMismatch(entry: LedgerEntry): string | undefined {
  const p = entry.payload;
  if (entry.firmId !== p.subject) return `firmId ${entry.firmId} ≠ payload subject ${p.subject}`;
  if (entry.eventId !== p.id) return `eventId ${entry.eventId} ≠ payload id ${p.id}`;
  if (entry.eventType !== p.type) return `eventType ${entry.eventType} ≠ payload type ${p.type}`;
  if (entry.occurredAt !== p.time) return `occurredAt ${entry.occurredAt} ≠ payload time ${p.time}`;
  return undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 date-time with seconds and an offset, that names a real instant. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}
