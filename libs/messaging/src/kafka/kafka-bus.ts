import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type logCreator,
  type Producer,
} from 'kafkajs';
import type { BusMessage, BusProducer } from '../bus';
import type { TopicSpec } from '../topics';

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Where kafkajs logs go (services pass pino); the console otherwise. */
  readonly logCreator?: logCreator;
}

export function createKafka(connection: KafkaConnection): Kafka {
  return new Kafka({
    brokers: [...connection.brokers],
    clientId: connection.clientId,
    logLevel: logLevel.ERROR,
    ...(connection.logCreator && { logCreator: connection.logCreator, logLevel: logLevel.WARN }),
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/**
 * Creates missing topics and raises partition counts that are too low (Kafka cannot lower them). Run on
 * service start and by the deploy step (`npm run kafka:topics`).
 */
export async function ensureTopics(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: -1 })),
    });
  }
  const present = topics.filter((t) => existing.has(t.name));
  if (!present.length) return;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
  const grow = present.filter((t) => {
    const current = metadata.topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
    return current < t.partitions;
  });
  if (grow.length)
    await admin.createPartitions({
      topicPartitions: grow.map((t) => ({ topic: t.name, count: t.partitions })),
    });
}

export function toKafkaHeaders(headers: Readonly<Record<string, string>>): IHeaders {
  return { ...headers };
}

export function fromKafkaHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/** Idempotent producer (acks from all in-sync replicas, no duplicates on retry, order kept per partition). */
export class KafkaBusProducer implements BusProducer {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    return this.connected;
  }

  async send(messages: readonly BusMessage[]): Promise<void> {
    if (!messages.length) return;
    await this.connect();
    const byTopic = new Map<string, BusMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: toKafkaHeaders(m.headers) })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}

export type { Consumer };
