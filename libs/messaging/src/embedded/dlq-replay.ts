import type { BusMessage } from '../bus';
import { appendMessages, partitionCounts, readPartition, type EmbeddedBusProducer } from './embedded-bus';
import { quoteIdent } from './schema';

/** The consumer group whose committed offsets on `<topic>.dlq` record how far dead letters were replayed. */
export const DLQ_REPLAY_GROUP = 'baton-dlq-replay';

/**
 * Moves every not yet replayed message of a DLQ topic back to its `dlq-original-topic`, with its original
 * key and headers (the `dlq-*` ones dropped). The DLQ keeps its messages (like Kafka); the replay position
 * is the DLQ_REPLAY_GROUP's committed offset, advanced in the same transaction as the re-produce, so a
 * replay runs exactly once however often it is invoked or interrupted. Returns how many were replayed.
 */
export async function replayDeadLetters(
  producer: EmbeddedBusProducer,
  dlqTopic: string,
  pageSize = 500,
): Promise<number> {
  await producer.connect();
  const s = quoteIdent(producer.schema);
  let replayed = 0;
  const partitions = await producer.withTransaction((client) =>
    partitionCounts(client, producer.schema, [dlqTopic]),
  );
  for (let partition = 0; partition < (partitions.get(dlqTopic) ?? 0); partition++) {
    for (;;) {
      const page = await producer.withTransaction(async (client) => {
        await client.query(
          `INSERT INTO ${s}.committed_offsets (consumer_group, topic, partition, committed_offset)
           VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
          [DLQ_REPLAY_GROUP, dlqTopic, partition],
        );
        const { rows } = await client.query<{ committed: string }>(
          `SELECT committed_offset::text AS committed FROM ${s}.committed_offsets
            WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
          [DLQ_REPLAY_GROUP, dlqTopic, partition],
        );
        const dead = await readPartition(
          client,
          producer.schema,
          dlqTopic,
          partition,
          rows[0].committed,
          pageSize,
        );
        if (!dead.length) return [];
        const produced = await appendMessages(client, producer.schema, dead.map(toOriginal));
        await client.query(
          `UPDATE ${s}.committed_offsets SET committed_offset = $4, committed_at = clock_timestamp()
            WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
          [DLQ_REPLAY_GROUP, dlqTopic, partition, (BigInt(dead[dead.length - 1].offset) + 1n).toString()],
        );
        return produced;
      });
      if (!page.length) break;
      producer.notify(page.map((p) => `${p.partition}:${p.topic}`));
      replayed += page.length;
    }
  }
  return replayed;
}

function toOriginal(message: BusMessage & { offset?: string }): BusMessage {
  const topic = message.headers['dlq-original-topic'];
  if (!topic) {
    throw new Error(`${message.topic}@${message.offset}: no dlq-original-topic header, cannot replay`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (!name.startsWith('dlq-')) headers[name] = value;
  return { topic, key: message.key, headers, value: message.value };
}
