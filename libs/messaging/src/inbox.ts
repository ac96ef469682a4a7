import type { DataSource, EntityManager } from 'typeorm';

export const INBOX_TABLE = 'baton_inbox';

export async function ensureInboxTable(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('${INBOX_TABLE}'))`);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${INBOX_TABLE} (
        consumer_group text NOT NULL,
        event_id       text NOT NULL,
        event_type     text NOT NULL,
        topic          text NOT NULL,
        partition      integer NOT NULL,
        "offset"       bigint NOT NULL,
        handled_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  });
}

/**
 * Records that this group handles the event, inside the handler's transaction. False when it was handled
 * before (a redelivery): the caller then skips the handler. A concurrent duplicate waits here for the
 * first one's transaction and then sees it.
 */
export async function claimInInbox(
  manager: EntityManager,
  entry: { group: string; eventId: string; type: string; topic: string; partition: number; offset: string },
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${INBOX_TABLE} (consumer_group, event_id, event_type, topic, partition, "offset")
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
    [entry.group, entry.eventId, entry.type, entry.topic, entry.partition, entry.offset],
  );
  return rows.length === 1;
}

/**
 * `claimInInbox` for many events in one statement: returns the ids claimed now (the others were handled
 * before). An id that occurs twice in `entries` is claimed once.
 */
export async function claimAllInInbox(
  manager: EntityManager,
  group: string,
  entries: readonly { eventId: string; type: string; topic: string; partition: number; offset: string }[],
): Promise<Set<string>> {
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO ${INBOX_TABLE} (consumer_group, event_id, event_type, topic, partition, "offset")
     SELECT $1, e.id, e.type, e.topic, e.partition, e.off
       FROM unnest($2::text[], $3::text[], $4::text[], $5::integer[], $6::bigint[]) AS e(id, type, topic, partition, off)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [
      group,
      entries.map((e) => e.eventId),
      entries.map((e) => e.type),
      entries.map((e) => e.topic),
      entries.map((e) => e.partition),
      entries.map((e) => e.offset),
    ],
  );
  return new Set(rows.map((r) => r.event_id));
}
