import type { Kafka } from 'kafkajs';
import type { BusMessage } from '../bus';
import { KafkaBusProducer, fromKafkaHeaders } from './kafka-bus';

const REPLAY_GROUP = 'baton-dlq-replay';

/**
 * Sends every dead letter of `dlqTopic` not yet replayed back to its original topic, with its original
 * key and headers (the `dlq-*` ones removed). Progress is the committed offset of the `baton-dlq-replay`
 * group on the DLQ topic, so running it again does not resend what was replayed. Returns how many moved.
 */
export async function replayKafkaDeadLetters(
  kafka: Kafka,
  dlqTopic: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  let pending: { partition: number; from: bigint; end: bigint }[];
  try {
    const ends = await admin.fetchTopicOffsets(dlqTopic);
    const committed = await admin.fetchOffsets({ groupId: REPLAY_GROUP, topics: [dlqTopic] });
    const byPartition = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    pending = ends
      .map((p) => {
        const c = byPartition.get(p.partition) ?? -1n;
        return { partition: p.partition, from: c >= 0n ? c : BigInt(p.low), end: BigInt(p.high) };
      })
      .filter((p) => p.end > p.from);
  } finally {
    await admin.disconnect();
  }
  const total = pending.reduce((n, p) => n + Number(p.end - p.from), 0);
  if (total === 0) return 0;

  const producer = new KafkaBusProducer(kafka);
  const consumer = kafka.consumer({ groupId: REPLAY_GROUP });
  let moved = 0;
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const finished = new Set<number>();
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const range = pending.find((p) => p.partition === partition);
            const offset = BigInt(message.offset);
            if (!range || offset < range.from || offset >= range.end) return;
            const headers = fromKafkaHeaders(message.headers);
            const original = headers['dlq-original-topic'];
            if (!original)
              throw new Error(`DLQ message ${partition}/${message.offset} has no dlq-original-topic header`);
            const cleaned = Object.fromEntries(
              Object.entries(headers).filter(([k]) => !k.startsWith('dlq-')),
            );
            const replayed: BusMessage = {
              topic: original,
              key: message.key?.toString('utf8') ?? '',
              headers: cleaned,
              value: message.value ?? Buffer.alloc(0),
            };
            await producer.send([replayed]);
            await consumer.commitOffsets([{ topic: dlqTopic, partition, offset: (offset + 1n).toString() }]);
            moved++;
            onProgress(moved, total);
            if (offset === range.end - 1n) finished.add(partition);
            if (finished.size === pending.length) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return moved;
}
