import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import type { BusMessage } from '../bus';
import { createBusMicroservice } from '../bus-exception-filter';
import { BusContext } from '../context';
import { toBusMessage, type IntegrationEvent } from '../envelope';
import { SimulatedCrash } from '../errors';
import type { ContractCheck } from '../processor';
import type { TopicSpec } from '../topics';
import { EmbeddedBusClient } from './embedded-bus-client';
import { EmbeddedBusProducer, ensureEmbeddedTopics, readPartition, UnknownTopicError } from './embedded-bus';
import { assignPartitions, EmbeddedBusServer, type EmbeddedBusServerOptions } from './embedded-bus-server';
import { embeddedHarness } from './embedded-harness';
import { partitionForKey } from './murmur2';
import { migrateBusSchema } from './schema';

const TYPE = 'embedded-test.noted.v1';
type Noted = { key: string; seq: number };

const contracts: ContractCheck = {
  has: (type) => type === TYPE,
  validate: () => ({ ok: true }),
};

/** Seconds each handler spends inside its transaction (so an outage hits it mid-way). */
let handlerSleep = 0;

@Controller()
class NotedHandler {
  @EventPattern(TYPE)
  async onNoted(@Payload() event: IntegrationEvent<Noted>, @Ctx() ctx: BusContext): Promise<void> {
    const m = ctx.getMessage();
    if (handlerSleep) await ctx.getManager().query('SELECT pg_sleep($1)', [handlerSleep]);
    await ctx
      .getManager()
      .query(
        'INSERT INTO effects (event_id, key, seq, topic, partition, "offset", member) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [event.id, event.data.key, event.data.seq, m.topic, m.partition, m.offset, ctx.getMember()],
      );
  }
}

@Module({ controllers: [NotedHandler] })
class TestModule {}

function noted(topic: string, key: string, seq: number): BusMessage {
  return toBusMessage(topic, {
    id: randomUUID(),
    source: '/baton/embedded-test',
    type: TYPE,
    specversion: '1.0',
    subject: key,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { key, seq },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('Embedded bus (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let dataSource: DataSource;
  const schema = 'bus';
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('bus_embedded');
    pool = new Pool({ connectionString: db.url, max: 20 });
    pool.on('error', () => undefined); // idle connections ended by the outage test
    await migrateBusSchema(pool, schema);
    dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 10 } });
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE effects (id bigserial PRIMARY KEY, event_id text, key text, seq int, topic text, partition int,
        "offset" bigint, member text)`,
    );
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pool?.end();
    await db?.drop();
  });

  const newTopic = (partitions: number): TopicSpec => ({ name: `t-${randomUUID().slice(0, 8)}`, partitions });

  function producer(): EmbeddedBusProducer {
    const p = new EmbeddedBusProducer({ connectionString: db.url, schema, poolSize: 4 });
    closers.push(() => p.close());
    return p;
  }

  async function consumer(
    options: Partial<EmbeddedBusServerOptions> & Pick<EmbeddedBusServerOptions, 'group' | 'topics'>,
  ) {
    const server = new EmbeddedBusServer({
      connectionString: db.url,
      schema,
      dataSource,
      contracts,
      heartbeatMs: 100,
      sessionTimeoutMs: 1500,
      pollIntervalMs: 100,
      restartDelayMs: 300,
      retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 },
      ...options,
    });
    const app: INestMicroservice = await createBusMicroservice(TestModule, server, { logger: false });
    closers.push(() => app.close());
    await app.listen();
    return { app, server };
  }

  async function effects(
    topic: string,
  ): Promise<
    { event_id: string; key: string; seq: number; member: string; offset: string; partition: number }[]
  > {
    return dataSource.query(
      'SELECT event_id, key, seq, member, "offset", partition FROM effects WHERE topic = $1 ORDER BY id',
      [topic],
    );
  }

  const committed = async (group: string, topic: string) =>
    (
      await pool.query(
        `SELECT partition, committed_offset::int AS o FROM ${schema}.committed_offsets WHERE consumer_group = $1 AND topic = $2`,
        [group, topic],
      )
    ).rows.reduce((n: number, r: { o: number }) => n + r.o, 0);

  describe('producing', () => {
    it('numbers offsets densely, in commit order, per partition under 8 concurrent producers', async () => {
      const topic = newTopic(4);
      await ensureEmbeddedTopics(pool, schema, [topic]);
      const producers = Array.from({ length: 8 }, () => producer());
      const keys = Array.from({ length: 12 }, (_, i) => `firm-${i}`);
      const sent: { producer: number; key: string; seq: number }[] = [];
      await Promise.all(
        producers.map(async (p, n) => {
          for (let send = 0; send < 25; send++) {
            const batch = Array.from({ length: 1 + ((n + send) % 4) }, (_, i) => {
              const entry = { producer: n, key: keys[(send + i + n) % keys.length], seq: send * 10 + i };
              sent.push(entry);
              return {
                topic: topic.name,
                key: entry.key,
                headers: { p: String(n) },
                value: Buffer.from(JSON.stringify(entry)),
              };
            });
            await p.send(batch);
          }
        }),
      );
      const read = [];
      for (let partition = 0; partition < 4; partition++) {
        const messages = await readPartition(pool, schema, topic.name, partition, 0n, 10000);
        expect(messages.map((m) => Number(m.offset))).toEqual(messages.map((_, i) => i)); // no gaps, no dupes
        for (const m of messages) expect(m.partition).toBe(partitionForKey(m.key, 4));
        read.push(...messages);
      }
      expect(read).toHaveLength(sent.length);
      const bodies = read.map(
        (m) => JSON.parse(m.value.toString()) as { producer: number; key: string; seq: number },
      );
      expect(new Set(bodies.map((b) => `${b.producer}/${b.seq}`)).size).toBe(sent.length);
      // One producer's messages of one key appear in the order it sent them.
      const last = new Map<string, number>();
      for (const b of bodies) {
        const id = `${b.producer}/${b.key}`;
        expect(b.seq).toBeGreaterThan(last.get(id) ?? -1);
        last.set(id, b.seq);
      }
      const { rows } = await pool.query(
        `SELECT partition, next_offset::int AS next FROM ${schema}.partitions WHERE topic = $1 ORDER BY partition`,
        [topic.name],
      );
      for (const row of rows) expect(row.next).toBe(read.filter((m) => m.partition === row.partition).length);
    });

    it('writes nothing when a send names an unknown topic (all or nothing)', async () => {
      const topic = newTopic(2);
      await ensureEmbeddedTopics(pool, schema, [topic]);
      const p = producer();
      const batch = [
        noted(topic.name, 'firm-1', 0),
        noted(topic.name, 'firm-2', 0),
        noted('no-such-topic', 'firm-1', 1),
      ];
      await expect(p.send(batch)).rejects.toBeInstanceOf(UnknownTopicError);
      await expect(p.send(batch)).rejects.toThrow(/Unknown topic "no-such-topic"/);
      const harness = embeddedHarness(db.url, schema);
      closers.push(() => harness.close());
      expect(await harness.readTopic(topic.name)).toEqual([]);
      const produced = await p.produce([noted(topic.name, 'firm-1', 0)]);
      expect(produced[0].offset).toBe('0');
    });

    it('grows partitions but never shrinks them, and refuses invalid topics', async () => {
      const topic = newTopic(2);
      await ensureEmbeddedTopics(pool, schema, [topic]);
      await ensureEmbeddedTopics(pool, schema, [{ ...topic, partitions: 5 }]);
      await ensureEmbeddedTopics(pool, schema, [{ ...topic, partitions: 3 }]);
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM ${schema}.partitions WHERE topic = $1`,
        [topic.name],
      );
      expect(rows[0].n).toBe(5);
      await expect(
        ensureEmbeddedTopics(pool, schema, [{ name: 'bad topic', partitions: 1 }]),
      ).rejects.toThrow(/Invalid topic/);
      await expect(ensureEmbeddedTopics(pool, schema, [{ name: 'ok', partitions: 0 }])).rejects.toThrow(
        /positive/,
      );
    });

    it('migrates once when many start at the same time', async () => {
      await Promise.all(Array.from({ length: 4 }, () => migrateBusSchema(pool, 'bus_concurrent')));
      const { rows } = await pool.query('SELECT version FROM bus_concurrent.migrations');
      expect(rows.map((r) => r.version)).toEqual([1]);
    });

    it('emits through Nest’s ClientProxy API (events only)', async () => {
      const topic = newTopic(1);
      await ensureEmbeddedTopics(pool, schema, [topic]);
      const client = new EmbeddedBusClient({ connectionString: db.url, schema });
      closers.push(() => client.close());
      await lastValueFrom(client.emit(TYPE, noted(topic.name, 'firm-1', 0)), { defaultValue: undefined });
      expect(await readPartition(pool, schema, topic.name, 0, 0n, 10)).toHaveLength(1);
      await expect(lastValueFrom(client.send(TYPE, {}))).rejects.toThrow(
        /request-response is not supported/i,
      );
    });
  });

  describe('consumer groups', () => {
    it('assigns partition i of the sorted list to member i mod n', () => {
      const counts = new Map([
        ['b', 2],
        ['a', 3],
      ]);
      const assigned = assignPartitions(counts, ['m2', 'm1']);
      expect(assigned.get('m1')).toEqual([
        { topic: 'a', partition: 0 },
        { topic: 'a', partition: 2 },
        { topic: 'b', partition: 1 },
      ]);
      expect(assigned.get('m2')).toEqual([
        { topic: 'a', partition: 1 },
        { topic: 'b', partition: 0 },
      ]);
    });

    it('spreads the partitions evenly over 2, then 3 members, and back over 2 when one leaves', async () => {
      const topics = [newTopic(6), newTopic(3)];
      const group = `g-${randomUUID().slice(0, 8)}`;
      const members = [
        await consumer({ group, topics, memberId: 'm1' }),
        await consumer({ group, topics, memberId: 'm2' }),
      ];
      const spread = (sizes: number[]) =>
        waitFor(`assignment ${sizes}`, () => {
          const now = members.map((m) => m.server.assignment());
          const all = now.flat().map((tp) => `${tp.topic}/${tp.partition}`);
          const even = JSON.stringify(now.map((a) => a.length).sort()) === JSON.stringify(sizes);
          return even && new Set(all).size === 9 ? now : undefined;
        });
      await spread([4, 5]);
      members.push(await consumer({ group, topics, memberId: 'm3' }));
      await spread([3, 3, 3]);

      const p = producer();
      const messages = topics.flatMap((t) =>
        Array.from({ length: 30 }, (_, i) => noted(t.name, `firm-${i % 10}`, Math.floor(i / 10))),
      );
      await p.send(messages);
      const handled = await waitFor('all handled', async () => {
        const rows = [...(await effects(topics[0].name)), ...(await effects(topics[1].name))];
        return rows.length >= 60 ? rows : undefined;
      });
      expect(new Set(handled.map((r) => r.event_id)).size).toBe(60);
      expect(new Set(handled.map((r) => r.member))).toEqual(new Set(['m1', 'm2', 'm3']));

      const leaving = members.pop()!;
      await leaving.app.close(); // leaves the group and releases its leases: no session timeout to wait for
      const started = Date.now();
      await spread([4, 5]);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('takes over the partitions of a member that died, after its session timed out, with no second effect', async () => {
      const topic = newTopic(2);
      const group = `g-${randomUUID().slice(0, 8)}`;
      let diedAt = 0;
      const doomed = await consumer({
        group,
        topics: [topic],
        memberId: 'a-doomed',
        maxBatchSize: 1,
        hooks: {
          afterEffect: (message) => {
            const { seq } = JSON.parse(message.value.toString()) as Noted;
            if (!diedAt && seq === 3) {
              diedAt = Date.now();
              throw new SimulatedCrash('after its effect, before the offset commit');
            }
          },
        },
      });
      const survivor = await consumer({ group, topics: [topic], memberId: 'b-survivor' });
      await waitFor('one partition each', () =>
        doomed.server.assignment().length === 1 && survivor.server.assignment().length === 1
          ? true
          : undefined,
      );
      const doomedPartition = doomed.server.assignment()[0].partition;
      const key = Array.from({ length: 50 }, (_, i) => `firm-${i}`).find(
        (k) => partitionForKey(k, 2) === doomedPartition,
      )!;
      await producer().send(Array.from({ length: 8 }, (_, seq) => noted(topic.name, key, seq)));

      await waitFor('the death', () => (diedAt ? true : undefined));
      expect(doomed.server.health()).toMatchObject({
        status: 'down',
        detail: expect.stringMatching(/crashed/),
      });
      await waitFor(
        'the takeover',
        () => (survivor.server.assignment().length === 2 ? true : undefined),
        10000,
      );
      const takeoverMs = Date.now() - diedAt;
      expect(takeoverMs).toBeGreaterThan(1500 - 300); // its lease had to expire (last renewal ≤ 1 heartbeat before)
      expect(takeoverMs).toBeLessThan(1500 + 1500);

      const rows = await waitFor('8 effects', async () => {
        const r = await effects(topic.name);
        return r.length >= 8 && (await committed(group, topic.name)) === 8 ? r : undefined;
      });
      await sleep(300);
      expect(await effects(topic.name)).toHaveLength(8);
      expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // seq 3's effect was the doomed member's; the survivor got it again (offset not committed) and the inbox
      // absorbed it; the survivor handled the rest.
      expect(rows.filter((r) => r.member === 'a-doomed').map((r) => r.seq)).toEqual([0, 1, 2, 3]);
      expect(rows.filter((r) => r.member === 'b-survivor').map((r) => r.seq)).toEqual([4, 5, 6, 7]);
    });

    it('fences a member whose lease was taken: it commits nothing more and stops consuming the partition', async () => {
      const topic = newTopic(1);
      const group = `g-${randomUUID().slice(0, 8)}`;
      const { server } = await consumer({ group, topics: [topic], memberId: 'victim' });
      const p = producer();
      await p.send([noted(topic.name, 'firm-1', 0)]);
      await waitFor('first effect', async () =>
        (await committed(group, topic.name)) === 1 ? true : undefined,
      );
      await pool.query(
        `UPDATE ${schema}.leases SET owner = 'thief', lease_until = now() + interval '1 hour' WHERE consumer_group = $1`,
        [group],
      );
      await waitFor('the victim letting go', () => (server.assignment().length === 0 ? true : undefined));
      await p.send([noted(topic.name, 'firm-1', 1)]);
      await sleep(600);
      expect(await effects(topic.name)).toHaveLength(1);
      expect(await committed(group, topic.name)).toBe(1);
      expect(server.health().status).toBe('up');
    });
  });

  describe('outage of the one PostgreSQL (bus and handlers in the same database)', () => {
    afterEach(() => (handlerSleep = 0));

    it('does not dead-letter a message whose handler was cut off by the outage', async () => {
      const harness = embeddedHarness(db.url, schema, {
        outage: 'database',
        server: {
          heartbeatMs: 100,
          sessionTimeoutMs: 1500,
          pollIntervalMs: 100,
          restartDelayMs: 300,
          maxBatchSize: 1,
        },
      });
      closers.push(() => harness.close());
      const topic = newTopic(1);
      await harness.createTopics([topic]);
      const server = harness.createServer({
        group: `g-${randomUUID().slice(0, 8)}`,
        topics: [topic],
        dataSource,
        contracts,
        memberId: 'm',
        retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
      });
      const app = await createBusMicroservice(TestModule, server, { logger: false });
      closers.push(() => app.close());
      await app.listen();
      const p = await harness.createProducer();
      closers.push(() => p.close());
      handlerSleep = 0.3;
      await p.send(Array.from({ length: 6 }, (_, i) => noted(topic.name, 'firm-1', i)));
      await waitFor('the first effect', async () =>
        (await effects(topic.name)).length >= 1 ? true : undefined,
      );
      await sleep(100); // the next handler is inside its transaction now
      const restore = await harness.outage();
      await sleep(1000);
      await restore();
      const rows = await waitFor('6 effects', async () => {
        const r = await effects(topic.name);
        return r.length >= 6 ? r : undefined;
      });
      expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await harness.readTopic(`${topic.name}.dlq`)).toEqual([]);
    }, 30000);

    it('loses nothing and doubles nothing, and dead-letters nothing', async () => {
      const harness = embeddedHarness(db.url, schema, {
        outage: 'database',
        server: { heartbeatMs: 100, sessionTimeoutMs: 1500, pollIntervalMs: 100, restartDelayMs: 300 },
      });
      closers.push(() => harness.close());
      const topic = newTopic(3);
      await harness.createTopics([topic]);
      const group = `g-${randomUUID().slice(0, 8)}`;
      const server = harness.createServer({
        group,
        topics: [topic],
        dataSource,
        contracts,
        memberId: 'm',
        retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
      });
      const app = await createBusMicroservice(TestModule, server, { logger: false });
      closers.push(() => app.close());
      await app.listen();
      const p = await harness.createProducer();
      closers.push(() => p.close());

      const messages = Array.from({ length: 90 }, (_, i) =>
        noted(topic.name, `firm-${i % 9}`, Math.floor(i / 9)),
      );
      let sent = 0;
      const sending = (async () => {
        for (; sent < messages.length; sent += 5) {
          await p.send(messages.slice(sent, sent + 5)); // retried by the producer while the database is away
          await sleep(20);
        }
      })();
      await waitFor('some effects', async () =>
        (await effects(topic.name)).length >= 10 ? true : undefined,
      );
      const restore = await harness.outage();
      await sleep(2000);
      await restore();
      await sending;
      const rows = await waitFor('90 effects', async () => {
        const r = await effects(topic.name);
        return r.length >= 90 ? r : undefined;
      });
      await sleep(500);
      expect(await effects(topic.name)).toHaveLength(90);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(90);
      expect(await harness.readTopic(`${topic.name}.dlq`)).toEqual([]);
      expect(server.health().crashes).toBeGreaterThan(0);
      await waitFor('health up', () => (server.health().status === 'up' ? true : undefined));
    }, 30000);
  });
});
