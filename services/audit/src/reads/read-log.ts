import { decodeCursor, toPage, type Page, type RequestActor } from '@baton/platform';
import type { DataSource } from 'typeorm';

/** What was read of a firm's history. */
export type ReadKind = 'summary' | 'state' | 'diff' | 'timeline' | 'verification' | 'export';

export interface ReadRecord {
  readonly readId: string;
  readonly readAt: string;
  readonly userId: string;
  readonly role: string;
  readonly agencyId: string | null;
  readonly firmId: string;
  readonly what: ReadKind;
  /** The question asked: instants, mode, export format. */
  readonly detail: Record<string, unknown>;
  readonly requestId: string | null;
}

/**
 * Every read of a firm's history is itself recorded (ARCHITECTURE.md, security model): who, when, which
 * firm, what. The record is written before the history is read, in its own committed statement: a read that
 * could not be recorded is not served.
 */
export class ReadLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actor: RequestActor,
    firmId: string,
    what: ReadKind,
    detail: Record<string, unknown>,
    requestId?: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_reads (user_id, role, agency_id, firm_id, what, detail, request_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        actor.userId,
        actor.role,
        actor.agencyId ?? null,
        firmId,
        what,
        JSON.stringify(detail),
        requestId ?? null,
      ],
    );
  }

  /** Newest first, keyset-paginated; optionally one firm's or one user's. */
  async list(filter: {
    firmId?: string;
    userId?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<ReadRecord>> {
    const after = decodeCursor(filter.cursor, 1);
    const rows: {
      read_id: string;
      read_at: Date;
      user_id: string;
      role: string;
      agency_id: string | null;
      firm_id: string;
      what: ReadKind;
      detail: Record<string, unknown>;
      request_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT read_id::text AS read_id, read_at, user_id, role, agency_id, firm_id, what, detail, request_id
         FROM audit_reads
        WHERE ($1::text IS NULL OR firm_id = $1) AND ($2::text IS NULL OR user_id = $2)
          AND ($3::bigint IS NULL OR read_id < $3)
        ORDER BY audit_reads.read_id DESC LIMIT $4`,
      [filter.firmId ?? null, filter.userId ?? null, after?.[0] ?? null, filter.limit + 1],
    );
    return toPage(
      rows.map((r) => ({
        readId: r.read_id,
        readAt: r.read_at.toISOString(),
        userId: r.user_id,
        role: r.role,
        agencyId: r.agency_id,
        firmId: r.firm_id,
        what: r.what,
        detail: r.detail,
        requestId: r.request_id,
      })),
      filter.limit,
      (r) => [r.readId],
    );
  }
}
