import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerHealth, ReceivedMessage } from '../bus';
import { BusServer, silentLogger, type BusServerOptions } from '../bus-server';
import { SimulatedCrash } from '../errors';
import { ensureInboxTable } from '../inbox';
import {
  deadLetterMessage,
  ProcessingAborted,
  type Failure,
  type MessageProcessor,
  type ProcessorLogger,
} from '../processor';
import { dlqTopicOf } from '../topics';
import {
  createKafka,
  ensureTopics,
  fromKafkaHeaders,
  KafkaBusProducer,
  type KafkaConnection,
} from './kafka-bus';

export interface KafkaBusServerOptions extends BusServerOptions {
  readonly brokers: readonly string[];
  /** Kafka client id; also this consumer's member name in logs and BusContext. */
  readonly clientId: string;
  readonly sessionTimeoutMs?: number;
  /**
   * The broker answers a fetch once this many bytes are there or `maxWaitTimeInMs` passed. Defaults to
   * 16 KiB / 20 ms: fewer, larger batches (see docs/benchmarks/messaging.md); at most 20 ms added when idle.
   */
  readonly minBytes?: number;
  readonly maxWaitTimeInMs?: number;
  readonly logCreator?: KafkaConnection['logCreator'];
}

/**
 * Nest custom transport on kafkajs. Unlike the stock Kafka transport: offsets are committed only after the
 * handler's transaction committed; redeliveries are absorbed by the inbox; a failing message is retried
 * with backoff and then dead-lettered to `<topic>.dlq` so its partition moves on; a crashed consumer turns
 * health red and is restarted.
 */
export class KafkaBusServer extends BusServer {
  private kafka: Kafka | undefined;
  private consumer: Consumer | undefined;
  private producer: KafkaBusProducer | undefined;
  private processor: MessageProcessor | undefined;
  private readonly abort = new AbortController();
  private readonly log: ProcessorLogger;
  private state: ConsumerHealth = { status: 'down', detail: 'not started', crashes: 0 };
  private stopping = false;

  constructor(private readonly options: KafkaBusServerOptions) {
    super();
    this.log = options.logger ?? silentLogger;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error) => callback(error),
    );
  }

  async start(): Promise<void> {
    this.kafka = createKafka({
      brokers: this.options.brokers,
      clientId: this.options.clientId,
      logCreator: this.options.logCreator,
    });
    if (this.options.createTopics !== false) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [
          ...this.options.topics,
          ...this.options.topics.map((t) => ({ name: dlqTopicOf(t.name), partitions: 1 })),
        ]);
      } finally {
        await admin.disconnect();
      }
    }
    this.producer = new KafkaBusProducer(this.kafka);
    await this.producer.connect();
    await ensureInboxTable(this.options.dataSource);
    this.processor = this.createProcessor(
      this.options,
      this.options.clientId,
      (message, failure) => this.deadLetter(message, failure),
      this.abort.signal,
    );
    await this.startConsumer();
  }

  health(): ConsumerHealth {
    return this.state;
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.state = { ...this.state, status: 'down', detail: 'closed' };
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.kafka!.consumer({
      groupId: this.options.group,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: Math.min(3000, Math.floor((this.options.sessionTimeoutMs ?? 30000) / 3)),
      allowAutoTopicCreation: false,
      minBytes: this.options.minBytes ?? 16 * 1024,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 20,
      retry: { retries: 3, initialRetryTime: 300 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.state = { ...this.state, status: 'up', detail: 'consuming' };
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const restart = payload.restart && !this.stopping;
      this.state = {
        status: 'down',
        detail: `consumer crashed: ${payload.error?.message ?? 'unknown error'}`,
        crashes: this.state.crashes + 1,
      };
      this.log.error({ err: payload.error, restart }, 'Kafka consumer crashed');
      if (!payload.restart && !this.stopping) this.restartLater(consumer);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics.map((t) => t.name), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload, consumer),
    });
  }

  private restartLater(crashed: Consumer): void {
    setTimeout(async () => {
      if (this.stopping || this.consumer !== crashed) return;
      await crashed.disconnect().catch(() => undefined);
      try {
        await this.startConsumer();
      } catch (error) {
        this.log.error({ err: error }, 'Kafka consumer restart failed; trying again');
        this.restartLater(crashed);
      }
    }, this.options.restartDelayMs ?? 2000).unref();
  }

  private async eachBatch(payload: EachBatchPayload, consumer: Consumer): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    this.options.hooks?.beforeBatch?.(batch.topic, batch.partition);
    const size = this.options.maxBatchSize ?? 100;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!isRunning() || isStale() || this.stopping) return;
      const chunk: ReceivedMessage[] = batch.messages.slice(start, start + size).map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key?.toString('utf8') ?? '',
        headers: fromKafkaHeaders(m.headers),
        value: m.value ?? Buffer.alloc(0),
      }));
      try {
        await this.processor!.processBatch(chunk);
      } catch (error) {
        if (error instanceof SimulatedCrash) {
          // The "process" dies here: no offset commit, the consumer is gone; the group redelivers.
          this.stopping = true;
          this.abort.abort();
          void consumer.disconnect();
          return;
        }
        if (error instanceof ProcessingAborted) return;
        throw error;
      }
      const last = chunk[chunk.length - 1].offset;
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      resolveOffset(last);
      await heartbeat();
    }
  }

  private async deadLetter(message: ReceivedMessage, failure: Failure): Promise<void> {
    await this.producer!.send([deadLetterMessage(message, failure, this.options.group)]);
  }
}
