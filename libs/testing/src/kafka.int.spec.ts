// Smoke test of the real Kafka broker the integration suites use (deploy/kafka/kafka.sh), through
// kafkajs, the client Baton uses: topic creation, idempotent keyed produce, consumer group read.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { describeWithKafka, kafkaBrokers } from './kafka';

const KEYS = ['case-1', 'case-2', 'case-3', 'case-4', 'case-5', 'case-6'];
const PER_KEY = 5;
const TOTAL = KEYS.length * PER_KEY; // 30

interface Sent {
  key: string;
  seq: number;
  body: string;
}

interface Received extends Sent {
  messageKey: string | undefined;
  partition: number;
  offset: string;
}

describeWithKafka('Kafka broker smoke test (kafkajs)', () => {
  const run = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const topic = `baton-smoke-${run}`;
  const groupId = `baton-smoke-group-${run}`;

  let kafka: Kafka;
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  beforeAll(() => {
    kafka = new Kafka({
      clientId: 'baton-kafka-smoke',
      brokers: kafkaBrokers() ?? [],
      // Retriable start-up noise (e.g. "coordinator not available" while __consumer_offsets is
      // created) would be logged at ERROR; real failures still surface as rejected promises.
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  });

  it('creates a topic, produces keyed messages idempotently and reads them all back in a fresh group', async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);

    // Interleaved keys, so each partition gets several keys and each key several messages.
    const sent: Sent[] = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      for (const key of KEYS) sent.push({ key, seq, body: `event ${seq} of ${key} (${run})` });
    }
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < sent.length; i += 10) {
      await producer.send({
        topic,
        acks: -1,
        messages: sent.slice(i, i + 10).map((m) => ({ key: m.key, value: JSON.stringify(m) })),
      });
    }

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)).toBe(TOTAL);

    const received: Received[] = [];
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = JSON.parse(message.value?.toString() ?? 'null') as Sent;
        received.push({ ...value, messageKey: message.key?.toString(), partition, offset: message.offset });
        if (received.length >= TOTAL) allReceived();
      },
    });
    await within(45_000, done, () => `only ${received.length}/${TOTAL} messages arrived`);
    await consumer.disconnect();
    consumer = undefined;

    // Exactly once each: as many as sent, no duplicate (partition, offset), nothing extra.
    expect(received).toHaveLength(TOTAL);
    expect(new Set(received.map((m) => `${m.partition}:${m.offset}`)).size).toBe(TOTAL);

    // Content: exactly what was sent.
    const byKeyAndSeq = (a: Sent, b: Sent) => a.key.localeCompare(b.key) || a.seq - b.seq;
    const content = received.map(({ key, seq, body }) => ({ key, seq, body })).sort(byKeyAndSeq);
    expect(content).toEqual([...sent].sort(byKeyAndSeq));

    expect(received.filter((m) => m.messageKey !== m.key)).toEqual([]);

    // Per-key order: one partition per key, sequence numbers in send order.
    for (const key of KEYS) {
      const ofKey = received.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => m.seq)).toEqual(Array.from({ length: PER_KEY }, (_, i) => i));
    }
    // The keys did spread over more than one partition.
    expect(new Set(received.map((m) => m.partition)).size).toBeGreaterThan(1);
  });
});

async function within(ms: number, promise: Promise<void>, describeFailure: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describeFailure()}`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
