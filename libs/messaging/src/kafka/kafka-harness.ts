import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ReceivedMessage } from '../bus';
import { isDlqTopic, dlqTopicOf, type TopicSpec } from '../topics';
import type { TransportHarness } from '../testing/transport-harness';
import { createKafka, ensureTopics, fromKafkaHeaders, KafkaBusProducer } from './kafka-bus';
import { KafkaBusServer } from './kafka-bus-server';
import { replayKafkaDeadLetters } from './kafka-dlq-replay';

const run = promisify(execFile);

/**
 * The Kafka transport under the contract suite. `outage()` stops and restarts the broker with the
 * deploy/kafka script, so it needs a broker of its own: give `ownBrokerPort` to start one on that port
 * (data kept across the restart), or leave it out to share KAFKA_BROKERS (then outage() refuses).
 */
export function kafkaHarness(
  brokers: string[],
  options: { ownBrokerPort?: number; scriptPath?: string } = {},
): TransportHarness {
  const kafka = createKafka({ brokers, clientId: 'baton-contract' });
  const producers: KafkaBusProducer[] = [];
  const script = options.scriptPath ?? 'deploy/kafka/kafka.sh';
  const env = () => ({ ...process.env, KAFKA_PORT: String(options.ownBrokerPort), KAFKA_KEEP_DATA: '1' });

  return {
    name: 'Kafka',
    createServer(spec) {
      return new KafkaBusServer({
        brokers,
        clientId: spec.memberId,
        group: spec.group,
        topics: spec.topics,
        dataSource: spec.dataSource,
        contracts: spec.contracts,
        retry: spec.retry,
        hooks: spec.hooks,
        maxBatchSize: spec.maxBatchSize,
        sessionTimeoutMs: 10000,
        restartDelayMs: 500,
      });
    },
    async createProducer() {
      const producer = new KafkaBusProducer(kafka);
      producers.push(producer);
      await producer.connect();
      return Object.assign(producer, { close: () => producer.disconnect() });
    },
    async createTopics(topics: readonly TopicSpec[]) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [
          ...topics,
          ...topics
            .filter((t) => !isDlqTopic(t.name))
            .map((t) => ({ name: dlqTopicOf(t.name), partitions: 1 })),
        ]);
      } finally {
        await admin.disconnect();
      }
    },
    async readTopic(topic: string): Promise<ReceivedMessage[]> {
      return readWholeTopic(kafka, topic);
    },
    async outage() {
      if (!options.ownBrokerPort) throw new Error('outage() needs a broker of its own (ownBrokerPort)');
      await run('bash', [script, 'stop'], { env: env() });
      return async () => {
        await run('bash', [script, 'start'], { env: env(), timeout: 180000 });
      };
    },
    replayDeadLetters(dlqTopic: string) {
      return replayKafkaDeadLetters(kafka, dlqTopic);
    },
    async close() {
      await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
    },
  };
}

/** Reads a topic from the earliest to the current end offsets of every partition, without a group. */
export async function readWholeTopic(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
): Promise<ReceivedMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; offset: string; low: string }[];
  try {
    ends = (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      offset: p.high,
      low: p.low,
    }));
  } finally {
    await admin.disconnect();
  }
  const wanted = ends.filter((p) => BigInt(p.offset) > BigInt(p.low));
  if (!wanted.length) return [];
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}` });
  const out: ReceivedMessage[] = [];
  const done = new Set<number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), 30000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = wanted.find((p) => p.partition === partition);
            if (!end || BigInt(message.offset) >= BigInt(end.offset)) return;
            out.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? '',
              headers: fromKafkaHeaders(message.headers),
              value: message.value ?? Buffer.alloc(0),
            });
            if (BigInt(message.offset) === BigInt(end.offset) - 1n) done.add(partition);
            if (done.size === wanted.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
