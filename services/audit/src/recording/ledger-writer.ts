import { PermanentMessageError, type IntegrationEvent } from '@baton/messaging';
import type { EntityManager } from 'typeorm';
import {
  appendEntry,
  CanonicalEncodingError,
  GENESIS_HASH,
  LedgerAppendError,
  type ChainTip,
  type LedgerEntry,
} from '../ledger';

/** Where on the bus the ledger read an event. */
export interface BusPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The event cannot be chained (no subject, times not RFC 3339, not I-JSON): retrying cannot help. */
export class UnledgerableEvent extends PermanentMessageError {
  constructor(detail: string) {
    super(`The event cannot be recorded in the ledger: ${detail}`, 'unledgerable');
  }
}

/**
 * Appends integration events to their firm's chain, in the caller's transaction (the bus inbox's: the entry,
 * the head and the inbox row commit together, so a redelivery appends nothing twice).
 *
 * Per firm, appends are serialised by the firm's head row: the first statement inserts it or locks it
 * (`ON CONFLICT DO UPDATE` takes the row lock) and reads the database clock once the lock is held. The
 * entry's recordedAt is that clock (milliseconds), or the head's when the clock is behind it, so sequence
 * and recordedAt never go backwards within a chain. The same statement takes the table's ROW EXCLUSIVE lock,
 * which a digest's SHARE lock waits for (digests.ts): no entry can be recorded at or before a digest's
 * watermark once the digest has been taken.
 */
export class LedgerWriter {
  async append(manager: EntityManager, event: IntegrationEvent, at: BusPosition): Promise<LedgerEntry> {
    const firmId = event.subject;
    if (typeof firmId !== 'string' || firmId === '') throw new UnledgerableEvent('no subject (firm id)');
    const [head]: { sequence: number; head_hash: string; recorded_at: Date | null; now: Date }[] =
      await manager.query(
        `INSERT INTO ledger_heads (firm_id, sequence, head_hash) VALUES ($1, 0, $2)
         ON CONFLICT (firm_id) DO UPDATE SET firm_id = EXCLUDED.firm_id
         RETURNING sequence, head_hash, recorded_at, date_trunc('milliseconds', clock_timestamp()) AS now`,
        [firmId, GENESIS_HASH],
      );
    const tip: ChainTip | undefined =
      head.sequence === 0
        ? undefined
        : {
            firmId,
            sequence: head.sequence,
            hash: head.head_hash,
            recordedAt: head.recorded_at!.toISOString(),
          };
    const recordedAt = new Date(
      Math.max(head.now.getTime(), head.recorded_at?.getTime() ?? -Infinity),
    ).toISOString();

    let entry: LedgerEntry;
    let payload: string;
    try {
      entry = appendEntry(tip, { payload: event, ...at, recordedAt });
      // appendEntry encoded the payload canonically (refusing anything outside I-JSON): plain JSON text
      // stores the same value.
      payload = JSON.stringify(entry.payload);
    } catch (error) {
      if (error instanceof LedgerAppendError || error instanceof CanonicalEncodingError)
        throw new UnledgerableEvent(error.message);
      throw error;
    }
    await manager.query(
      `WITH appended AS (
         INSERT INTO ledger_entries (firm_id, sequence, event_id, event_type, topic, partition, "offset",
                                     occurred_at, recorded_at, payload, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json, $11, $12)
       )
       UPDATE ledger_heads SET sequence = $2, head_hash = $12, recorded_at = $9 WHERE firm_id = $1`,
      [
        entry.firmId,
        entry.sequence,
        entry.eventId,
        entry.eventType,
        entry.topic,
        entry.partition,
        entry.offset,
        entry.occurredAt,
        entry.recordedAt,
        payload,
        entry.previousHash,
        entry.hash,
      ],
    );
    return entry;
  }
}
