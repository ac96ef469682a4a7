import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

eventStoreContract('PostgreSQL', async () => {
  const db: TestDatabase = await createTestDatabase('es_contract');
  const opened: PostgresEventStore[] = [];
  const open = async () => {
    const store = await PostgresEventStore.create({ connectionString: db.url, poolSize: 8 });
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    reopen: open,
    async teardown() {
      await Promise.all(opened.map((s) => s.close()));
      await db.drop();
    },
  };
});

describe('PostgreSQL event store: schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('es_schema');
  });
  afterAll(async () => db.drop());

  it('creates its schema on start, and concurrent starters migrate it once', async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresEventStore.create({ connectionString: db.url, poolSize: 2 })),
    );
    const client = await stores[0].connect();
    try {
      const { rows } = await client.query('SELECT version FROM eventstore.migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    } finally {
      client.release();
    }
    await stores[1].appendToStream('firm-1', [{ type: 'A', data: {} }], { expectedRevision: 'no_stream' });
    expect((await stores[2].readStream('firm-1')).currentRevision).toBe(0);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('keeps separate stores apart by schema', async () => {
    const a = await PostgresEventStore.create({ connectionString: db.url, schema: 'store_a' });
    const b = await PostgresEventStore.create({ connectionString: db.url, schema: 'store_b' });
    await a.appendToStream('x-1', [{ type: 'A', data: {} }], { expectedRevision: 'no_stream' });
    expect((await b.readStream('x-1')).currentRevision).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});

describe('PostgreSQL event store: live delivery', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('es_live');
  });
  afterAll(async () => db.drop());

  it('wakes a caught-up subscriber by notification, not by polling, when another process appends', async () => {
    // Polling every minute: only the post-commit NOTIFY can deliver within the test's deadline.
    const reader = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60000 });
    const writer = await PostgresEventStore.create({ connectionString: db.url });
    try {
      const subscription = reader.subscribeToAll({ fromPosition: 'end' });
      const first = subscription.next();
      await new Promise((r) => setTimeout(r, 500)); // let it catch up and go to sleep
      await writer.appendToStream('firm-live', [{ type: 'Woken', data: {} }], {
        expectedRevision: 'no_stream',
      });
      const next = await first;
      expect(next.done).toBe(false);
      expect(next.value.type).toBe('Woken');
      await subscription.close();
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  }, 20000); // without a notification the subscriber would sleep for its 60 s poll interval
});
