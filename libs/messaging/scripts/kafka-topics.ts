/**
 * Deploy step: creates every topic declared in libs/contracts/src/topics.ts (and its `.dlq` topic) on the Kafka cluster,
 * or raises its partition count to the declared one. Services also do this on start unless told not to.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run kafka:topics
 */
import { createKafka, ensureTopics } from '../src/kafka/kafka-bus';
import { ALL_TOPIC_SPECS } from '../src/topics';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (!brokers.length) throw new Error('KAFKA_BROKERS is not set (e.g. KAFKA_BROKERS=127.0.0.1:9092)');
  const topics = ALL_TOPIC_SPECS;
  const admin = createKafka({ brokers, clientId: 'baton-topics' }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics);
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
    for (const t of metadata.topics) process.stdout.write(`${t.name}\t${t.partitions.length} partitions\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`kafka:topics failed: ${(error as Error).message}\n`);
  process.exit(1);
});
