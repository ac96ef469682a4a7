import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage } from 'cloudevents';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@baton/eventstore';
import { createTestDatabase, describeWithKafka, kafkaBrokers, type TestDatabase } from '@baton/testing';
import type { BusMessage, BusProducer } from '../bus';
import { createKafka, ensureTopics, KafkaBusProducer } from '../kafka/kafka-bus';
import { readWholeTopic } from '../kafka/kafka-harness';
import { createEventPublisher, type PublishingContracts } from './event-publisher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithKafka('Event publisher: event store → Kafka', () => {
  const kafka = createKafka({ brokers: kafkaBrokers() ?? [], clientId: 'publisher-test' });
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let producer: KafkaBusProducer;
  let topic: string;
  let contracts: PublishingContracts;

  beforeAll(async () => {
    db = await createTestDatabase('publisher');
    store = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 50 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    producer = new KafkaBusProducer(kafka);
  });
  afterAll(async () => {
    await producer.disconnect();
    await store.close();
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    topic = `publisher-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 3 }]);
    await admin.disconnect();
    contracts = {
      has: (type) => type === 'test-registry.firm-registered.v1',
      validate: (_t, data) =>
        typeof (data as { firmId?: unknown }).firmId === 'string'
          ? { ok: true }
          : { ok: false, errors: [{ path: '/firmId', rule: 'required', message: 'is required' }] },
      get: () => ({ topic: { name: topic }, partitionKey: (data: { firmId: string }) => data.firmId }),
    };
  });

  function publisher(name: string, sender: BusProducer = producer) {
    return createEventPublisher({
      name,
      source: '/baton/test-registry',
      store,
      dataSource,
      producer: sender,
      contracts,
      filter: { streamPrefixes: [`${topic}-firm-`] },
      mapping: (stored) =>
        stored.type === 'FirmRegistered'
          ? [
              {
                type: 'test-registry.firm-registered.v1',
                data: { firmId: (stored.data as { firmId: string }).firmId },
              },
            ]
          : [], // internal events are not published
    });
  }

  async function register(n: number, from = 0) {
    let last;
    for (let i = from; i < from + n; i++) {
      const firmId = randomUUID();
      last = await store.appendToStream(
        `${topic}-firm-${firmId}`,
        [
          {
            type: 'FirmRegistered',
            data: { firmId, seq: i },
            metadata: {
              occurredAt: '2026-03-01T09:00:00.000Z',
              correlationId: `c-${i}`,
              actor: { userId: 'u-1', agencyId: 'a-1' },
            },
          },
          { type: 'InternalNoteAdded', data: { note: 'not for the bus' } },
        ],
        { expectedRevision: 'no_stream' },
      );
    }
    return last!;
  }

  async function waitForMessages(n: number) {
    const deadline = Date.now() + 30000;
    for (;;) {
      const messages = await readWholeTopic(kafka, topic);
      if (messages.length >= n || Date.now() > deadline) return messages;
      await sleep(200);
    }
  }

  it('publishes only mapped events, as CloudEvents the official SDK reads, and resumes after a restart', async () => {
    const first = publisher(`${topic}-publisher`);
    await first.start();
    const last = await register(5);
    await first.waitForPosition(last.position, 20000);
    const published = await waitForMessages(5);
    expect(published).toHaveLength(5);

    for (const message of published) {
      const kafkaMessage: KafkaMessage = {
        key: message.key,
        value: message.value,
        body: message.value,
        headers: { ...message.headers },
      };
      const event = CloudEventsKafka.toEvent(kafkaMessage) as CloudEvent<{ firmId: string }>;
      expect(event.type).toBe('test-registry.firm-registered.v1');
      expect(event.source).toBe('/baton/test-registry');
      expect(event.subject).toBe(event.data!.firmId);
      expect(message.key).toBe(event.data!.firmId);
      expect(event.correlationid).toMatch(/^c-\d$/);
      expect(event.actor).toBe('u-1');
      expect(event.actoragency).toBe('a-1');
      expect(new Date(event.time!).toISOString()).toBe('2026-03-01T09:00:00.000Z');
    }
    await first.stop();

    const more = await register(3, 5);
    const second = publisher(`${topic}-publisher`);
    await second.start();
    await second.waitForPosition(more.position, 20000);
    const all = await waitForMessages(8);
    await second.stop();
    await sleep(300);
    const final = await readWholeTopic(kafka, topic);
    expect(final).toHaveLength(8);
    expect(new Set(final.map((m) => m.headers.ce_id)).size).toBe(8);
    expect(all).toHaveLength(8);
  });

  it('moves its checkpoint only after the broker acknowledged', async () => {
    let failuresLeft = 2;
    const flaky: BusProducer = {
      async send(messages: readonly BusMessage[]) {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('broker unavailable');
        }
        await producer.send(messages);
      },
    };
    const runner = publisher(`${topic}-flaky`, flaky);
    const last = await register(2);
    await runner.start();
    await sleep(300);
    expect((await runner.currentCheckpoint()).commit).toBe(-1n); // nothing acknowledged yet: no progress
    await runner.waitForPosition(last.position, 20000);
    await runner.stop();
    expect(failuresLeft).toBe(0);
    expect(await waitForMessages(2)).toHaveLength(2);
  });

  it('refuses to publish an event that breaks its contract, and does not move past it', async () => {
    const runner = createEventPublisher({
      name: `${topic}-invalid`,
      source: '/baton/test-registry',
      store,
      dataSource,
      producer,
      contracts,
      filter: { streamPrefixes: [`${topic}-firm-`] },
      mapping: () => [{ type: 'test-registry.firm-registered.v1', data: { firmId: 42 } }],
    });
    await register(1);
    await runner.start();
    await sleep(800);
    await runner.stop();
    expect((await runner.currentCheckpoint()).commit).toBe(-1n);
    expect(await readWholeTopic(kafka, topic)).toEqual([]);
  });
});
