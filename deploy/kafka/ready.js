// One readiness probe for deploy/kafka/kafka.sh: does the broker at argv[2] ("host:port") really
// answer Kafka requests? Connects an admin client (kafkajs, the client the code base uses), asks for
// the cluster (Metadata) and the topic list, and exits 0 when at least one broker is registered.
// Exits 1 with one line on stderr otherwise. A single attempt: kafka.sh does the retrying.
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const broker = process.argv[2];
if (!broker) {
  process.stderr.write('usage: node deploy/kafka/ready.js host:port\n');
  process.exit(2);
}

const hardTimeout = setTimeout(() => {
  process.stderr.write(`no answer from ${broker} within 10 s\n`);
  process.exit(1);
}, 10_000);
hardTimeout.unref();

async function main() {
  const kafka = new Kafka({
    clientId: 'baton-kafka-ready',
    brokers: [broker],
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) {
      throw new Error('Metadata answered without any registered broker yet');
    }
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `${err && err.name ? err.name + ': ' : ''}${err && err.message ? err.message : err}\n`,
    );
    process.exit(1);
  },
);
