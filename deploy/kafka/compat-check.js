// kafkajs <-> broker compatibility check behind docs/adr/0005-kafka-broker-version-for-kafkajs.md.
//
//   bash deploy/kafka/kafka.sh start                     # or KAFKA_VERSION=3.9.2 bash deploy/kafka/kafka.sh start
//   node deploy/kafka/compat-check.js 127.0.0.1:9092
//
// Runs every kafkajs feature Baton may lean on against a real broker, one step at a time, and
// prints PASS/FAIL per step (exact error on failure), then every protocol API version kafkajs
// actually sent. Exit code 1 when a required step failed. Not part of the test suite.
'use strict';

const { Kafka, logLevel, CompressionTypes } = require('kafkajs');
const { requests: kafkajsRequests } = require('kafkajs/src/protocol/requests');
const kafkajsApiKeys = require('kafkajs/src/protocol/requests/apiKeys');
const { randomBytes } = require('node:crypto');
const net = require('node:net');

const broker = process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:9092';
const run = randomBytes(4).toString('hex');
const topic = `compat-${run}`;
const autoTopic = `compat-auto-${run}`;
const txTopic = `compat-tx-${run}`;
const group = `compat-group-${run}`;
const KEYS = ['case-a', 'case-b', 'case-c', 'case-d', 'case-e'];
const PER_KEY = 6;

const apiVersions = new Map();
const results = [];

const kafka = new Kafka({
  clientId: 'baton-compat-check',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  retry: { retries: 3 },
});

function track(client) {
  client.on(client.events.REQUEST, ({ payload }) => {
    apiVersions.set(payload.apiName, Math.max(apiVersions.get(payload.apiName) ?? -1, payload.apiVersion));
  });
  return client;
}

async function step(name, fn, { required = true } = {}) {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, required });
    console.log(`PASS ${name} (${Date.now() - started} ms)${detail ? `: ${detail}` : ''}`);
  } catch (err) {
    results.push({ name, ok: false, required });
    const type = err && err.type ? ` [${err.type}]` : '';
    const groups =
      err && Array.isArray(err.groups)
        ? ` ${JSON.stringify(err.groups.map((g) => [g.groupId, g.errorCode, g.error && g.error.type]))}`
        : '';
    console.log(
      `FAIL ${name}${required ? '' : ' (optional)'}: ${err && err.name}: ${err && err.message}${type}${groups}`,
    );
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Consume until `count` messages arrived (or timeout); returns them in arrival order. */
async function consumeAll(consumer, topics, count, ms) {
  const got = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic: t, partition, message }) => {
      got.push({
        topic: t,
        partition,
        key: message.key?.toString(),
        value: message.value?.toString(),
        offset: message.offset,
      });
      if (got.length >= count) done();
    },
  });
  await withTimeout(finished, ms, `${got.length}/${count} messages consumed`);
  return got;
}

/** Raw ApiVersions v0 request: the broker's advertised [min, max] per API key. */
function brokerApiVersions(hostPort) {
  const [host, port] = hostPort.split(':');
  const clientId = Buffer.from('compat');
  const body = Buffer.alloc(10 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2); // v0
  body.writeInt32BE(1, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const socket = net.connect(Number(port), host, () => socket.write(Buffer.concat([size, body])));
    socket.setTimeout(5000, () => socket.destroy(new Error('ApiVersions timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      socket.end();
      const ranges = {};
      const count = buf.readInt32BE(10);
      for (let i = 0, o = 14; i < count; i++, o += 6) {
        ranges[buf.readInt16BE(o)] = [buf.readInt16BE(o + 2), buf.readInt16BE(o + 4)];
      }
      resolve(ranges);
    });
  });
}

function messages() {
  const out = [];
  for (let i = 0; i < PER_KEY; i++)
    for (const key of KEYS) out.push({ key, value: JSON.stringify({ key, seq: i }) });
  return out;
}

function checkOrder(got) {
  const seen = new Map();
  for (const m of got) {
    const { key, seq } = JSON.parse(m.value);
    if (key !== m.key) throw new Error(`key mismatch ${m.key} vs ${key}`);
    const expected = seen.get(key) ?? 0;
    if (seq !== expected) throw new Error(`out of order for ${key}: got seq ${seq}, expected ${expected}`);
    seen.set(key, expected + 1);
  }
}

async function main() {
  console.log(`kafkajs ${require('kafkajs/package.json').version} against ${broker}`);
  const admin = track(kafka.admin());
  const clients = [admin];
  try {
    await step('admin connect + describeCluster', async () => {
      await admin.connect();
      const c = await admin.describeCluster();
      return `brokers=${c.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(',')} controller=${c.controller}`;
    });

    await step('admin createTopics (3 partitions, waitForLeaders)', async () => {
      const created = await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: 3,
            replicationFactor: 1,
            configEntries: [{ name: 'retention.ms', value: '3600000' }],
          },
        ],
        waitForLeaders: true,
      });
      if (!created) throw new Error('createTopics returned false');
    });

    await step('admin listTopics + fetchTopicMetadata', async () => {
      if (!(await admin.listTopics()).includes(topic)) throw new Error('topic not listed');
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      return `partitions=${md.topics[0].partitions.length}`;
    });

    await step('admin describeConfigs (topic)', async () => {
      const res = await admin.describeConfigs({
        resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
        includeSynonyms: false,
      });
      return `retention.ms=${res.resources[0].configEntries[0].configValue}`;
    });

    const producer = track(kafka.producer({ idempotent: true, maxInFlightRequests: 1 }));
    clients.push(producer);
    await step('idempotent producer send (30 keyed messages, acks=-1)', async () => {
      await producer.connect();
      const sent = messages();
      for (let i = 0; i < sent.length; i += 10)
        await producer.send({ topic, acks: -1, messages: sent.slice(i, i + 10) });
      return `${sent.length} sent`;
    });

    await step('idempotent producer sendBatch + GZIP compression', async () => {
      await producer.sendBatch({
        compression: CompressionTypes.GZIP,
        topicMessages: [
          { topic, messages: [{ key: 'case-z', value: JSON.stringify({ key: 'case-z', seq: 0 }) }] },
        ],
      });
    });

    await step('admin fetchTopicOffsets', async () => {
      const offs = await admin.fetchTopicOffsets(topic);
      const total = offs.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      if (total !== 31) throw new Error(`expected 31 records, offsets say ${total}`);
      return `high watermarks ${offs.map((p) => p.high).join(',')}`;
    });

    const c1 = track(kafka.consumer({ groupId: group }));
    clients.push(c1);
    await step('consumer group: consume all from beginning, per-key order', async () => {
      await c1.connect();
      const got = await consumeAll(c1, [topic], 31, 60_000);
      checkOrder(got);
      return `${got.length} messages, partitions ${[...new Set(got.map((m) => m.partition))].sort().join(',')}`;
    });

    await step('admin describeGroups + listGroups (group is Stable)', async () => {
      const d = await admin.describeGroups([group]);
      const listed = (await admin.listGroups()).groups.some((g) => g.groupId === group);
      return `state=${d.groups[0].state} protocol=${d.groups[0].protocol} members=${d.groups[0].members.length} listed=${listed}`;
    });

    await step('consumer disconnect (LeaveGroup) + admin fetchOffsets (committed)', async () => {
      await c1.disconnect();
      const offs = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const committed = offs[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
      if (committed !== 31) throw new Error(`committed offsets sum to ${committed}, expected 31`);
      return `committed ${offs[0].partitions.map((p) => `${p.partition}:${p.offset}`).join(' ')}`;
    });

    await step('two consumers in one group split the partitions (rebalance)', async () => {
      const g2 = `${group}-pair`;
      const a = track(kafka.consumer({ groupId: g2 }));
      const b = track(kafka.consumer({ groupId: g2 }));
      clients.push(a, b);
      const assigned = { a: [], b: [] };
      const seen = new Set();
      let done;
      const all = new Promise((r) => (done = r));
      // Done when every record was read and the latest assignments are disjoint and cover 0..2.
      const check = () => {
        const union = new Set([...assigned.a, ...assigned.b]);
        const disjoint = assigned.a.every((p) => !assigned.b.includes(p));
        if (seen.size >= 31 && assigned.a.length && assigned.b.length && disjoint && union.size === 3) done();
      };
      a.on(a.events.GROUP_JOIN, (e) => ((assigned.a = e.payload.memberAssignment[topic] ?? []), check()));
      b.on(b.events.GROUP_JOIN, (e) => ((assigned.b = e.payload.memberAssignment[topic] ?? []), check()));
      for (const c of [a, b]) {
        await c.connect();
        await c.subscribe({ topics: [topic], fromBeginning: true });
        await c.run({
          eachMessage: async ({ partition, message }) => {
            seen.add(`${partition}:${message.offset}`);
            check();
          },
        });
      }
      try {
        await withTimeout(all, 60_000, `pair saw ${seen.size}/31, a=[${assigned.a}] b=[${assigned.b}]`);
      } finally {
        await Promise.all([a.disconnect(), b.disconnect()]);
      }
      return `a=[${assigned.a}] b=[${assigned.b}] distinct records=${seen.size}`;
    });

    await step('admin resetOffsets + setOffsets + deleteGroups', async () => {
      await admin.resetOffsets({ groupId: group, topic, earliest: true });
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });
      await admin.deleteGroups([group, `${group}-pair`]);
    });

    await step('admin createPartitions (3 -> 4)', async () => {
      await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      return `partitions=${md.topics[0].partitions.length}`;
    });

    await step('auto topic creation on produce (num.partitions)', async () => {
      const p = track(kafka.producer({ allowAutoTopicCreation: true }));
      clients.push(p);
      await p.connect();
      await p.send({ topic: autoTopic, messages: [{ key: 'k', value: 'v' }] });
      await p.disconnect();
      const md = await admin.fetchTopicMetadata({ topics: [autoTopic] });
      return `partitions=${md.topics[0].partitions.length}`;
    });

    await step(
      'transactional producer commit + read_committed consumer',
      async () => {
        await admin.createTopics({ topics: [{ topic: txTopic, numPartitions: 1 }], waitForLeaders: true });
        const tp = track(
          kafka.producer({ transactionalId: `compat-tx-${run}`, idempotent: true, maxInFlightRequests: 1 }),
        );
        clients.push(tp);
        await tp.connect();
        const tx = await tp.transaction();
        await tx.send({ topic: txTopic, messages: [{ key: 'k', value: 'committed' }] });
        await tx.commit();
        await tp.disconnect();
        const c = track(kafka.consumer({ groupId: `${group}-tx`, readUncommitted: false }));
        clients.push(c);
        await c.connect();
        const got = await consumeAll(c, [txTopic], 1, 30_000);
        await c.disconnect();
        return `read ${got[0].value}`;
      },
      { required: false },
    );

    await step('admin deleteTopics', async () => {
      await admin.deleteTopics({ topics: [topic, autoTopic, txTopic] });
    });
  } finally {
    await Promise.all(clients.map((c) => c.disconnect().catch(() => {})));
  }

  console.log('\nprotocol APIs: kafkajs range | broker range | negotiated | used in this run');
  const advertised = await brokerApiVersions(broker).catch(
    (err) => (console.log(`  ApiVersions: ${err.message}`), {}),
  );
  for (const [api, def] of Object.entries(kafkajsRequests)) {
    const versions = (def.versions || []).map(Number);
    if (versions.length === 0) continue;
    const [kMin, kMax] = [Math.min(...versions), Math.max(...versions)];
    const b = advertised[kafkajsApiKeys[api]];
    const negotiated = !b
      ? 'broker lacks API'
      : Math.min(kMax, b[1]) >= Math.max(kMin, b[0])
        ? `v${Math.min(kMax, b[1])}`
        : 'NONE';
    const used = apiVersions.has(api) ? `v${apiVersions.get(api)}` : '-';
    console.log(
      `  ${api.padEnd(28)} v${kMin}-v${kMax} | ${b ? `v${b[0]}-v${b[1]}` : '-'} | ${negotiated} | ${used}`,
    );
  }
  const failed = results.filter((r) => !r.ok && r.required);
  console.log(
    `\n${results.filter((r) => r.ok).length}/${results.length} steps passed${failed.length ? `, ${failed.length} required step(s) FAILED` : ''}`,
  );
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
