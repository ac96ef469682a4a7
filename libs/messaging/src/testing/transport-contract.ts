import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DomainError } from '@baton/eventsourcing';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { DataSource } from 'typeorm';
import type { BusMessage, BusProducer } from '../bus';
import { createBusMicroservice } from '../bus-exception-filter';
import type { BusServer } from '../bus-server';
import { BusContext } from '../context';
import { toBusMessage, type IntegrationEvent } from '../envelope';
import { SimulatedCrash } from '../errors';
import type { ContractCheck } from '../processor';
import { dlqTopicOf, type TopicSpec } from '../topics';
import type { ServerSpec, TransportHarness } from './transport-harness';

const ITEM = 'contract-test.item-recorded.v1';
type Item = { key: string; seq: number };

/** A contract for the test event type: `key` a string, `seq` a non-negative integer. */
export const testContracts: ContractCheck = {
  has: (type) => type === ITEM,
  validate: (_type, data) => {
    const d = data as Partial<Item>;
    const errors = [];
    if (typeof d?.key !== 'string') errors.push({ path: '/key', rule: 'type', message: 'must be string' });
    if (!Number.isInteger(d?.seq) || (d.seq as number) < 0) {
      errors.push({ path: '/seq', rule: 'type', message: 'must be a non-negative integer' });
    }
    return errors.length ? { ok: false as const, errors } : { ok: true as const };
  },
};

/** How the handler behaves, per test. */
const behaviour = {
  failTransiently: new Map<string, number>(), // event key:seq → failures left
  refuse: new Set<string>(), // keys whose events break a business rule
};

@Controller()
class ItemHandler {
  @EventPattern(ITEM)
  async onItem(@Payload() event: IntegrationEvent<Item>, @Ctx() ctx: BusContext): Promise<void> {
    const id = `${event.data.key}:${event.data.seq}`;
    const left = behaviour.failTransiently.get(id) ?? 0;
    if (left > 0) {
      behaviour.failTransiently.set(id, left - 1);
      throw new Error(`transient failure of ${id}`);
    }
    if (behaviour.refuse.has(event.data.key))
      throw new DomainError(`key ${event.data.key} is blocked`, 'blocked');
    await ctx
      .getManager()
      .query('INSERT INTO contract_effects (topic, event_id, key, seq, member) VALUES ($1, $2, $3, $4, $5)', [
        ctx.getMessage().topic,
        event.id,
        event.data.key,
        event.data.seq,
        ctx.getMember(),
      ]);
  }
}

@Module({ controllers: [ItemHandler] })
class ContractTestModule {}

export function item(
  topic: string,
  key: string,
  seq: number,
  overrides: Partial<IntegrationEvent> = {},
): BusMessage {
  const event: IntegrationEvent<Item> = {
    id: randomUUID(),
    source: '/baton/contract-test',
    type: ITEM,
    specversion: '1.0',
    subject: key,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { key, seq },
    ...(overrides as object),
  } as IntegrationEvent<Item>;
  return toBusMessage(topic, event, key);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The behaviour both bus transports must show, run against real brokers (Kafka, or PostgreSQL for the
 * embedded transport) with real Nest `@EventPattern` handlers writing through the inbox transaction.
 */
export function transportContract(makeHarness: () => Promise<TransportHarness>): void {
  let harness: TransportHarness;
  let db: TestDatabase;
  let dataSource: DataSource;
  let producer: BusProducer & { close(): Promise<void> };
  const apps: INestMicroservice[] = [];
  let topic: TopicSpec;
  let group: string;

  async function startConsumer(
    overrides: Partial<ServerSpec> = {},
  ): Promise<{ app: INestMicroservice; server: BusServer }> {
    const memberId = overrides.memberId ?? `member-${randomUUID().slice(0, 6)}`;
    const server = harness.createServer({
      group,
      topics: [topic],
      dataSource,
      contracts: testContracts,
      retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
      memberId,
      ...overrides,
    });
    const app = await createBusMicroservice(ContractTestModule, server, { logger: false });
    apps.push(app);
    await app.listen();
    return { app, server };
  }

  async function effects(): Promise<{ event_id: string; key: string; seq: number; member: string }[]> {
    return dataSource.query(
      'SELECT event_id, key, seq, member FROM contract_effects WHERE topic = $1 ORDER BY id',
      [topic.name],
    );
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  const effectCount = (n: number) =>
    waitFor(`${n} effects`, async () => {
      const rows = await effects();
      return rows.length >= n ? rows : undefined;
    });

  async function sendAll(messages: BusMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 20) await producer.send(messages.slice(i, i + 20));
  }

  function expectOncePerEventAndInKeyOrder(rows: { event_id: string; key: string; seq: number }[]): void {
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    const lastSeq = new Map<string, number>();
    for (const row of rows) {
      expect(row.seq).toBeGreaterThan(lastSeq.get(row.key) ?? -1);
      lastSeq.set(row.key, row.seq);
    }
  }

  beforeAll(async () => {
    harness = await makeHarness();
    db = await createTestDatabase('bus_contract');
    dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 8 } });
    await dataSource.initialize();
    await dataSource.query(
      'CREATE TABLE contract_effects (id bigserial PRIMARY KEY, topic text, event_id text, key text, seq int, member text)',
    );
    producer = await harness.createProducer();
  }, 180000);

  afterAll(async () => {
    await producer?.close();
    await harness?.close();
    await dataSource?.destroy();
    await db?.drop();
  }, 60000);

  beforeEach(async () => {
    topic = { name: `contract-${randomUUID().slice(0, 8)}`, partitions: 3 };
    group = `group-${randomUUID().slice(0, 8)}`;
    behaviour.failTransiently.clear();
    behaviour.refuse.clear();
    await harness.createTopics([topic]);
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  });

  it('delivers every message to the @EventPattern handler once, in order per key', async () => {
    await startConsumer();
    const messages = Array.from({ length: 60 }, (_, i) =>
      item(topic.name, `firm-${i % 6}`, Math.floor(i / 6)),
    );
    await sendAll(messages);
    const rows = await effectCount(60);
    await sleep(300);
    expect(await effects()).toHaveLength(60);
    expectOncePerEventAndInKeyOrder(rows);
  });

  it('handles an event sent twice (in one batch and again later) once', async () => {
    await startConsumer();
    const twice = item(topic.name, 'firm-d', 0);
    await sendAll([twice, twice, item(topic.name, 'firm-d', 1)]);
    await effectCount(2);
    await sendAll([twice, item(topic.name, 'firm-d', 2)]);
    const rows = await effectCount(3);
    await sleep(300);
    expect(await effects()).toHaveLength(3);
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 2]);
  });

  it('dead-letters poison messages with the reason and keeps the partition flowing', async () => {
    await startConsumer();
    const good1 = item(topic.name, 'firm-a', 0);
    const badSchema = item(topic.name, 'firm-a', 1, { data: { key: 'firm-a', seq: 'one' } as never });
    const { ce_type: _dropped, ...noType } = item(topic.name, 'firm-a', 2).headers;
    const badEnvelope: BusMessage = { ...item(topic.name, 'firm-a', 2), headers: noType };
    const unknownType = item(topic.name, 'firm-a', 3, { type: 'contract-test.never-heard-of.v1' });
    behaviour.refuse.add('firm-blocked');
    const refused = item(topic.name, 'firm-blocked', 0);
    behaviour.failTransiently.set('firm-a:5', 99);
    const exhausted = item(topic.name, 'firm-a', 5);
    const good2 = item(topic.name, 'firm-a', 6);
    await sendAll([good1, badSchema, badEnvelope, unknownType, refused, exhausted, good2]);

    const rows = await effectCount(2);
    expect(rows.map((r) => r.seq)).toEqual([0, 6]);
    const dead = await waitFor('5 dead letters', async () => {
      const all = await harness.readTopic(dlqTopicOf(topic.name));
      return all.length >= 5 ? all : undefined;
    });
    expect(dead).toHaveLength(5);
    const reasons = dead.map((d) => d.headers['dlq-reason']).sort();
    expect(reasons).toEqual(
      ['domain-rule', 'malformed-envelope', 'retries-exhausted', 'schema-violation', 'unknown-type'].sort(),
    );
    for (const d of dead) {
      expect(d.headers['dlq-original-topic']).toBe(topic.name);
      expect(d.headers['dlq-original-partition']).toMatch(/^\d+$/);
      expect(d.headers['dlq-original-offset']).toMatch(/^\d+$/);
      expect(d.headers['dlq-consumer-group']).toBe(group);
      expect(d.headers['dlq-error-message']).toBeTruthy();
    }
    const domain = dead.find((d) => d.headers['dlq-reason'] === 'domain-rule');
    expect(domain?.headers['dlq-error']).toBe('DomainError');
    expect(dead.find((d) => d.headers['dlq-reason'] === 'retries-exhausted')?.headers['dlq-attempts']).toBe(
      '3',
    );
    expect(
      dead.find((d) => d.headers['dlq-reason'] === 'schema-violation')?.headers['dlq-error-message'],
    ).toMatch(/\/seq/);
  });

  it('retries a transient failure with backoff and applies the effect once', async () => {
    behaviour.failTransiently.set('firm-t:0', 2);
    await startConsumer();
    await sendAll([item(topic.name, 'firm-t', 0), item(topic.name, 'firm-t', 1)]);
    const rows = await effectCount(2);
    expect(rows.map((r) => r.seq)).toEqual([0, 1]);
    expect(await harness.readTopic(dlqTopicOf(topic.name))).toEqual([]);
  });

  it('has no second effect when a consumer dies after its effect and before its offset commit', async () => {
    let crashed = false;
    await startConsumer({
      memberId: 'doomed',
      maxBatchSize: 1, // one message per transaction, so the crash leaves later messages to the successor
      hooks: {
        afterEffect: (message) => {
          const { seq } = JSON.parse(message.value.toString()) as Item;
          if (!crashed && seq === 4) {
            crashed = true;
            throw new SimulatedCrash('after effect, before offset commit');
          }
        },
      },
    });
    const messages = Array.from({ length: 10 }, (_, i) => item(topic.name, 'firm-c', i));
    await sendAll(messages);
    await waitFor('the crash', async () => (crashed ? true : undefined));
    await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));

    const beforeSuccessor = (await effects()).map((r) => r.seq);
    expect(beforeSuccessor).toContain(4); // the effect of seq 4 committed before the "death"
    expect(beforeSuccessor).not.toContain(9);

    await startConsumer({ memberId: 'successor', maxBatchSize: 1 });
    const rows = await effectCount(10);
    await sleep(500);
    const all = await effects();
    expect(all).toHaveLength(10);
    expectOncePerEventAndInKeyOrder(all);
    expect(rows.filter((r) => r.seq === 4)).toHaveLength(1);
    expect(rows.find((r) => r.seq === 4)?.member).toBe('doomed');
    expect(rows.find((r) => r.seq === 9)?.member).toBe('successor'); // the successor did take over
    const inbox = await dataSource.query(
      'SELECT count(*)::int AS n FROM baton_inbox WHERE consumer_group = $1 AND topic = $2',
      [group, topic.name],
    );
    expect(inbox[0].n).toBe(10);
  });

  it('lets two consumers of one group share the partitions while per-key order holds', async () => {
    await startConsumer({ memberId: 'one' });
    await startConsumer({ memberId: 'two' });
    await sleep(1500);
    const messages = Array.from({ length: 90 }, (_, i) =>
      item(topic.name, `firm-${i % 9}`, Math.floor(i / 9)),
    );
    await sendAll(messages);
    const rows = await effectCount(90);
    await sleep(300);
    expect(await effects()).toHaveLength(90);
    expectOncePerEventAndInKeyOrder(rows);
    expect(new Set(rows.map((r) => r.member))).toEqual(new Set(['one', 'two']));
  });

  it('loses nothing when the broker is stopped and restarted mid-stream', async () => {
    await startConsumer();
    const messages = Array.from({ length: 60 }, (_, i) =>
      item(topic.name, `firm-${i % 4}`, Math.floor(i / 4)),
    );
    await sendAll(messages.slice(0, 30));
    await effectCount(10);
    const restore = await harness.outage();
    await sleep(1000);
    await restore();
    for (const batch of [messages.slice(30, 45), messages.slice(45)]) {
      await waitFor('a send after the outage', async () => {
        try {
          await producer.send(batch);
          return true;
        } catch {
          return undefined;
        }
      });
    }
    const rows = await effectCount(60);
    await sleep(500);
    const all = await effects();
    expect(all).toHaveLength(60);
    expectOncePerEventAndInKeyOrder(rows);
  }, 240000);

  it('replays dead letters to their topic once the cause is fixed, and only once', async () => {
    behaviour.refuse.add('firm-r');
    await startConsumer();
    await sendAll([item(topic.name, 'firm-r', 0), item(topic.name, 'firm-ok', 0)]);
    await effectCount(1);
    await waitFor('a dead letter', async () =>
      (await harness.readTopic(dlqTopicOf(topic.name))).length ? true : undefined,
    );

    behaviour.refuse.delete('firm-r'); // the cause is fixed
    expect(await harness.replayDeadLetters(dlqTopicOf(topic.name))).toBe(1);
    const rows = await effectCount(2);
    expect(rows.map((r) => r.key).sort()).toEqual(['firm-ok', 'firm-r']);
    expect(await harness.replayDeadLetters(dlqTopicOf(topic.name))).toBe(0);
    await sleep(500);
    expect(await effects()).toHaveLength(2);
  });

  it('turns health red when the consumer crashes, and restarts it', async () => {
    let failures = 8;
    const { server } = await startConsumer({
      hooks: {
        beforeBatch: () => {
          if (failures > 0) {
            failures--;
            throw new Error('consumer loop failure');
          }
        },
      },
    });
    await sendAll([item(topic.name, 'firm-h', 0)]);
    await waitFor('a crash', async () => (server.health().crashes > 0 ? true : undefined));
    await effectCount(1);
    await waitFor('health back up', async () => (server.health().status === 'up' ? true : undefined));
  });
}
