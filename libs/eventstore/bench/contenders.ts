// The three append contenders, each on fresh tables in a schema of its own:
//  - ours:    PostgresEventStore.appendToStream (one round trip to the plpgsql append function, then a
//             coalesced NOTIFY on another pooled connection);
//  - ceiling: a raw `pg` autocommitted INSERT into an equivalent plain table (same columns, bigserial PK,
//             no other index): single row, or one multi-row INSERT per batch;
//  - peer:    Emmett's PostgreSQL event store (BEGIN; SELECT emt_append_to_stream(...); COMMIT on a pooled
//             connection).
// All three get a pg.Pool of the same size.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '../src';
import type { BenchEvent } from './common';

export type Contender = 'ours' | 'ceiling' | 'peer';
export const CONTENDERS: readonly Contender[] = ['ours', 'ceiling', 'peer'];

export interface Appender {
  append(streamId: string, events: readonly BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}

export interface AppenderOptions {
  readonly url: string;
  readonly schema: string;
  readonly poolSize: number;
}

export function openAppender(contender: Contender, options: AppenderOptions): Promise<Appender> {
  switch (contender) {
    case 'ours':
      return openOurs(options);
    case 'ceiling':
      return openCeiling(options);
    case 'peer':
      return openPeer(options);
  }
}

async function openOurs({ url, schema, poolSize }: AppenderOptions): Promise<Appender> {
  const store = await PostgresEventStore.create({ connectionString: url, schema, poolSize });
  return {
    async append(streamId, events) {
      await store.appendToStream(streamId, events, { expectedRevision: 'any' });
    },
    close: () => store.close(),
  };
}

/** The plain table: the columns of our events table, a bigserial primary key, no other index. */
export function ceilingTableSql(schema: string): string {
  return `
    CREATE SCHEMA IF NOT EXISTS "${schema}";
    CREATE TABLE "${schema}".events (
      id             bigserial PRIMARY KEY,
      stream_id      text NOT NULL,
      revision       bigint NOT NULL,
      event_id       uuid NOT NULL,
      type           text NOT NULL,
      schema_version integer NOT NULL,
      data           jsonb NOT NULL,
      metadata       jsonb NOT NULL,
      recorded_at    timestamptz NOT NULL DEFAULT now()
    )`;
}

async function openCeiling({ url, schema, poolSize }: AppenderOptions): Promise<Appender> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  await pool.query(ceilingTableSql(schema));
  const insert = (rows: number) => {
    const tuples = Array.from({ length: rows }, (_, r) => {
      const p = r * 7;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
    });
    return `INSERT INTO "${schema}".events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ${tuples.join(', ')}`;
  };
  const statements = new Map<number, string>();
  return {
    async append(streamId, events) {
      let text = statements.get(events.length);
      if (!text) statements.set(events.length, (text = insert(events.length)));
      const values: unknown[] = [];
      events.forEach((e, revision) => {
        values.push(
          streamId,
          revision,
          randomUUID(),
          e.type,
          1,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
        );
      });
      await pool.query({ name: `ceiling-insert-${events.length}`, text, values });
    },
    close: () => pool.end(),
  };
}

/** Emmett keeps its tables in the connection's current schema: one schema per trial via search_path. */
export function peerPool(url: string, schema: string, max: number): Pool {
  return new Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
}

export async function openPeerStore(url: string, schema: string, poolSize: number) {
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  const pool = peerPool(url, schema, poolSize);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    store,
    pool,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

async function openPeer({ url, schema, poolSize }: AppenderOptions): Promise<Appender> {
  const peer = await openPeerStore(url, schema, poolSize);
  return {
    async append(streamId, events) {
      // No expected version: Emmett's equivalent of our 'any'.
      await peer.store.appendToStream(streamId, events as BenchEvent[]);
    },
    close: () => peer.close(),
  };
}
