// Unit tests of the KurrentDB adapter's translations, and of its subscription wrapper driven by a fake stream.
// None of this needs a server; the contract suite (kurrentdb.int.spec.ts) covers the real thing when one is given.
import { Transform, type TransformCallback } from 'node:stream';
import type { AllStreamSubscription } from '@kurrent/kurrentdb-client';
import { START, type GlobalPosition } from '@baton/eventsourcing';
import { InvalidAppendError, InvalidEventError } from '../errors';
import { KurrentDbSubscription } from './kurrentdb-event-store';
import {
  SCHEMA_VERSION_KEY,
  assertCustomMetadata,
  buildStreamMetadata,
  checkMaxCount,
  describeExpected,
  escapeRegExp,
  exactEventTypesRegex,
  fromEventMetadata,
  isAfterCheckpoint,
  isDeletedMarker,
  isSystemEvent,
  matchesFilter,
  parseStreamMetadata,
  revisionFromTruncateBefore,
  revisionKnownFromRead,
  serverFilterFor,
  toActualRevision,
  toAppendStreamState,
  toClientReadPosition,
  toDeleteExpectedRevision,
  toEventMetadata,
  toGlobalPosition,
  toReadRevision,
  toRecordedEvent,
  toStreamMetadata,
} from './mapping';

const pos = (commit: number, prepare = commit): GlobalPosition => ({
  commit: BigInt(commit),
  prepare: BigInt(prepare),
});

describe('expected revision mapping', () => {
  it.each([
    ['any', 'any'],
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to the client stream state %p', (expected, state) => {
    expect(toAppendStreamState(expected)).toBe(state);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, 'latest', undefined, null])(
    'refuses %p before anything is written',
    (bad) => {
      const attempt = () => toAppendStreamState(bad as never);
      expect(attempt).toThrow(InvalidAppendError);
      expect(attempt).toThrow(
        expect.objectContaining({ field: 'expectedRevision', rule: 'expected-revision' }),
      );
    },
  );

  it('maps delete expectations, turning stream_exists into the current revision', () => {
    expect(toDeleteExpectedRevision(undefined)).toBe('any');
    expect(toDeleteExpectedRevision('any')).toBe('any');
    expect(toDeleteExpectedRevision('no_stream')).toBe('no_stream');
    expect(toDeleteExpectedRevision(3)).toBe(3n);
    expect(toDeleteExpectedRevision('stream_exists', 7)).toBe(7n);
    expect(toDeleteExpectedRevision('stream_exists', undefined)).toBeUndefined();
  });

  it('describes expectations and actual revisions as the port does', () => {
    expect(describeExpected('no_stream')).toBe('no_stream');
    expect(describeExpected(4)).toBe('4');
    expect(describeExpected(undefined)).toBe('any');
    expect(toActualRevision('no_stream')).toBeUndefined();
    expect(toActualRevision(undefined)).toBeUndefined();
    expect(toActualRevision(-1n)).toBeUndefined();
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(12n)).toBe(12);
  });
});

describe('stream reads', () => {
  it('maps fromRevision, defaulting to the start forwards and the end backwards', () => {
    expect(toReadRevision(undefined, 'forwards')).toBe('start');
    expect(toReadRevision(undefined, 'backwards')).toBe('end');
    expect(toReadRevision('start', 'backwards')).toBe('start');
    expect(toReadRevision('end', 'forwards')).toBe('end');
    expect(toReadRevision(5, 'forwards')).toBe(5n);
    expect(() => toReadRevision(-1, 'forwards')).toThrow(RangeError);
    expect(() => toReadRevision(0.5, 'forwards')).toThrow(RangeError);
  });

  it('checks maxCount', () => {
    expect(checkMaxCount(undefined)).toBeUndefined();
    expect(checkMaxCount(0)).toBe(0);
    expect(checkMaxCount(10)).toBe(10);
    expect(() => checkMaxCount(-1)).toThrow(RangeError);
    expect(() => checkMaxCount(2.5, 'batchSize')).toThrow(/batchSize/);
  });

  it('takes the current revision from the read when the read proves it, and only then', () => {
    const read = (
      direction: 'forwards' | 'backwards',
      fromRevision: number | 'start' | 'end' | undefined,
      maxCount: number | undefined,
      revisions: number[],
    ) => revisionKnownFromRead({ direction, fromRevision, maxCount, revisions });
    // forwards to the end
    expect(read('forwards', undefined, undefined, [0, 1, 2])).toBe(2);
    expect(read('forwards', 3, 10, [3, 4, 5])).toBe(5);
    // forwards, page full: there may be more
    expect(read('forwards', 3, 4, [3, 4, 5, 6])).toBeUndefined();
    // backwards from the end
    expect(read('backwards', undefined, 3, [9, 8, 7])).toBe(9);
    expect(read('backwards', 'end', 1, [9])).toBe(9);
    // backwards from a revision inside the stream: unknown
    expect(read('backwards', 2, undefined, [2, 1, 0])).toBeUndefined();
    // backwards from past the end: the server started at the last event
    expect(read('backwards', 20, 2, [9, 8])).toBe(9);
    // nothing read: unknown (absent, deleted, truncated or past the end; the caller asks)
    expect(read('forwards', 10, undefined, [])).toBeUndefined();
    expect(read('backwards', 'start', 1, [0])).toBeUndefined();
  });

  it('derives the revision of a truncated (re-created, still empty) stream from $tb', () => {
    expect(revisionFromTruncateBefore(parseStreamMetadata({ $tb: 3 }))).toBe(2);
    expect(revisionFromTruncateBefore(parseStreamMetadata({ $tb: 0 }))).toBeUndefined();
    expect(revisionFromTruncateBefore(parseStreamMetadata({}))).toBeUndefined();
    expect(
      revisionFromTruncateBefore(parseStreamMetadata(JSON.parse('{"$tb":9223372036854775807}'))),
    ).toBeUndefined();
    expect(revisionFromTruncateBefore(undefined)).toBeUndefined();
  });
});

describe('positions', () => {
  it('converts client positions to bigint global positions', () => {
    expect(toGlobalPosition({ commit: 10n, prepare: 8n })).toEqual({ commit: 10n, prepare: 8n });
    expect(toGlobalPosition({ commit: 10, prepare: 8 })).toEqual({ commit: 10n, prepare: 8n });
  });

  it("maps a checkpoint to the client's read position", () => {
    expect(toClientReadPosition(undefined)).toBe('start');
    expect(toClientReadPosition('start')).toBe('start');
    expect(toClientReadPosition('end')).toBe('end');
    expect(toClientReadPosition(START)).toBe('start');
    expect(toClientReadPosition(pos(1234, 1200))).toEqual({ commit: 1234n, prepare: 1200n });
  });

  it('treats a checkpoint as exclusive: the event exactly at it is skipped', () => {
    const checkpoint = pos(500, 480);
    expect(isAfterCheckpoint(pos(500, 480), checkpoint)).toBe(false);
    expect(isAfterCheckpoint(pos(400, 400), checkpoint)).toBe(false);
    expect(isAfterCheckpoint(pos(500, 479), checkpoint)).toBe(false);
    expect(isAfterCheckpoint(pos(500, 481), checkpoint)).toBe(true);
    expect(isAfterCheckpoint(pos(501, 0), checkpoint)).toBe(true);
    expect(isAfterCheckpoint(pos(0), 'start')).toBe(true);
    expect(isAfterCheckpoint(pos(0), START)).toBe(true);
    expect(isAfterCheckpoint(pos(0), undefined)).toBe(true);
  });
});

describe('filters', () => {
  it('escapes event types and anchors the regex so types match exactly', () => {
    expect(escapeRegExp('firm.registered')).toBe('firm\\.registered');
    expect(escapeRegExp('a+b*(c)|[d]$^{e}?\\')).toBe('a\\+b\\*\\(c\\)\\|\\[d\\]\\$\\^\\{e\\}\\?\\\\');
    const regex = exactEventTypesRegex(['FirmRegistered', 'case.opened', 'Case-Closed:v2']);
    expect(regex).toBe('^(?:FirmRegistered|case\\.opened|Case-Closed:v2)$');
    const re = new RegExp(regex);
    expect(re.test('FirmRegistered')).toBe(true);
    expect(re.test('case.opened')).toBe(true);
    expect(re.test('Case-Closed:v2')).toBe(true);
    expect(re.test('FirmRegisteredV2')).toBe(false);
    expect(re.test('OldFirmRegistered')).toBe(false);
    expect(re.test('caseXopened')).toBe(false);
    expect(re.test('$metadata')).toBe(false);
  });

  it('recognises system events by stream or type', () => {
    expect(isSystemEvent('$$firm-1', '$metadata')).toBe(true);
    expect(isSystemEvent('$ce-firm', '$>')).toBe(true);
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(isSystemEvent('firm-1', '$metadata')).toBe(true);
    expect(isSystemEvent('firm-1', 'FirmRegistered')).toBe(false);
  });

  it('applies the whole filter client-side, system events always excluded', () => {
    const filter = { streamPrefixes: ['firm-', 'case-'], eventTypes: ['Opened', 'Closed'] };
    expect(matchesFilter('firm-1', 'Opened', filter)).toBe(true);
    expect(matchesFilter('case-9', 'Closed', filter)).toBe(true);
    expect(matchesFilter('agency-1', 'Opened', filter)).toBe(false);
    expect(matchesFilter('firm-1', 'OpenedV2', filter)).toBe(false);
    expect(matchesFilter('firm-1', 'Opene', filter)).toBe(false);
    expect(matchesFilter('$$firm-1', '$metadata', { streamPrefixes: ['$$firm-'] })).toBe(false);
    expect(matchesFilter('anything', 'Any', undefined)).toBe(true);
    expect(matchesFilter('anything', 'Any', { streamPrefixes: [], eventTypes: [] })).toBe(true);
  });

  it('hands the server one filter: stream prefixes first, else exact types, else "no system types"', () => {
    expect(serverFilterFor({ streamPrefixes: ['firm-'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['firm-'],
    });
    expect(serverFilterFor({ streamPrefixes: ['firm-'], eventTypes: ['A'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['firm-'],
    });
    expect(serverFilterFor({ eventTypes: ['A', 'b.c'] })).toMatchObject({
      filterOn: 'eventType',
      regex: '^(?:A|b\\.c)$',
    });
    expect(serverFilterFor(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(serverFilterFor({ streamPrefixes: [], eventTypes: [] })).toMatchObject({ filterOn: 'eventType' });
  });
});

describe('events', () => {
  it('stores the schema version in the event metadata and nothing else', () => {
    expect(toEventMetadata(JSON.stringify({ correlationId: 'c-1' }), 3)).toEqual({
      correlationId: 'c-1',
      [SCHEMA_VERSION_KEY]: 3,
    });
    expect(toEventMetadata('{}', 1)).toEqual({ [SCHEMA_VERSION_KEY]: 1 });
  });

  it('refuses metadata that is not an object, or that uses the reserved key', () => {
    expect(() => toEventMetadata('[1,2]', 1, 2)).toThrow(InvalidEventError);
    expect(() => toEventMetadata('"x"', 1)).toThrow(expect.objectContaining({ field: 'events[0].metadata' }));
    expect(() => toEventMetadata(JSON.stringify({ [SCHEMA_VERSION_KEY]: 9 }), 1)).toThrow(
      expect.objectContaining({ rule: 'reserved-key' }),
    );
  });

  it('recovers the schema version on read and removes its key', () => {
    expect(fromEventMetadata({ [SCHEMA_VERSION_KEY]: 4, actor: { userId: 'u' } })).toEqual({
      schemaVersion: 4,
      metadata: { actor: { userId: 'u' } },
    });
    expect(fromEventMetadata({ actor: { userId: 'u' } })).toEqual({
      schemaVersion: 1,
      metadata: { actor: { userId: 'u' } },
    });
    expect(fromEventMetadata(undefined)).toEqual({ schemaVersion: 1, metadata: {} });
    expect(fromEventMetadata(new Uint8Array([1, 2]))).toEqual({ schemaVersion: 1, metadata: {} });
    expect(fromEventMetadata({ [SCHEMA_VERSION_KEY]: 'x' }).schemaVersion).toBe(1);
  });

  it("maps a client event to the port's recorded event, stamping recordedAt from the server's created date", () => {
    const created = new Date('2026-11-21T10:00:00.123Z');
    const event = toRecordedEvent({
      id: '6f1c0a4e-1b2c-4d3e-8f90-0123456789ab',
      streamId: 'firm-1',
      revision: 7n,
      type: 'FirmRegistered',
      created,
      data: { name: '대구테크노파크' },
      metadata: { [SCHEMA_VERSION_KEY]: 2, correlationId: 'c-1', recordedAt: 'ignored' },
      position: { commit: 9000n, prepare: 8990n },
    });
    expect(event).toEqual({
      id: '6f1c0a4e-1b2c-4d3e-8f90-0123456789ab',
      streamId: 'firm-1',
      revision: 7,
      position: { commit: 9000n, prepare: 8990n },
      type: 'FirmRegistered',
      data: { name: '대구테크노파크' },
      schemaVersion: 2,
      metadata: { correlationId: 'c-1', recordedAt: '2026-11-21T10:00:00.123Z' },
    });
  });

  it("falls back to the resolved event's commit position when a stream read carries none", () => {
    const base = { id: 'x', streamId: 's', revision: 0n, type: 'A', created: new Date(0), data: {} };
    expect(toRecordedEvent(base, 77n).position).toEqual({ commit: 77n, prepare: 77n });
  });
});

describe('stream metadata', () => {
  it('reads the soft-delete marker (Int64.MaxValue, which JSON.parse rounds) as deleted', () => {
    const raw: unknown = JSON.parse('{"$tb":9223372036854775807,"owner":"registry"}');
    expect(isDeletedMarker((raw as { $tb: number }).$tb)).toBe(true);
    const parsed = parseStreamMetadata(raw);
    expect(parsed.deleted).toBe(true);
    expect(parsed.custom).toEqual({ owner: 'registry' });
    expect(isDeletedMarker(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(isDeletedMarker(12)).toBe(false);
  });

  it('splits reserved keys from custom metadata; truncateBefore defaults to 0', () => {
    const parsed = parseStreamMetadata({
      $tb: 3,
      $maxAge: 60,
      $acl: { $r: '$all' },
      owner: 'o',
      retention: 'forever',
    });
    expect(toStreamMetadata(parsed)).toEqual({
      deleted: false,
      truncateBefore: 3,
      custom: { owner: 'o', retention: 'forever' },
    });
    expect(parsed.system).toEqual({ $tb: 3, $maxAge: 60, $acl: { $r: '$all' } });
    expect(toStreamMetadata(parseStreamMetadata(undefined))).toEqual({
      deleted: false,
      truncateBefore: 0,
      custom: {},
    });
    expect(toStreamMetadata(parseStreamMetadata('not json object'))).toEqual({
      deleted: false,
      truncateBefore: 0,
      custom: {},
    });
  });

  it('replaces the custom part, keeps reserved keys, and drops a marker it cannot write back exactly', () => {
    expect(buildStreamMetadata({ $tb: 3, $maxAge: 60 }, { owner: 'new' })).toEqual({
      $tb: 3,
      $maxAge: 60,
      owner: 'new',
    });
    const deleted = parseStreamMetadata(JSON.parse('{"$tb":9223372036854775807,"$maxCount":5,"old":1}'));
    expect(buildStreamMetadata(deleted.system, { owner: 'new' })).toEqual({ $maxCount: 5, owner: 'new' });
  });

  it('refuses custom metadata that is not an object or uses reserved keys', () => {
    expect(() => assertCustomMetadata({ owner: 'x' })).not.toThrow();
    expect(() => assertCustomMetadata([1] as never)).toThrow(InvalidAppendError);
    expect(() => assertCustomMetadata(null as never)).toThrow(
      expect.objectContaining({ field: 'metadata', rule: 'object' }),
    );
    expect(() => assertCustomMetadata({ $tb: 0 })).toThrow(expect.objectContaining({ rule: 'reserved-key' }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertCustomMetadata(cyclic)).toThrow(expect.objectContaining({ rule: 'json' }));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The subscription wrapper, against a stand-in for the client's subscription stream: an object-mode Transform
// that, like the client's, turns server messages into events and emits 'caughtUp' when it processes that message.

type FakeMessage = { caughtUp: true } | { stream: string; type: string; n: number };

class FakeSubscriptionStream extends Transform {
  unsubscribed = false;
  constructor(highWaterMark: number) {
    super({ objectMode: true, highWaterMark });
  }
  override _transform(message: FakeMessage, _encoding: BufferEncoding, next: TransformCallback): void {
    if ('caughtUp' in message) {
      this.emit('caughtUp', {});
      next();
      return;
    }
    next(null, {
      event: {
        id: `00000000-0000-4000-8000-${String(message.n).padStart(12, '0')}`,
        streamId: message.stream,
        revision: 0n,
        type: message.type,
        created: new Date(0),
        isJson: true,
        data: { n: message.n },
        metadata: {},
        position: { commit: BigInt(message.n * 100), prepare: BigInt(message.n * 100) },
      },
    });
  }
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
}

function fakeSubscription(
  options: {
    highWaterMark?: number;
    from?: GlobalPosition | 'start' | 'end';
    filter?: { streamPrefixes?: string[]; eventTypes?: string[] };
    signal?: AbortSignal;
  } = {},
) {
  const source = new FakeSubscriptionStream(options.highWaterMark ?? 4);
  let closed = 0;
  const subscription = new KurrentDbSubscription(source as unknown as AllStreamSubscription, {
    from: options.from ?? 'start',
    filter: options.filter,
    signal: options.signal,
    onClose: () => closed++,
  });
  const send = (...messages: FakeMessage[]) => messages.forEach((m) => source.write(m));
  const event = (n: number, stream = 'firm-1', type = 'A'): FakeMessage => ({ stream, type, n });
  return { source, subscription, send, event, closedCount: () => closed };
}

async function nextValue(subscription: KurrentDbSubscription) {
  const result = await subscription.next();
  if (result.done) throw new Error('subscription ended');
  return result.value;
}

describe('subscription wrapper (fake stream, no server)', () => {
  it('raises caughtUp only once every event buffered before the marker has been delivered', async () => {
    const { subscription, send, event } = fakeSubscription({ highWaterMark: 2 });
    send(event(1), event(2), event(3), event(4), event(5), { caughtUp: true }, event(6));
    expect(subscription.caughtUp).toBe(false);
    for (const n of [1, 2, 3, 4]) {
      expect((await nextValue(subscription)).data).toEqual({ n });
      expect(subscription.caughtUp).toBe(false);
    }
    expect((await nextValue(subscription)).data).toEqual({ n: 5 });
    expect(subscription.caughtUp).toBe(true);
    expect((await nextValue(subscription)).data).toEqual({ n: 6 });
    expect(subscription.caughtUp).toBe(true);
    await subscription.close();
  });

  it('is caught up at once when nothing precedes the marker, and from "end" from the start', async () => {
    const a = fakeSubscription();
    a.send({ caughtUp: true });
    const pending = a.subscription.next();
    await new Promise((r) => setImmediate(r));
    expect(a.subscription.caughtUp).toBe(true);
    a.send(a.event(1));
    expect(await pending).toMatchObject({ done: false, value: { data: { n: 1 } } });
    await a.subscription.close();

    const b = fakeSubscription({ from: 'end' });
    expect(b.subscription.caughtUp).toBe(true);
    await b.subscription.close();
  });

  it('holds at most the back-pressure window in its buffer while the consumer is slow', async () => {
    const { source, subscription, send, event } = fakeSubscription({ highWaterMark: 3 });
    send(...Array.from({ length: 50 }, (_, i) => event(i + 1)));
    await new Promise((r) => setImmediate(r));
    expect(source.readableLength).toBeLessThanOrEqual(3);
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) seen.push(((await nextValue(subscription)).data as { n: number }).n);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await subscription.close();
  });

  it('skips the checkpoint event itself and anything before it, system events, and non-matching events', async () => {
    const { subscription, send, event } = fakeSubscription({
      from: pos(200),
      filter: { streamPrefixes: ['firm-'], eventTypes: ['A'] },
    });
    send(
      event(1),
      event(2),
      event(3, '$$firm-1', '$metadata'),
      event(4, 'case-1', 'A'),
      event(5, 'firm-2', 'B'),
      event(6, 'firm-2', 'A'),
    );
    const value = await nextValue(subscription);
    expect(value).toMatchObject({ streamId: 'firm-2', type: 'A', data: { n: 6 }, position: pos(600) });
    await subscription.close();
  });

  it('ends with done when its signal aborts, and unsubscribes', async () => {
    const controller = new AbortController();
    const { source, subscription, closedCount } = fakeSubscription({ signal: controller.signal });
    const pending = subscription.next();
    controller.abort();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await subscription.close();
    expect(source.unsubscribed).toBe(true);
    expect(source.destroyed).toBe(true);
    expect(closedCount()).toBe(1);
    await expect(subscription.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('is closed from the outset when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { subscription } = fakeSubscription({ signal: controller.signal });
    expect(subscription.isClosed).toBe(true);
    await expect(subscription.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('stops a for-await loop on break, and passes a stream error to the consumer', async () => {
    const a = fakeSubscription();
    a.send(a.event(1), a.event(2));
    for await (const e of a.subscription) {
      expect(e.data).toEqual({ n: 1 });
      break;
    }
    expect(a.subscription.isClosed).toBe(true);
    expect(a.source.unsubscribed).toBe(true);

    const b = fakeSubscription();
    const pending = b.subscription.next();
    b.source.emit('error', new Error('connection dropped'));
    await expect(pending).rejects.toThrow('connection dropped');
    expect(b.subscription.isClosed).toBe(true);
  });

  it('serves concurrent next() calls in order', async () => {
    const { subscription, send, event } = fakeSubscription();
    const a = subscription.next();
    const b = subscription.next();
    send(event(1), event(2));
    expect((await a).value).toMatchObject({ data: { n: 1 } });
    expect((await b).value).toMatchObject({ data: { n: 2 } });
    await subscription.close();
  });
});
