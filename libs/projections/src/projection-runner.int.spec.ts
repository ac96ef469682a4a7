import 'reflect-metadata';
import { Registry } from 'prom-client';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '@baton/eventsourcing';
import { PostgresEventStore } from '@baton/eventstore';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { registerProjectionMetrics } from './metrics';
import type { Projection } from './projection';
import { ProjectionRunner, ProjectionTimeoutError } from './projection-runner';

@Entity({ name: 'case_summary' })
class CaseSummary {
  @PrimaryColumn('text') streamId!: string;
  @Column('integer') events!: number;
  @Column('text') lastType!: string;
  @Column('integer') total!: number;
}

const caseSummary: Projection = {
  name: 'case-summary',
  filter: { streamPrefixes: ['case-'] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const e of events) {
      await manager.query(
        `INSERT INTO case_summary ("streamId", events, "lastType", total) VALUES ($1, 1, $2, $3)
         ON CONFLICT ("streamId") DO UPDATE SET events = case_summary.events + 1, "lastType" = $2,
           total = case_summary.total + $3`,
        [e.streamId, e.type, (e.data as { amount: number }).amount],
      );
    }
  },
  async reset(manager) {
    await manager.query('TRUNCATE case_summary');
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ProjectionRunner (PostgreSQL, TypeORM)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const dataSources: DataSource[] = [];
  const runners: ProjectionRunner[] = [];

  async function dataSource(applicationName: string): Promise<DataSource> {
    const ds = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: [CaseSummary],
      synchronize: true,
      applicationName,
      extra: { max: 4 },
    });
    await ds.initialize();
    dataSources.push(ds);
    return ds;
  }

  function runner(ds: DataSource, projection = caseSummary): ProjectionRunner {
    const r = new ProjectionRunner({ dataSource: ds, store, projection, lockRetryMs: 100, batchSize: 50 });
    runners.push(r);
    return r;
  }

  async function appendMany(streams: number, perStream: number, amount = 1) {
    let last;
    for (let s = 0; s < streams; s++) {
      last = await store.appendToStream(
        `case-${s}`,
        Array.from({ length: perStream }, (_, i) => ({ type: i % 2 ? 'Noted' : 'Opened', data: { amount } })),
        { expectedRevision: 'any' },
      );
      await store.appendToStream(`other-${s}`, [{ type: 'Ignored', data: { amount: 1000 } }], {
        expectedRevision: 'any',
      });
    }
    return last!;
  }

  async function rows(ds: DataSource) {
    return ds.query('SELECT "streamId", events, "lastType", total FROM case_summary ORDER BY "streamId"');
  }

  beforeEach(async () => {
    db = await createTestDatabase('projections');
    store = await PostgresEventStore.create({ connectionString: db.url, poolSize: 6, pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(dataSources.splice(0).map((d) => (d.isInitialized ? d.destroy() : undefined)));
    await store.close();
    await db.drop();
  });

  it('applies events to the read model and keeps the checkpoint with them', async () => {
    const ds = await dataSource('p1');
    const r = runner(ds);
    await r.start();
    const last = await appendMany(5, 4, 10);
    await r.waitForPosition(last.position, 10000);
    expect(await rows(ds)).toEqual(
      Array.from({ length: 5 }, (_, s) => ({
        streamId: `case-${s}`,
        events: 4,
        lastType: 'Noted',
        total: 40,
      })),
    );
    const checkpoint = await r.currentCheckpoint();
    expect(checkpoint).toEqual(last.position);
  });

  it('rebuilds: drops the rows, replays from zero, and gets the same rows', async () => {
    const ds = await dataSource('p2');
    const r = runner(ds);
    await r.start();
    const last = await appendMany(8, 5, 3);
    await r.waitForPosition(last.position, 10000);
    const before = await rows(ds);

    await r.rebuild();
    expect((await r.currentCheckpoint()).commit).toBe(-1n);
    await r.waitForPosition(last.position, 10000);
    expect(await rows(ds)).toEqual(before);
    expect(before).toHaveLength(8);
  });

  it('runs one active runner across processes, and a standby takes over when the holder dies', async () => {
    const dsA = await dataSource('runner-a');
    const dsB = await dataSource('runner-b');
    const a = runner(dsA);
    const b = runner(dsB);
    await a.start();
    await sleep(150);
    await b.start();
    await appendMany(4, 5);
    await sleep(300);
    expect(a.status).toBe('active');
    expect(b.status).toBe('standby');

    // "Kill" process A: its connections die and its pool is gone.
    const destroyed = dsA.destroy();
    await dsB.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'runner-a'",
    );
    await destroyed.catch(() => undefined);
    await a.stop();

    const last = await appendMany(4, 5);
    await b.waitForPosition(last.position, 15000);
    expect(b.status).toBe('active');
    const result = await rows(dsB);
    expect(result.map((r: { events: number }) => r.events)).toEqual([10, 10, 10, 10]);
    expect(result.map((r: { total: number }) => r.total)).toEqual([10, 10, 10, 10]);
  });

  it('never applies a batch twice when two runners work the same checkpoint at once', async () => {
    // Different lock keys put both runners to work at the same time on one checkpoint: only the
    // compare-and-set checkpoint stands between them and double application.
    const dsA = await dataSource('cas-a');
    const dsB = await dataSource('cas-b');
    const a = runner(dsA);
    const b = new ProjectionRunner({
      dataSource: dsB,
      store,
      projection: caseSummary,
      lockRetryMs: 100,
      batchSize: 7,
      lockKey: 'a-different-lock',
    });
    runners.push(b);
    await Promise.all([a.start(), b.start()]);
    let last;
    for (let round = 0; round < 5; round++) last = await appendMany(6, 2);
    await a.waitForPosition(last!.position, 15000);
    await b.waitForPosition(last!.position, 15000);
    expect(a.status).toBe('active');
    expect(b.status).toBe('active');
    const result = await rows(dsA);
    expect(result.map((r: { events: number }) => r.events)).toEqual([10, 10, 10, 10, 10, 10]);
    expect(a.eventsApplied + b.eventsApplied).toBe(60);
  });

  it('lets a query wait until a position is reflected, with a timeout', async () => {
    const ds = await dataSource('p4');
    const r = runner(ds);
    const first = await appendMany(1, 1);
    await expect(r.waitForPosition(first.position, 300)).rejects.toBeInstanceOf(ProjectionTimeoutError);
    await r.start();
    await r.waitForPosition(first.position, 10000);
    expect(await rows(ds)).toHaveLength(1);
    // A position of an event the projection filters out is reached once everything before it is applied.
    const ignored = await store.appendToStream('other-x', [{ type: 'Ignored', data: { amount: 1 } }], {
      expectedRevision: 'any',
    });
    await r.waitForPosition(ignored.position, 10000);
  });

  it('reports lag in events and seconds as metrics', async () => {
    const ds = await dataSource('p5');
    const r = runner(ds);
    await appendMany(3, 2);
    await sleep(50);
    const lag = await r.lag();
    expect(lag.events).toBe(6);
    expect(lag.seconds).toBeGreaterThan(0);

    const registry = new Registry();
    registerProjectionMetrics(registry, [r]);
    const before = await registry.metrics();
    expect(before).toMatch(/baton_projection_lag_events\{projection="case-summary"\} 6/);
    expect(before).toMatch(/baton_projection_active\{projection="case-summary"\} 0/);

    await r.start();
    await r.waitForPosition((await store.headPosition())!, 10000);
    const after = await registry.metrics();
    expect(after).toMatch(/baton_projection_lag_events\{projection="case-summary"\} 0/);
    expect(after).toMatch(/baton_projection_lag_seconds\{projection="case-summary"\} 0/);
    expect(after).toMatch(/baton_projection_events_applied\{projection="case-summary"\} 6/);
  });
});
