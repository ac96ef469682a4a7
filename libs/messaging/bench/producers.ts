// The producing side of each contender, run in a worker process of its own.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { EmbeddedBusProducer } from '../src/embedded/embedded-bus';
import { createKafka, KafkaBusProducer } from '../src/kafka/kafka-bus';
import { now, ourMessage, rawMessage } from './messages';
import { stats, transportOf, type BurstResult, type PacedResult, type SessionSetup } from './protocol';

export interface BenchProducer {
  /** Builds and sends messages seq…seq+count-1 stamped `sentAt(i)`; resolves on the broker's ack. */
  send(firstSeq: number, count: number, sentAt: (i: number) => number): Promise<void>;
  close(): Promise<void>;
}

export async function openProducer(setup: SessionSetup): Promise<BenchProducer> {
  switch (transportOf(setup.contender)) {
    case 'raw': {
      const kafka = new Kafka({
        brokers: [...setup.brokers],
        clientId: `${setup.group}-producer`,
        logLevel: logLevel.ERROR,
      });
      // Like ours: idempotent, one request in flight, acks from all in-sync replicas.
      const producer: Producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      return {
        async send(firstSeq, count, sentAt) {
          const messages = new Array(count);
          for (let i = 0; i < count; i++) messages[i] = rawMessage(firstSeq + i, sentAt(i));
          await producer.sendBatch({ acks: -1, topicMessages: [{ topic: setup.topic, messages }] });
        },
        close: () => producer.disconnect(),
      };
    }
    case 'kafka': {
      const producer = new KafkaBusProducer(
        createKafka({ brokers: setup.brokers, clientId: `${setup.group}-producer` }),
      );
      await producer.connect();
      return {
        async send(firstSeq, count, sentAt) {
          const messages = new Array(count);
          for (let i = 0; i < count; i++) messages[i] = ourMessage(setup.topic, firstSeq + i, sentAt(i));
          await producer.send(messages);
        },
        close: () => producer.disconnect(),
      };
    }
    case 'embedded': {
      const producer = new EmbeddedBusProducer({
        connectionString: setup.dbUrl,
        applicationName: 'baton-bench-producer',
      });
      await producer.connect();
      return {
        async send(firstSeq, count, sentAt) {
          const messages = new Array(count);
          for (let i = 0; i < count; i++) messages[i] = ourMessage(setup.topic, firstSeq + i, sentAt(i));
          await producer.send(messages);
        },
        close: () => producer.close(),
      };
    }
  }
}

/** As fast as possible: batches of `batch`, one send (and ack) at a time, as the publisher does. */
export async function burst(
  producer: BenchProducer,
  n: number,
  firstSeq: number,
  batch: number,
): Promise<BurstResult> {
  const firstSendAt = now();
  let sends = 0;
  for (let done = 0; done < n; done += batch) {
    const stamp = now();
    await producer.send(firstSeq + done, Math.min(batch, n - done), () => stamp);
    sends++;
  }
  return { firstSendAt, lastAckAt: now(), sends };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open-loop pacing at `rate` messages/s: message i is due at t0 + i/rate and carries that scheduled time
 * as its send time, so a producer falling behind shows up in the latency (no coordinated omission).
 * Whatever is due is sent in one batch; one send is in flight at a time (like the publisher).
 */
export async function paced(
  producer: BenchProducer,
  rate: number,
  durationMs: number,
  firstSeq: number,
  maxBatch: number,
): Promise<PacedResult> {
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const t0 = now() + 20;
  const due = (i: number) => t0 + i * interval;
  const sendMs: number[] = [];
  const lagMs: number[] = [];
  let sent = 0;
  let firstSendAt = NaN;
  while (sent < total) {
    const t = now();
    const wait = due(sent) - t;
    if (wait > 0) {
      await sleep(Math.max(1, Math.floor(wait)));
      continue;
    }
    const upTo = Math.min(total, Math.floor((t - t0) / interval) + 1, sent + maxBatch);
    const from = sent;
    if (Number.isNaN(firstSendAt)) firstSendAt = t;
    lagMs.push(t - due(from));
    await producer.send(firstSeq + from, upTo - from, (i) => due(from + i));
    sendMs.push(now() - t);
    sent = upTo;
  }
  return {
    firstSendAt,
    lastAckAt: now(),
    sent,
    sends: sendMs.length,
    sendMs: stats(sendMs),
    lagMs: stats(lagMs),
  };
}
