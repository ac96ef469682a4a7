/**
 * Sends dead letters back to their original topic once the cause is fixed (the `dlq-*` headers are
 * dropped; key, value and CloudEvents headers are kept, so consumers' inboxes still recognise events
 * they did handle). Running it twice does not resend what it already replayed.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run dlq:replay -- --topic baton.firm-registry.v1.dlq
 *   DATABASE_URL=postgres://… npm run dlq:replay -- --transport embedded --topic baton.firm-registry.v1.dlq
 */
import { parseArgs } from 'node:util';
import { createKafka } from '../src/kafka/kafka-bus';
import { replayKafkaDeadLetters } from '../src/kafka/kafka-dlq-replay';
import { isDlqTopic } from '../src/topics';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      transport: { type: 'string' },
      brokers: { type: 'string' },
      'database-url': { type: 'string' },
      schema: { type: 'string' },
    },
  });
  const topic = values.topic;
  if (!topic || !isDlqTopic(topic))
    throw new Error('--topic <name>.dlq is required (the dead-letter topic to replay)');
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const transport = values.transport ?? (brokers.length ? 'kafka' : 'embedded');
  const progress = (done: number, total: number) => process.stderr.write(`\rreplayed ${done}/${total}`);

  let moved: number;
  if (transport === 'kafka') {
    if (!brokers.length) throw new Error('--brokers or KAFKA_BROKERS is required for the Kafka transport');
    moved = await replayKafkaDeadLetters(
      createKafka({ brokers, clientId: 'baton-dlq-replay' }),
      topic,
      progress,
    );
  } else if (transport === 'embedded') {
    const url = values['database-url'] ?? process.env.DATABASE_URL;
    if (!url) throw new Error('--database-url or DATABASE_URL is required for the embedded transport');
    const { replayEmbeddedDeadLetters } = await import('../src/embedded/embedded-dlq-replay');
    moved = await replayEmbeddedDeadLetters(url, topic, { schema: values.schema, onProgress: progress });
  } else {
    throw new Error(`--transport must be kafka or embedded, not ${JSON.stringify(transport)}`);
  }
  process.stderr.write('\n');
  process.stdout.write(`${moved} dead letter(s) replayed from ${topic}\n`);
}

main().catch((error) => {
  process.stderr.write(`dlq:replay failed: ${(error as Error).message}\n`);
  process.exit(1);
});
