import { randomUUID } from 'node:crypto';
import { comparePositions, WrongExpectedRevisionError, type RecordedEvent } from '@baton/eventsourcing';
import {
  EventTooLargeError,
  IdempotencyConflictError,
  InvalidEventError,
  InvalidStreamIdError,
} from '../errors';
import type { EventStore, ReadAllOptions, Subscription } from '../port';

export interface ContractSetup {
  store: EventStore;
  /** A second, independent store instance on the same backend (a "restarted process"). */
  reopen(): Promise<EventStore>;
  teardown(): Promise<void>;
}

const ev = (type: string, data: unknown = {}) => ({ type, data });

async function take(subscription: Subscription, count: number, timeoutMs = 15000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    while (out.length < count) {
      const next = await subscription.next();
      if (next.done) break;
      out.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/**
 * "$all" shows an event once every older write has finished (ADR 2), so a read right after an append
 * may briefly miss it while other suites write to the same server: wait until `count` events are there.
 */
async function readAllSettled(
  store: EventStore,
  options: ReadAllOptions,
  count: number,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const events = await store.readAll(options);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The behaviour every EventStore adapter must show. Every test works in streams named with its own random
 * prefix, and reads "$all" filtered by that prefix, so the suite can share a server with other data.
 */
export function eventStoreContract(adapterName: string, setup: () => Promise<ContractSetup>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let ctx: ContractSetup;
    let store: EventStore;
    let prefix: string;
    const stream = (name: string) => `${prefix}${name}`;

    beforeAll(async () => {
      ctx = await setup();
      store = ctx.store;
    });
    afterAll(async () => {
      await ctx?.teardown();
    });
    beforeEach(() => {
      prefix = `t${randomUUID().slice(0, 8)}-`;
    });

    describe('append and read a stream', () => {
      it('appends to a new stream and returns the revision and global position', async () => {
        const first = await store.appendToStream(stream('a'), [ev('Opened', { n: 1 })], {
          expectedRevision: 'no_stream',
        });
        const second = await store.appendToStream(
          stream('a'),
          [ev('Noted', { n: 2 }), ev('Noted', { n: 3 })],
          {
            expectedRevision: 0,
          },
        );
        expect(first.nextExpectedRevision).toBe(0);
        expect(second.nextExpectedRevision).toBe(2);
        expect(comparePositions(second.position, first.position)).toBeGreaterThan(0);

        const read = await store.readStream(stream('a'));
        expect(read.currentRevision).toBe(2);
        expect(read.events.map((e) => [e.revision, e.type, e.data])).toEqual([
          [0, 'Opened', { n: 1 }],
          [1, 'Noted', { n: 2 }],
          [2, 'Noted', { n: 3 }],
        ]);
        expect(comparePositions(read.events[2].position, second.position)).toBe(0);
      });

      it('keeps id, schema version and metadata, and stamps recordedAt', async () => {
        const id = randomUUID();
        const before = Date.now();
        await store.appendToStream(
          stream('m'),
          [
            {
              id,
              type: 'Opened',
              data: { 이름: '대구테크노파크' },
              schemaVersion: 3,
              metadata: {
                occurredAt: '2026-03-01T09:00:00.000Z',
                actor: { userId: 'u-1', role: 'agency-staff', agencyId: 'a-1' },
                correlationId: 'c-1',
                causationId: 'k-1',
                traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
              },
            },
          ],
          { expectedRevision: 'any' },
        );
        const [event] = (await store.readStream(stream('m'))).events;
        expect(event.id).toBe(id);
        expect(event.streamId).toBe(stream('m'));
        expect(event.schemaVersion).toBe(3);
        expect(event.data).toEqual({ 이름: '대구테크노파크' });
        expect(event.metadata).toMatchObject({
          occurredAt: '2026-03-01T09:00:00.000Z',
          actor: { userId: 'u-1', role: 'agency-staff', agencyId: 'a-1' },
          correlationId: 'c-1',
          causationId: 'k-1',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        });
        const recordedAt = Date.parse(event.metadata.recordedAt);
        expect(recordedAt).toBeGreaterThanOrEqual(before - 5000);
        expect(recordedAt).toBeLessThanOrEqual(Date.now() + 5000);
      });

      it('reads forwards and backwards, from a revision, with a max count', async () => {
        await store.appendToStream(
          stream('r'),
          Array.from({ length: 10 }, (_, i) => ev('Counted', { i })),
          { expectedRevision: 'no_stream' },
        );
        const page = await store.readStream(stream('r'), { fromRevision: 3, maxCount: 4 });
        expect(page.events.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
        expect(page.currentRevision).toBe(9);
        const back = await store.readStream(stream('r'), { direction: 'backwards', maxCount: 3 });
        expect(back.events.map((e) => e.revision)).toEqual([9, 8, 7]);
        const backFrom = await store.readStream(stream('r'), { direction: 'backwards', fromRevision: 2 });
        expect(backFrom.events.map((e) => e.revision)).toEqual([2, 1, 0]);
        const pastEnd = await store.readStream(stream('r'), { fromRevision: 10 });
        expect(pastEnd.events).toEqual([]);
        expect(pastEnd.currentRevision).toBe(9);
      });

      it('reads a stream that does not exist as empty, with no revision', async () => {
        const read = await store.readStream(stream('none'));
        expect(read).toEqual({ events: [], currentRevision: undefined });
      });
    });

    describe('expected revision', () => {
      it('accepts any, no_stream, stream_exists and an exact revision when they hold', async () => {
        await store.appendToStream(stream('e'), [ev('A')], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream('e'), [ev('B')], { expectedRevision: 'stream_exists' });
        await store.appendToStream(stream('e'), [ev('C')], { expectedRevision: 'any' });
        const result = await store.appendToStream(stream('e'), [ev('D')], { expectedRevision: 2 });
        expect(result.nextExpectedRevision).toBe(3);
      });

      it.each([
        ['no_stream on an existing stream', 'no_stream' as const, true, 0],
        ['stream_exists on a missing stream', 'stream_exists' as const, false, undefined],
        ['an exact revision that is stale', 0, true, 0],
        ['an exact revision ahead of the stream', 5, true, 0],
        ['an exact revision on a missing stream', 0, false, undefined],
      ])('raises a conflict carrying the actual revision for %s', async (_name, expected, create, actual) => {
        if (create) await store.appendToStream(stream('c'), [ev('A')], { expectedRevision: 'no_stream' });
        if (expected === 0 && create) {
          await store.appendToStream(stream('c'), [ev('B')], { expectedRevision: 0 });
        }
        const attempt = store.appendToStream(stream('c'), [ev('X')], { expectedRevision: expected });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const error = (await attempt.catch((e) => e)) as WrongExpectedRevisionError;
        const current = (await store.readStream(stream('c'))).currentRevision;
        expect(error.actual).toBe(current);
        if (actual === undefined) expect(error.actual).toBeUndefined();
        expect((await store.readStream(stream('c'))).events.some((e) => e.type === 'X')).toBe(false);
      });

      it('lets exactly one of two writers at the same revision win, every time', async () => {
        for (let round = 0; round < 20; round++) {
          const id = stream(`race-${round}`);
          await store.appendToStream(id, [ev('Opened')], { expectedRevision: 'no_stream' });
          const results = await Promise.allSettled([
            store.appendToStream(id, [ev('ByA')], { expectedRevision: 0 }),
            store.appendToStream(id, [ev('ByB')], { expectedRevision: 0 }),
          ]);
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          expect(lost[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect((lost[0].reason as WrongExpectedRevisionError).actual).toBe(1);
          const read = await store.readStream(id);
          expect(read.events.map((e) => e.revision)).toEqual([0, 1]);
        }
      });

      it('lets exactly one of two writers create the same new stream', async () => {
        for (let round = 0; round < 10; round++) {
          const id = stream(`create-${round}`);
          const results = await Promise.allSettled([
            store.appendToStream(id, [ev('ByA')], { expectedRevision: 'no_stream' }),
            store.appendToStream(id, [ev('ByB')], { expectedRevision: 'no_stream' }),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect((await store.readStream(id)).events).toHaveLength(1);
        }
      });
      it("lets every concurrent 'any' writer through, even when they all create the stream", async () => {
        const id = stream('any-race');
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.appendToStream(id, [ev('A', { i })], { expectedRevision: 'any' }),
          ),
        );
        expect(results.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual([
          0, 1, 2, 3, 4, 5, 6, 7,
        ]);
        const read = await store.readStream(id);
        expect(read.events.map((e) => (e.data as { i: number }).i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      });
    });

    describe('idempotent re-append', () => {
      it('answers a re-append of the same event ids with the original result and stores nothing twice', async () => {
        const events = [
          { id: randomUUID(), type: 'A', data: { n: 1 } },
          { id: randomUUID(), type: 'B', data: { n: 2 } },
        ];
        const first = await store.appendToStream(stream('i'), events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream('i'), events, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        const read = await store.readStream(stream('i'));
        expect(read.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
        const all = await readAllSettled(store, { filter: { streamPrefixes: [prefix] } }, 2);
        await new Promise((r) => setTimeout(r, 100));
        expect(await store.readAll({ filter: { streamPrefixes: [prefix] } })).toHaveLength(2);
        expect(all).toHaveLength(2);
      });

      it('does not let a re-append that only partly matches through', async () => {
        const a = { id: randomUUID(), type: 'A', data: {} };
        await store.appendToStream(stream('p'), [a], { expectedRevision: 'no_stream' });
        const attempt = store.appendToStream(stream('p'), [a, { id: randomUUID(), type: 'B', data: {} }], {
          expectedRevision: 'any',
        });
        await expect(attempt).rejects.toBeInstanceOf(Error);
        expect((await store.readStream(stream('p'))).events).toHaveLength(1);
      });
    });

    describe('bad input writes nothing', () => {
      it('refuses an event with no type', async () => {
        const attempt = store.appendToStream(stream('b'), [ev('Fine'), { data: {} } as never], {
          expectedRevision: 'any',
        });
        await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
        await expect(attempt).rejects.toMatchObject({ field: 'events[1].type', rule: 'required' });
        expect((await store.readStream(stream('b'))).currentRevision).toBeUndefined();
      });

      it('refuses a payload over the configured limit', async () => {
        const big = 'x'.repeat(1024 * 1024 + 1);
        const attempt = store.appendToStream(stream('big'), [ev('Big', { big })], {
          expectedRevision: 'any',
        });
        await expect(attempt).rejects.toBeInstanceOf(EventTooLargeError);
        expect((await store.readStream(stream('big'))).currentRevision).toBeUndefined();
      });

      it.each(['', ' spaced', 'a'.repeat(201), '$system', 'has space', 'slash/ed'])(
        'refuses the invalid stream id %p',
        async (bad) => {
          await expect(
            store.appendToStream(bad, [ev('A')], { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(InvalidStreamIdError);
        },
      );

      it('refuses an empty batch and a malformed event id', async () => {
        await expect(
          store.appendToStream(stream('x'), [], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidEventError);
        await expect(
          store.appendToStream(stream('x'), [{ id: 'not-a-uuid', type: 'A', data: {} }], {
            expectedRevision: 'any',
          }),
        ).rejects.toMatchObject({ field: 'events[0].id', rule: 'uuid' });
        expect((await store.readStream(stream('x'))).currentRevision).toBeUndefined();
      });

      it('does not confuse an idempotency conflict with success', () => {
        expect(new IdempotencyConflictError('s', 'e')).toBeInstanceOf(Error);
      });
    });

    describe('read all', () => {
      it('reads in global order from an exclusive position, filtered by stream prefix and event type', async () => {
        await store.appendToStream(stream('one'), [ev('A', { n: 1 }), ev('B', { n: 2 })], {
          expectedRevision: 'any',
        });
        await store.appendToStream(stream('two'), [ev('A', { n: 3 })], { expectedRevision: 'any' });
        await store.appendToStream(stream('one'), [ev('C', { n: 4 })], { expectedRevision: 'any' });

        const all = await readAllSettled(store, { filter: { streamPrefixes: [prefix] } }, 4);
        expect(all.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
        for (let i = 1; i < all.length; i++) {
          expect(comparePositions(all[i].position, all[i - 1].position)).toBeGreaterThan(0);
        }
        const after = await store.readAll({
          fromPosition: all[1].position,
          filter: { streamPrefixes: [prefix] },
        });
        expect(after.map((e) => e.data)).toEqual([{ n: 3 }, { n: 4 }]);
        const limited = await store.readAll({ maxCount: 2, filter: { streamPrefixes: [prefix] } });
        expect(limited).toHaveLength(2);
        const onlyOne = await store.readAll({ filter: { streamPrefixes: [stream('one')] } });
        expect(onlyOne.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
        const typeA = await store.readAll({ filter: { streamPrefixes: [prefix], eventTypes: ['A'] } });
        expect(typeA.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
        const head = await store.headPosition({ streamPrefixes: [prefix] });
        expect(head && comparePositions(head, all[3].position)).toBe(0);
      });
    });

    describe('subscribe to all', () => {
      it('catches up, then delivers live events, filtered', async () => {
        await store.appendToStream(stream('s1'), [ev('A', { n: 1 }), ev('Skip', { n: 0 })], {
          expectedRevision: 'any',
        });
        const subscription = store.subscribeToAll({
          fromPosition: 'start',
          filter: { streamPrefixes: [prefix], eventTypes: ['A'] },
        });
        const first = await take(subscription, 1);
        expect(first.map((e) => e.data)).toEqual([{ n: 1 }]);
        const live = take(subscription, 2);
        await store.appendToStream(stream('s2'), [ev('A', { n: 2 })], { expectedRevision: 'any' });
        await store.appendToStream(stream('s1'), [ev('Skip'), ev('A', { n: 3 })], {
          expectedRevision: 'any',
        });
        expect((await live).map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
        expect(subscription.caughtUp).toBe(true);
        await subscription.close();
      });

      it('from "end" delivers only what comes next', async () => {
        await store.appendToStream(stream('old'), [ev('A', { n: 0 })], { expectedRevision: 'any' });
        await readAllSettled(store, { filter: { streamPrefixes: [prefix] } }, 1); // 'end' is after what is visible
        const subscription = store.subscribeToAll({
          fromPosition: 'end',
          filter: { streamPrefixes: [prefix] },
        });
        const next = take(subscription, 1);
        await new Promise((r) => setTimeout(r, 200));
        await store.appendToStream(stream('new'), [ev('A', { n: 1 })], { expectedRevision: 'any' });
        expect((await next).map((e) => e.data)).toEqual([{ n: 1 }]);
        await subscription.close();
      });

      it('resumes from its checkpoint after a restart, without loss or duplicates', async () => {
        const total = 60;
        for (let i = 0; i < total; i += 10) {
          await store.appendToStream(
            stream(`cp-${i % 3}`),
            Array.from({ length: 10 }, (_, k) => ev('N', { n: i + k })),
            { expectedRevision: 'any' },
          );
        }
        const first = store.subscribeToAll({ filter: { streamPrefixes: [prefix] }, batchSize: 7 });
        const part1 = await take(first, 25);
        const checkpoint = part1[part1.length - 1].position;
        await first.close();

        const restarted = await ctx.reopen();
        try {
          const second = restarted.subscribeToAll({
            fromPosition: checkpoint,
            filter: { streamPrefixes: [prefix] },
            batchSize: 7,
          });
          const live = take(second, total - 25 + 5);
          await restarted.appendToStream(
            stream('after'),
            Array.from({ length: 5 }, (_, k) => ev('N', { n: total + k })),
            { expectedRevision: 'any' },
          );
          const part2 = await live;
          await second.close();
          const seen = [...part1, ...part2].map((e) => (e.data as { n: number }).n);
          expect(seen).toHaveLength(total + 5);
          expect(new Set(seen).size).toBe(total + 5);
          expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: total + 5 }, (_, i) => i));
        } finally {
          await restarted.close();
        }
      });

      it('delivers each matching event exactly once while matching and other writes interleave live', async () => {
        const subscription = store.subscribeToAll({
          fromPosition: 'start',
          filter: { streamPrefixes: [stream('match-')] },
          batchSize: 4,
        });
        const received = take(subscription, 60);
        for (let i = 0; i < 20; i++) {
          await store.appendToStream(
            stream(`match-${i % 4}`),
            [ev('M', { n: i * 3 }), ev('M', { n: i * 3 + 1 })],
            {
              expectedRevision: 'any',
            },
          );
          await store.appendToStream(stream(`other-${i % 3}`), [ev('O', { n: -1 })], {
            expectedRevision: 'any',
          });
          await store.appendToStream(stream(`match-${i % 4}`), [ev('M', { n: i * 3 + 2 })], {
            expectedRevision: 'any',
          });
        }
        const events = await received;
        const extra = take(subscription, 1, 300);
        expect(await extra).toEqual([]);
        await subscription.close();
        const ns = events.map((e) => (e.data as { n: number }).n);
        expect(ns).toHaveLength(60);
        expect(new Set(ns).size).toBe(60);
        for (let i = 1; i < events.length; i++) {
          expect(comparePositions(events[i].position, events[i - 1].position)).toBeGreaterThan(0);
        }
      });

      it('stops when its signal aborts', async () => {
        const controller = new AbortController();
        const subscription = store.subscribeToAll({ fromPosition: 'end', signal: controller.signal });
        const next = subscription.next();
        controller.abort();
        await expect(next).resolves.toEqual({ done: true, value: undefined });
      });
    });

    describe('stream metadata and soft delete', () => {
      it('soft-deletes: the stream reads as absent and a new append continues its revisions', async () => {
        await store.appendToStream(stream('d'), [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
        await expect(store.deleteStream(stream('d'), { expectedRevision: 0 })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store.deleteStream(stream('d'), { expectedRevision: 1 });
        expect(await store.readStream(stream('d'))).toEqual({ events: [], currentRevision: undefined });
        expect(await store.getStreamMetadata(stream('d'))).toMatchObject({
          deleted: true,
          truncateBefore: 2,
        });

        const again = await store.appendToStream(stream('d'), [ev('C')], { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(2);
        const read = await store.readStream(stream('d'));
        expect(read.events.map((e) => [e.revision, e.type])).toEqual([[2, 'C']]);
        expect((await store.getStreamMetadata(stream('d')))?.deleted).toBe(false);
      });

      it('keeps custom stream metadata', async () => {
        await store.appendToStream(stream('md'), [ev('A')], { expectedRevision: 'no_stream' });
        await store.setStreamMetadata(stream('md'), { owner: 'firm-registry', retention: 'forever' });
        expect((await store.getStreamMetadata(stream('md')))?.custom).toMatchObject({
          owner: 'firm-registry',
          retention: 'forever',
        });
        expect((await store.readStream(stream('md'))).currentRevision).toBe(0);
      });
    });
  });
}
