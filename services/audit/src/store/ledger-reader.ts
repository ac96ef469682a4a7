import type { DataSource, EntityManager } from 'typeorm';
import type { ChainHead, LedgerEntry } from '../ledger';
import type { ReplayEntry } from '../replay';

/** A ledger row as PostgreSQL returns it (node-postgres: bigint as text, json parsed, timestamptz as Date). */
export interface LedgerRow {
  firm_id: string;
  sequence: number;
  event_id: string;
  event_type: string;
  topic: string;
  partition: number;
  offset: string;
  occurred_at: string;
  recorded_at: Date;
  payload: LedgerEntry['payload'];
  previous_hash: string;
  hash: string;
}

export const ENTRY_COLUMNS = `firm_id, sequence, event_id, event_type, topic, partition, "offset"::text AS "offset",
  occurred_at, recorded_at, payload, previous_hash, hash`;

/** The row as the chain sees it: recordedAt is hashed as the millisecond ISO 8601 UTC form it was written in. */
export const entryOf = (row: LedgerRow): LedgerEntry => ({
  firmId: row.firm_id,
  sequence: row.sequence,
  eventId: row.event_id,
  eventType: row.event_type,
  topic: row.topic,
  partition: row.partition,
  offset: row.offset,
  occurredAt: row.occurred_at,
  recordedAt: row.recorded_at.toISOString(),
  payload: row.payload,
  previousHash: row.previous_hash,
  hash: row.hash,
});

export interface FirmHead {
  readonly firmId: string;
  readonly sequence: number;
  readonly headHash: string;
  readonly recordedAt: string | undefined;
}

/**
 * Reads the ledger: one firm's chain (whole, or up to an instant of recording or of business time), its head
 * row, and every firm's head at a digest watermark.
 */
export class LedgerReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The firm's entries in chain order; `recordedBy` keeps those recorded up to that instant (recordedAt is
   * hashed: a changed row fails verification). Business time is read from the payload by the replay.
   */
  async entries(
    firmId: string,
    filter: { recordedBy?: string } = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LedgerEntry[]> {
    const rows: LedgerRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
        WHERE firm_id = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2)
        ORDER BY sequence`,
      [firmId, filter.recordedBy ?? null],
    );
    return rows.map(entryOf);
  }

  /**
   * What a replay reads of the firm's entries (sequence, event id, times, payload), in chain order; the
   * hashes and bus positions stay in the database. `recordedBy` as for `entries`; the sequence bounds read a
   * slice (the replay cache reads what was appended since it last looked).
   */
  async replayEntries(
    firmId: string,
    filter: { recordedBy?: string; afterSequence?: number; upToSequence?: number } = {},
  ): Promise<ReplayEntry[]> {
    const rows: Pick<LedgerRow, 'sequence' | 'event_id' | 'occurred_at' | 'recorded_at' | 'payload'>[] =
      await this.dataSource.query(
        `SELECT sequence, event_id, occurred_at, recorded_at, payload FROM ledger_entries
          WHERE firm_id = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2)
            AND sequence > $3 AND ($4::integer IS NULL OR sequence <= $4)
          ORDER BY sequence`,
        [firmId, filter.recordedBy ?? null, filter.afterSequence ?? 0, filter.upToSequence ?? null],
      );
    return rows.map((r) => ({
      sequence: r.sequence,
      eventId: r.event_id,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at.toISOString(),
      payload: r.payload,
    }));
  }

  /** The firm's head row; undefined for a firm the ledger never heard of. */
  async head(firmId: string): Promise<FirmHead | undefined> {
    const rows: { sequence: number; head_hash: string; recorded_at: Date | null }[] =
      await this.dataSource.query(
        'SELECT sequence, head_hash, recorded_at FROM ledger_heads WHERE firm_id = $1 AND sequence > 0',
        [firmId],
      );
    if (!rows.length) return undefined;
    return {
      firmId,
      sequence: rows[0].sequence,
      headHash: rows[0].head_hash,
      recordedAt: rows[0].recorded_at?.toISOString(),
    };
  }

  /**
   * Every firm's head at a watermark, from the entries themselves (not the head rows): for each firm, its
   * last entry recorded at or before `upTo`. What a digest at `upTo` commits to.
   */
  async headsAt(upTo: string): Promise<ChainHead[]> {
    const rows: { firm_id: string; sequence: number; hash: string }[] = await this.dataSource.query(
      `SELECT h.firm_id, e.sequence, e.hash FROM ledger_heads h
       CROSS JOIN LATERAL (
         SELECT sequence, hash FROM ledger_entries e
          WHERE e.firm_id = h.firm_id AND e.recorded_at <= $1
          ORDER BY e.sequence DESC LIMIT 1) e`,
      [upTo],
    );
    return rows.map((r) => ({ firmId: r.firm_id, sequence: r.sequence, headHash: r.hash }));
  }
}
