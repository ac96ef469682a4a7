import type { BusMessage, ReceivedMessage } from '../bus';
import { appendMessages, EmbeddedBusProducer, partitionCounts, readPartition } from './embedded-bus';
import { DEFAULT_BUS_SCHEMA, quoteIdent } from './schema';

/** The consumer group whose committed offsets on `<topic>.dlq` record how far dead letters were replayed. */
export const DLQ_REPLAY_GROUP = 'baton-dlq-replay';

export interface ReplayOptions {
  readonly pageSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Moves every not yet replayed message of a DLQ topic back to its `dlq-original-topic`, with its original
 * key, value and headers (the `dlq-*` ones dropped). The DLQ keeps its messages (as on Kafka); the replay
 * position is the DLQ_REPLAY_GROUP's committed offset, advanced in the same transaction as the re-produce,
 * so each dead letter is replayed exactly once however often the replay runs or is interrupted.
 * Returns how many were replayed.
 */
export async function replayDeadLetters(
  producer: EmbeddedBusProducer,
  dlqTopic: string,
  options: ReplayOptions = {},
): Promise<number> {
  await producer.connect();
  const schema = producer.schema;
  const s = quoteIdent(schema);
  const pageSize = options.pageSize ?? 500;
  const partitions = await producer.withTransaction(async (client) => {
    const count = (await partitionCounts(client, schema, [dlqTopic])).get(dlqTopic);
    if (count === undefined) throw new Error(`Unknown topic ${JSON.stringify(dlqTopic)}`);
    const { rows } = await client.query<{ partition: number; pending: string }>(
      `SELECT p.partition, (p.next_offset - coalesce(c.committed_offset, 0))::text AS pending
         FROM ${s}.partitions p
         LEFT JOIN ${s}.committed_offsets c
           ON c.consumer_group = $1 AND c.topic = p.topic AND c.partition = p.partition
        WHERE p.topic = $2 ORDER BY p.partition`,
      [DLQ_REPLAY_GROUP, dlqTopic],
    );
    return rows;
  });
  const total = partitions.reduce((n, p) => n + Number(p.pending), 0);
  let replayed = 0;
  for (const { partition } of partitions) {
    for (;;) {
      const page = await producer.withTransaction(async (client) => {
        await client.query(
          `INSERT INTO ${s}.committed_offsets (consumer_group, topic, partition, committed_offset)
           VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
          [DLQ_REPLAY_GROUP, dlqTopic, partition],
        );
        // Locks the replay position: a concurrent replay waits, then continues after this one.
        const { rows } = await client.query<{ committed: string }>(
          `SELECT committed_offset::text AS committed FROM ${s}.committed_offsets
            WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
          [DLQ_REPLAY_GROUP, dlqTopic, partition],
        );
        const dead = await readPartition(client, schema, dlqTopic, partition, rows[0].committed, pageSize);
        if (!dead.length) return [];
        const produced = await appendMessages(client, schema, dead.map(toOriginal));
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
      options.onProgress?.(replayed, Math.max(total, replayed));
    }
  }
  return replayed;
}

/** `npm run dlq:replay -- --transport embedded`: the replay on the bus in the database of `connectionString`. */
export async function replayEmbeddedDeadLetters(
  connectionString: string,
  dlqTopic: string,
  options: ReplayOptions & { schema?: string } = {},
): Promise<number> {
  const producer = new EmbeddedBusProducer({
    connectionString,
    schema: options.schema ?? DEFAULT_BUS_SCHEMA,
    applicationName: 'baton-dlq-replay',
    poolSize: 2,
  });
  try {
    return await replayDeadLetters(producer, dlqTopic, options);
  } finally {
    await producer.close();
  }
}

function toOriginal(message: ReceivedMessage): BusMessage {
  const topic = message.headers['dlq-original-topic'];
  if (!topic) {
    throw new Error(
      `${message.topic} partition ${message.partition} offset ${message.offset}: no dlq-original-topic header, cannot replay`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (!name.startsWith('dlq-')) headers[name] = value;
  return { topic, key: message.key, headers, value: message.value };
}
