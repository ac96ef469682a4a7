import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { BusProducer, ReceivedMessage } from '../bus';
import type { ServerSpec, TransportHarness } from '../testing/transport-harness';
import { dlqTopicOf, isDlqTopic, type TopicSpec } from '../topics';
import { replayDeadLetters } from './embedded-dlq-replay';
import {
  EmbeddedBusProducer,
  ensureEmbeddedTopics,
  guardCheckedOutClients,
  partitionCounts,
  readPartition,
} from './embedded-bus';
import { EmbeddedBusServer, type EmbeddedBusServerOptions } from './embedded-bus-server';
import { DEFAULT_BUS_SCHEMA, migrateBusSchema } from './schema';

export interface EmbeddedHarnessOptions {
  /**
   * What `outage()` takes down. `bus` (default): the bus connections only, like a Kafka broker outage
   * (handlers' existing connections to the same database survive; new ones are refused while it lasts).
   * `database`: every connection to the database, as when the one PostgreSQL of an embedded deployment
   * goes away.
   */
  readonly outage?: 'bus' | 'database';
  /** Server settings for the tests: short timeouts so takeovers and restarts happen within seconds. */
  readonly server?: Partial<
    Pick<
      EmbeddedBusServerOptions,
      | 'heartbeatMs'
      | 'sessionTimeoutMs'
      | 'pollIntervalMs'
      | 'restartDelayMs'
      | 'maxBatchSize'
      | 'partitionsConsumedConcurrently'
      | 'logger'
    >
  >;
}

/**
 * The transport contract suite's view of the embedded bus, on the database of `connectionString`.
 * Every connection the harness (and the servers and producers it makes) opens carries one
 * `application_name`, which is how `outage()` finds the bus's connections.
 */
export function embeddedHarness(
  connectionString: string,
  schema: string = DEFAULT_BUS_SCHEMA,
  options: EmbeddedHarnessOptions = {},
): TransportHarness {
  const applicationName = `baton-bus-harness-${randomBytes(4).toString('hex')}`;
  const database = decodeURIComponent(new URL(connectionString).pathname.slice(1));
  const pool = new Pool({ connectionString, application_name: applicationName, max: 4 });
  pool.on('error', () => undefined); // idle connections killed by outage(): the pool replaces them
  guardCheckedOutClients(pool);
  let migrated: Promise<void> | undefined;
  const ready = () =>
    (migrated ??= migrateBusSchema(pool, schema).catch((e) => ((migrated = undefined), Promise.reject(e))));
  const servers = new Set<EmbeddedBusServer>();
  const producers = new Set<EmbeddedBusProducer>();
  let restoreOutage: (() => Promise<void>) | undefined;

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const url = new URL(connectionString);
    url.pathname = '/postgres';
    const client = new Client({
      connectionString: url.toString(),
      application_name: `${applicationName}-admin`,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const producer = () => {
    const p = new EmbeddedBusProducer({ connectionString, schema, applicationName, poolSize: 4 });
    producers.add(p);
    return p;
  };

  return {
    name: 'embedded',

    createServer(spec: ServerSpec): EmbeddedBusServer {
      const server = new EmbeddedBusServer({
        connectionString,
        schema,
        applicationName,
        poolSize: 6,
        group: spec.group,
        memberId: spec.memberId,
        topics: spec.topics,
        dataSource: spec.dataSource,
        contracts: spec.contracts,
        retry: spec.retry,
        hooks: spec.hooks,
        heartbeatMs: 200,
        sessionTimeoutMs: 3000,
        pollIntervalMs: 200,
        restartDelayMs: 500,
        ...options.server,
        ...(spec.maxBatchSize !== undefined && { maxBatchSize: spec.maxBatchSize }),
      });
      servers.add(server);
      return server;
    },

    async createProducer(): Promise<BusProducer & { close(): Promise<void> }> {
      const p = producer();
      await p.connect();
      return p;
    },

    async createTopics(topics: readonly TopicSpec[]): Promise<void> {
      await ready();
      await ensureEmbeddedTopics(pool, schema, [
        ...topics,
        ...topics
          .filter((t) => !isDlqTopic(t.name))
          .map((t) => ({ name: dlqTopicOf(t.name), partitions: 1 })),
      ]);
    },

    async readTopic(topic: string): Promise<ReceivedMessage[]> {
      await ready();
      const count = (await partitionCounts(pool, schema, [topic])).get(topic) ?? 0;
      const out: ReceivedMessage[] = [];
      for (let partition = 0; partition < count; partition++) {
        for (let from = 0n; ;) {
          const page = await readPartition(pool, schema, topic, partition, from, 1000);
          out.push(...page);
          if (page.length < 1000) break;
          from = BigInt(page[page.length - 1].offset) + 1n;
        }
      }
      return out;
    },

    async outage(): Promise<() => Promise<void>> {
      if (restoreOutage) throw new Error('an outage is already under way');
      await admin(async (client) => {
        await client.query(`ALTER DATABASE ${quoteDb(database)} ALLOW_CONNECTIONS false`);
        await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND ($2::text IS NULL OR application_name = $2)`,
          [database, options.outage === 'database' ? null : applicationName],
        );
      });
      const restore = async () => {
        if (restoreOutage !== restore) return;
        await admin((client) => client.query(`ALTER DATABASE ${quoteDb(database)} ALLOW_CONNECTIONS true`));
        restoreOutage = undefined;
      };
      restoreOutage = restore;
      return restore;
    },

    async replayDeadLetters(dlqTopic: string): Promise<number> {
      const p = producer();
      try {
        return await replayDeadLetters(p, dlqTopic);
      } finally {
        producers.delete(p);
        await p.close();
      }
    },

    async close(): Promise<void> {
      await restoreOutage?.();
      await Promise.all([...servers].map((s) => s.close().catch(() => undefined)));
      await Promise.all([...producers].map((p) => p.close().catch(() => undefined)));
      servers.clear();
      producers.clear();
      await pool.end();
    },
  };
}

function quoteDb(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
