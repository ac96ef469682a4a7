// (iv) Projection rebuild: our ProjectionRunner into a TypeORM read model vs a raw `pg` loop that reads
// the same events with keyset pagination and applies the same batched upsert plus the checkpoint update in
// one transaction per batch.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '@baton/eventsourcing';
import { PostgresEventStore } from '../src';
import { ProjectionRunner, type Projection } from '@baton/projections';
import { progress } from '@baton/testing/bench';
import { rate, withTicker, type BenchEvent } from './common';

export interface RebuildTask {
  readonly kind: 'rebuild';
  readonly contender: 'ours' | 'ceiling';
  readonly url: string;
  readonly schema: string;
  readonly total: number;
  readonly batchSize: number;
  readonly poolSize: number;
  readonly label: string;
}

export interface RebuildOutcome {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  /** Read-model check: rows, sum(events), sum(total); both contenders must agree. */
  readonly check: { rows: number; events: number; total: number };
}

const READ_MODEL = 'bench_case_summary';
const RAW_READ_MODEL = 'bench_case_summary_raw';

@Entity({ name: READ_MODEL })
class CaseSummary {
  @PrimaryColumn('text', { name: 'stream_id' }) streamId!: string;
  @Column('integer') events!: number;
  @Column('text', { name: 'last_type' }) lastType!: string;
  @Column('bigint') total!: string;
  @Column('timestamptz', { name: 'last_recorded_at' }) lastRecordedAt!: Date;
}

/** The whole batch as one multi-row upsert: per-stream deltas aggregated in memory first. */
function upsertSql(table: string): string {
  return `
    INSERT INTO ${table} (stream_id, events, last_type, total, last_recorded_at)
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::timestamptz[])
    ON CONFLICT (stream_id) DO UPDATE SET
      events = ${table}.events + EXCLUDED.events,
      last_type = EXCLUDED.last_type,
      total = ${table}.total + EXCLUDED.total,
      last_recorded_at = EXCLUDED.last_recorded_at`;
}

interface Delta {
  events: number;
  lastType: string;
  total: number;
  lastRecordedAt: string | Date;
}

function aggregate<T>(
  items: readonly T[],
  read: (item: T) => [string, string, number, string | Date],
): unknown[] {
  const deltas = new Map<string, Delta>();
  for (const item of items) {
    const [streamId, type, amount, at] = read(item);
    const d = deltas.get(streamId);
    if (d) {
      d.events++;
      d.lastType = type;
      d.total += amount;
      d.lastRecordedAt = at;
    } else {
      deltas.set(streamId, { events: 1, lastType: type, total: amount, lastRecordedAt: at });
    }
  }
  const ids: string[] = [];
  const events: number[] = [];
  const types: string[] = [];
  const totals: number[] = [];
  const ats: (string | Date)[] = [];
  for (const [id, d] of deltas) {
    ids.push(id);
    events.push(d.events);
    types.push(d.lastType);
    totals.push(d.total);
    ats.push(d.lastRecordedAt);
  }
  return [ids, events, types, totals, ats];
}

const caseSummaryProjection: Projection = {
  name: 'bench-case-summary',
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    const params = aggregate(events, (e) => [
      e.streamId,
      e.type,
      (e.data as BenchEvent['data']).amount,
      e.metadata.recordedAt,
    ]);
    await manager.query(upsertSql(READ_MODEL), params);
  },
  async reset(manager) {
    await manager.query(`TRUNCATE ${READ_MODEL}`);
  },
};

export async function runRebuild(task: RebuildTask): Promise<RebuildOutcome> {
  return task.contender === 'ours' ? rebuildOurs(task) : rebuildCeiling(task);
}

async function rebuildOurs(task: RebuildTask): Promise<RebuildOutcome> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: task.url,
    entities: [CaseSummary],
    synchronize: true,
    logging: false,
    extra: { max: task.poolSize },
  });
  await dataSource.initialize();
  const store = await PostgresEventStore.create({
    connectionString: task.url,
    schema: task.schema,
    poolSize: task.poolSize,
  });
  const runner = new ProjectionRunner({
    dataSource,
    store,
    projection: caseSummaryProjection,
    batchSize: task.batchSize,
  });
  try {
    const head = await store.headPosition();
    if (!head) throw new Error('rebuild: the store is empty');
    const t0 = performance.now();
    await runner.rebuild();
    await runner.start();
    await withTicker(
      3000,
      () =>
        progress(
          `  ${task.label}: ${runner.eventsApplied}/${task.total} events (${rate(runner.eventsApplied, t0)} ev/s)`,
        ),
      runner.waitForPosition(head, 30 * 60_000),
    );
    const seconds = (performance.now() - t0) / 1000;
    await runner.stop();
    return {
      events: task.total,
      seconds,
      eventsPerSec: task.total / seconds,
      check: await check(dataSource, READ_MODEL),
    };
  } finally {
    await runner.stop();
    await store.close();
    await dataSource.destroy();
  }
}

async function rebuildCeiling(task: RebuildTask): Promise<RebuildOutcome> {
  const client = new Client({ connectionString: task.url });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${RAW_READ_MODEL} (
        stream_id text PRIMARY KEY, events integer NOT NULL, last_type text NOT NULL, total bigint NOT NULL,
        last_recorded_at timestamptz NOT NULL);
      CREATE TABLE IF NOT EXISTS bench_raw_checkpoints (
        name text PRIMARY KEY, commit_position bigint NOT NULL, prepare_position bigint NOT NULL,
        events_applied bigint NOT NULL DEFAULT 0, last_recorded_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now())`);
    const t0 = performance.now();
    await client.query(`TRUNCATE ${RAW_READ_MODEL}`);
    await client.query(
      `INSERT INTO bench_raw_checkpoints (name, commit_position, prepare_position) VALUES ('raw', -1, -1)
       ON CONFLICT (name) DO UPDATE SET commit_position = -1, prepare_position = -1, events_applied = 0`,
    );
    let tx = '0';
    let pos = '0';
    let applied = 0;
    let prev = ['-1', '-1'];
    const upsert = upsertSql(RAW_READ_MODEL);
    await withTicker(
      3000,
      () => progress(`  ${task.label}: ${applied}/${task.total} events (${rate(applied, t0)} ev/s)`),
      (async () => {
        for (;;) {
          const { rows } = await client.query({
            name: 'raw-rebuild-page',
            text: `SELECT transaction_id, global_position, stream_id, revision, event_id, type, schema_version, data,
                          metadata, recorded_at
                     FROM "${task.schema}".events
                    WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
                    ORDER BY transaction_id, global_position LIMIT $3`,
            values: [tx, pos, task.batchSize],
          });
          if (rows.length === 0) break;
          const last = rows[rows.length - 1];
          const params = aggregate(rows, (r) => [r.stream_id, r.type, r.data.amount, r.recorded_at]);
          await client.query('BEGIN');
          await client.query({ name: 'raw-upsert', text: upsert, values: params });
          const moved = await client.query({
            name: 'raw-checkpoint',
            text: `UPDATE bench_raw_checkpoints SET commit_position = $4, prepare_position = $5,
                     events_applied = events_applied + $6, last_recorded_at = $7, updated_at = now()
                    WHERE name = $1 AND commit_position = $2 AND prepare_position = $3`,
            values: [
              'raw',
              prev[0],
              prev[1],
              last.transaction_id,
              last.global_position,
              rows.length,
              last.recorded_at,
            ],
          });
          if (moved.rowCount !== 1) throw new Error('raw rebuild: checkpoint moved');
          await client.query('COMMIT');
          tx = last.transaction_id;
          pos = last.global_position;
          prev = [tx, pos];
          applied += rows.length;
        }
      })(),
    );
    const seconds = (performance.now() - t0) / 1000;
    if (applied !== task.total) throw new Error(`raw rebuild applied ${applied} of ${task.total}`);
    return {
      events: applied,
      seconds,
      eventsPerSec: applied / seconds,
      check: await check(client, RAW_READ_MODEL),
    };
  } finally {
    await client.end();
  }
}

async function check(db: { query: (sql: string) => Promise<unknown> }, table: string) {
  const result = (await db.query(
    `SELECT count(*)::int AS rows, coalesce(sum(events), 0)::int AS events, coalesce(sum(total), 0)::bigint::text AS total FROM ${table}`,
  )) as
    | { rows: { rows: number; events: number; total: string }[] }
    | { rows: number; events: number; total: string }[];
  const row = Array.isArray(result) ? result[0] : result.rows[0];
  return { rows: row.rows, events: row.events, total: Number(row.total) };
}
