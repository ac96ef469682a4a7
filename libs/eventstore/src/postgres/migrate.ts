import type { Pool } from 'pg';
import { quoteIdent } from './schema';

/**
 * Creates `schema` and applies the `migrations` not yet recorded in `<schema>.migrations`, each in its own
 * transaction, in order. A session advisory lock makes concurrent starters wait for each other, so every
 * migration runs once. Migrations are history: append new ones, never edit applied ones.
 */
export async function migrateSchema(
  pool: Pool,
  schema: string,
  migrations: readonly string[],
): Promise<void> {
  const s = quoteIdent(schema);
  const lock = `baton-migrate:${schema}`;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.migrations`);
      const applied = new Set(rows.map((r) => r.version));
      for (let version = 1; version <= migrations.length; version++) {
        if (applied.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migrations[version - 1]);
          await client.query(`INSERT INTO ${s}.migrations (version) VALUES ($1)`, [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
