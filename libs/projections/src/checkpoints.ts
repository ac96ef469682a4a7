import { START, type GlobalPosition } from '@baton/eventsourcing';
import type { DataSource, EntityManager } from 'typeorm';

export const CHECKPOINT_TABLE = 'baton_projection_checkpoints';

export async function ensureCheckpointTable(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    // Serialises concurrent starters: CREATE TABLE IF NOT EXISTS alone can still race.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('${CHECKPOINT_TABLE}'))`);
    await manager.query(`
    CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
      name            text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      events_applied  bigint NOT NULL DEFAULT 0,
      last_recorded_at timestamptz,
      updated_at      timestamptz NOT NULL DEFAULT now()
    )`);
  });
}

export async function readCheckpoint(manager: EntityManager, name: string): Promise<GlobalPosition> {
  await manager.query(
    `INSERT INTO ${CHECKPOINT_TABLE} (name, commit_position, prepare_position) VALUES ($1, -1, -1)
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  const rows: { c: string; p: string }[] = await manager.query(
    `SELECT commit_position::text AS c, prepare_position::text AS p FROM ${CHECKPOINT_TABLE} WHERE name = $1`,
    [name],
  );
  return rows.length ? { commit: BigInt(rows[0].c), prepare: BigInt(rows[0].p) } : START;
}

/**
 * Moves the checkpoint from `from` to `to`; false when it was not at `from` any more (another runner or a
 * rebuild moved it), in which case the caller's transaction must roll back.
 */
export async function advanceCheckpoint(
  manager: EntityManager,
  name: string,
  from: GlobalPosition,
  to: GlobalPosition,
  applied: number,
  lastRecordedAt: string | undefined,
): Promise<boolean> {
  const result: [unknown[], number] = await manager.query(
    `UPDATE ${CHECKPOINT_TABLE}
        SET commit_position = $4, prepare_position = $5, events_applied = events_applied + $6,
            last_recorded_at = COALESCE($7, last_recorded_at), updated_at = now()
      WHERE name = $1 AND commit_position = $2 AND prepare_position = $3`,
    [
      name,
      from.commit.toString(),
      from.prepare.toString(),
      to.commit.toString(),
      to.prepare.toString(),
      applied,
      lastRecordedAt ?? null,
    ],
  );
  return result[1] === 1;
}

export async function resetCheckpoint(manager: EntityManager, name: string): Promise<void> {
  await manager.query(
    `INSERT INTO ${CHECKPOINT_TABLE} (name, commit_position, prepare_position) VALUES ($1, -1, -1)
     ON CONFLICT (name) DO UPDATE SET commit_position = -1, prepare_position = -1, events_applied = 0,
       last_recorded_at = NULL, updated_at = now()`,
    [name],
  );
}
