import { migrateSchema, quoteIdent } from '@baton/eventstore';
import type { Pool } from 'pg';

export { quoteIdent };

export const DEFAULT_BUS_SCHEMA = 'bus';

/**
 * The embedded bus's tables, as ordered migrations applied on start under an advisory lock (concurrent
 * starters migrate once; each migration is recorded in `<schema>.migrations`).
 *
 * Kafka's model, row by row: a topic has a fixed (growable) number of partitions; a partition is a log of
 * messages with dense offsets, numbered by locking the partition's `next_offset` row in the producing
 * transaction, so offsets are also in commit order and a reader never skips one that commits late.
 * A consumer group's committed offset is the next offset to read. Members heartbeat; a partition is
 * consumed by the member holding its lease.
 */
export function busMigrations(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `
    CREATE TABLE ${s}.topics (
      name        text PRIMARY KEY,
      partitions  integer NOT NULL CHECK (partitions > 0),
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ${s}.partitions (
      topic       text NOT NULL REFERENCES ${s}.topics (name),
      partition   integer NOT NULL,
      next_offset bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (topic, partition)
    );
    CREATE TABLE ${s}.messages (
      topic       text NOT NULL,
      partition   integer NOT NULL,
      "offset"    bigint NOT NULL,
      key         text NOT NULL,
      headers     jsonb NOT NULL,
      value       bytea NOT NULL,
      produced_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, partition, "offset")
    );
    CREATE TABLE ${s}.committed_offsets (
      consumer_group   text NOT NULL,
      topic            text NOT NULL,
      partition        integer NOT NULL,
      committed_offset bigint NOT NULL,
      committed_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, topic, partition)
    );
    CREATE TABLE ${s}.members (
      consumer_group text NOT NULL,
      member_id      text NOT NULL,
      heartbeat_at   timestamptz NOT NULL,
      joined_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, member_id)
    );
    CREATE TABLE ${s}.leases (
      consumer_group text NOT NULL,
      topic          text NOT NULL,
      partition      integer NOT NULL,
      owner          text NOT NULL,
      lease_until    timestamptz NOT NULL,
      PRIMARY KEY (consumer_group, topic, partition)
    );
    CREATE INDEX leases_owner ON ${s}.leases (consumer_group, owner);
    `,
  ];
}

/** Creates or migrates the bus schema. Safe to run from many processes at once. */
export function migrateBusSchema(pool: Pool, schema: string = DEFAULT_BUS_SCHEMA): Promise<void> {
  return migrateSchema(pool, schema, busMigrations(schema));
}

/** The LISTEN/NOTIFY channel producers wake consumers on; payload `<partition>:<topic>`. */
export function busChannel(schema: string): string {
  return `${schema}_produced`;
}
