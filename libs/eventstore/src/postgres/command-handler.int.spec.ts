import {
  CommandHandler,
  DomainError,
  UpcasterRegistry,
  WrongExpectedRevisionError,
} from '@baton/eventsourcing';
import {
  meta,
  sampleDecider,
  type SampleCommand,
  type SampleEvent,
  type SampleState,
} from '@baton/eventsourcing/testing';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { PostgresEventStore } from './postgres-event-store';

describe('CommandHandler on the PostgreSQL store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let handler: CommandHandler<SampleState, SampleCommand, SampleEvent>;
  let n = 0;
  const caseStream = () => `case-${++n}-${Date.now()}`;

  beforeAll(async () => {
    db = await createTestDatabase('handler');
    store = await PostgresEventStore.create({ connectionString: db.url, poolSize: 8 });
    handler = new CommandHandler(store, sampleDecider);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const open = (agency = 'daegu-tp'): SampleCommand => ({
    type: 'OpenCase',
    data: { caseId: 'c', agency },
    metadata: meta,
  });
  const propose = (from: string, to: string): SampleCommand => ({
    type: 'ProposeHandoff',
    data: { caseId: 'c', from, to },
    metadata: { ...meta, correlationId: 'corr-1', causationId: 'cmd-1', traceparent: '00-abc-def-01' },
  });

  it('reads, folds, decides and appends, stamping metadata from the command', async () => {
    const id = caseStream();
    const opened = await handler.handle(id, open());
    expect(opened.nextExpectedRevision).toBe(0);
    const proposed = await handler.handle(id, propose('daegu-tp', 'busan-ccei'));
    expect(proposed.newEvents).toEqual([
      { type: 'HandoffProposed', data: { caseId: 'c', to: 'busan-ccei' } },
    ]);
    expect(proposed.newState).toEqual({ status: 'offered', holder: 'daegu-tp', to: 'busan-ccei' });
    expect(proposed.nextExpectedRevision).toBe(1);

    const { events } = await store.readStream(id);
    expect(events[1].metadata).toMatchObject({
      occurredAt: meta.now,
      actor: meta.actor,
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      traceparent: '00-abc-def-01',
    });
  });

  it('appends nothing when the decider decides nothing, and nothing when it refuses', async () => {
    const id = caseStream();
    await handler.handle(id, open());
    const again = await handler.handle(id, open());
    expect(again.newEvents).toEqual([]);
    await expect(handler.handle(id, propose('intruder', 'x'))).rejects.toBeInstanceOf(DomainError);
    expect((await store.readStream(id)).currentRevision).toBe(0);
  });

  it('surfaces a concurrency conflict by default, and retries only when the command opts in', async () => {
    // A store whose first read waits on a gate makes the race deterministic.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let paused = 0;
    const racing = new CommandHandler(
      {
        readStream: async (s, o) => {
          const r = await store.readStream(s, o);
          if (paused++ === 0) await gate;
          return r;
        },
        appendToStream: (s, e, o) => store.appendToStream(s, e, o),
      },
      sampleDecider,
    );

    const id = caseStream();
    await handler.handle(id, open());
    const first = racing.handle(id, propose('daegu-tp', 'busan-ccei'));
    await new Promise((r) => setTimeout(r, 50));
    await handler.handle(id, propose('daegu-tp', 'gwangju-tp'));
    release();
    await expect(first).rejects.toBeInstanceOf(WrongExpectedRevisionError);

    // Same race, opted in: the retry re-reads, sees the offer, and proposing again is still the holder's right.
    paused = 0;
    let release2!: () => void;
    const gate2 = new Promise<void>((r) => (release2 = r));
    const retrying = new CommandHandler(
      {
        readStream: async (s, o) => {
          const r = await store.readStream(s, o);
          if (paused++ === 0) await gate2;
          return r;
        },
        appendToStream: (s, e, o) => store.appendToStream(s, e, o),
      },
      sampleDecider,
    );
    const id2 = caseStream();
    await handler.handle(id2, open());
    const second = retrying.handle(id2, propose('daegu-tp', 'busan-ccei'), { retryOnConflict: 2 });
    await new Promise((r) => setTimeout(r, 50));
    await handler.handle(id2, propose('daegu-tp', 'gwangju-tp'));
    release2();
    const result = await second;
    expect(result.nextExpectedRevision).toBe(2);
    expect((await store.readStream(id2)).events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'HandoffProposed',
      'HandoffProposed',
    ]);
  });

  it('honours an explicit expected revision (If-Match)', async () => {
    const id = caseStream();
    await handler.handle(id, open());
    await expect(handler.handle(id, propose('daegu-tp', 'x'), { expectedRevision: 5 })).rejects.toMatchObject(
      {
        actual: 0,
      },
    );
    await expect(
      handler.handle(id, propose('daegu-tp', 'x'), { expectedRevision: 0 }),
    ).resolves.toMatchObject({
      nextExpectedRevision: 1,
    });
  });

  it('has no second effect when a command is re-sent with the same idempotency key', async () => {
    const id = caseStream();
    await handler.handle(id, open());
    const first = await handler.handle(id, propose('daegu-tp', 'busan-ccei'), { idempotencyKey: 'req-42' });
    const again = await handler.handle(id, propose('daegu-tp', 'busan-ccei'), { idempotencyKey: 'req-42' });
    expect(first.alreadyHandled).toBe(false);
    expect(again.alreadyHandled).toBe(true);
    expect(again.position).toEqual(first.position);
    expect(again.newEvents).toEqual(first.newEvents);
    expect((await store.readStream(id)).events).toHaveLength(2);

    // Two re-sends at once: still one effect.
    const id2 = caseStream();
    await handler.handle(id2, open());
    const results = await Promise.allSettled([
      handler.handle(id2, propose('daegu-tp', 'b'), { idempotencyKey: 'k', retryOnConflict: 3 }),
      handler.handle(id2, propose('daegu-tp', 'b'), { idempotencyKey: 'k', retryOnConflict: 3 }),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await store.readStream(id2)).events).toHaveLength(2);
  });

  it('expectNewStream: creates a stream without reading it first, and falls back to read → decide when it exists', async () => {
    let reads = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'readStream') reads++;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const creating = new CommandHandler(counting, sampleDecider);
    const id = caseStream();
    const created = await creating.handle(id, open(), { expectNewStream: true });
    expect(created).toMatchObject({ nextExpectedRevision: 0, alreadyHandled: false });
    expect(reads).toBe(0);

    // The stream exists: the blind append fails, the command is decided on the real state (nothing to do).
    const again = await creating.handle(id, open(), { expectNewStream: true });
    expect(again.newEvents).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect((await store.readStream(id)).events).toHaveLength(1);

    // Two creations at once: one stream, one event.
    const id2 = caseStream();
    await Promise.all([
      creating.handle(id2, open('a'), { expectNewStream: true }),
      creating.handle(id2, open('b'), { expectNewStream: true }),
    ]);
    expect((await store.readStream(id2)).events).toHaveLength(1);
  });

  it('upcasts stored events before folding, and writes the current schema version', async () => {
    const id = caseStream();
    // An old shape: v1 called the holder "agency".
    await store.appendToStream(
      id,
      [{ type: 'CaseOpened', schemaVersion: 1, data: { caseId: 'c', agency: 'daegu-tp' } }],
      {
        expectedRevision: 'no_stream',
      },
    );
    const upcasters = new UpcasterRegistry()
      .register('CaseOpened', 1, (d: { caseId: string; agency: string }) => ({
        caseId: d.caseId,
        holder: d.agency,
      }))
      .register('HandoffProposed', 1, (d) => d);
    const upcasting = new CommandHandler(store, sampleDecider, { upcasters });
    const result = await upcasting.handle(id, propose('daegu-tp', 'busan-ccei'));
    expect(result.newState).toEqual({ status: 'offered', holder: 'daegu-tp', to: 'busan-ccei' });
    expect((await store.readStream(id)).events[1].schemaVersion).toBe(2);
  });

  it('reads long streams page by page', async () => {
    const paged = new CommandHandler(store, sampleDecider, { readPageSize: 3 });
    const id = caseStream();
    await paged.handle(id, open());
    let holder = 'daegu-tp';
    for (let i = 0; i < 5; i++) {
      const next = `agency-${i}`;
      await paged.handle(id, propose(holder, next));
      await paged.handle(id, { type: 'AcceptHandoff', data: { caseId: 'c', by: next }, metadata: meta });
      holder = next;
    }
    const { state, revision } = await paged.aggregate(id);
    expect(state).toEqual({ status: 'held', holder: 'agency-4' });
    expect(revision).toBe(10);
  });
});
