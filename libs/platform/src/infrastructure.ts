import type { EventStore } from '@baton/eventstore';
import { PostgresEventStore } from '@baton/eventstore';
import { KurrentDbEventStore } from '@baton/eventstore/kurrentdb';
import {
  ALL_TOPIC_SPECS,
  createKafka,
  EmbeddedBusProducer,
  ensureEmbeddedTopics,
  ensureTopics,
  guardCheckedOutClients,
  KafkaBusProducer,
  type BusProducer,
  type BusServer,
  type BusServerOptions,
  EmbeddedBusServer,
  KafkaBusServer,
} from '@baton/messaging';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { ServiceConfig } from './config';
import { kafkaLogCreator } from './logging';

/** The event store of the deployment: PostgreSQL (embedded default) or KurrentDB (distributed). */
export async function openEventStore(config: ServiceConfig, logger: Logger): Promise<EventStore> {
  if (config.EVENT_STORE === 'kurrentdb') return new KurrentDbEventStore(config.KURRENTDB_URL!);
  return PostgresEventStore.create({
    connectionString: config.DATABASE_URL,
    schema: config.EVENT_STORE_SCHEMA,
    logger: logger.child({ component: 'eventstore' }),
  });
}

export interface ClosableProducer extends BusProducer {
  close(): Promise<void>;
}

/**
 * The consuming side of the deployment's bus: a Kafka consumer group, or the embedded transport on
 * PostgreSQL (`schema`: the bus schema, `bus` by default). The service's Nest microservice listens on it.
 */
export function openBusServer(
  config: ServiceConfig,
  service: string,
  logger: Logger,
  consumed: BusServerOptions,
  options: { schema?: string } = {},
): BusServer {
  return config.BUS === 'kafka'
    ? new KafkaBusServer({
        ...consumed,
        brokers: config.KAFKA_BROKERS!.split(','),
        clientId: service,
        logCreator: kafkaLogCreator(logger),
      })
    : new EmbeddedBusServer({
        ...consumed,
        connectionString: config.DATABASE_URL,
        ...(options.schema && { schema: options.schema }),
        applicationName: `${service}-bus`,
      });
}

/** The bus of the deployment: the embedded transport on PostgreSQL, or Kafka. */
export function openBusProducer(config: ServiceConfig, service: string, logger: Logger): ClosableProducer {
  if (config.BUS === 'kafka') {
    const producer = new KafkaBusProducer(
      createKafka({
        brokers: config.KAFKA_BROKERS!.split(','),
        clientId: service,
        logCreator: kafkaLogCreator(logger),
      }),
    );
    return { send: (m) => producer.send(m), close: () => producer.disconnect() };
  }
  const producer = new EmbeddedBusProducer({
    connectionString: config.DATABASE_URL,
    applicationName: `${service}-bus`,
    logger: logger.child({ component: 'bus' }),
  });
  return { send: (m) => producer.send(m), close: () => producer.close() };
}

/** Creates the contracts' topics (and their dead-letter topics) if missing, on Kafka or the embedded bus. */
export async function ensureBusTopics(
  config: ServiceConfig,
  service: string,
  logger: Logger,
  pool: Pool,
): Promise<void> {
  if (config.BUS === 'kafka') {
    const admin = createKafka({
      brokers: config.KAFKA_BROKERS!.split(','),
      clientId: `${service}-admin`,
      logCreator: kafkaLogCreator(logger),
    }).admin();
    await admin.connect();
    try {
      await ensureTopics(admin, ALL_TOPIC_SPECS);
    } finally {
      await admin.disconnect();
    }
  } else {
    await ensureEmbeddedTopics(pool, 'bus', ALL_TOPIC_SPECS);
  }
}

/**
 * The service's read-model database: its own schema first on the search path, so read-model tables and
 * projection checkpoints stay in it. Connections killed mid-transaction never crash the process.
 */
export async function openDataSource(
  config: ServiceConfig,
  options: {
    schema: string;
    service: string;
    entities: MixedList<string | EntitySchema | (new () => unknown)>;
    poolSize?: number;
  },
): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: options.schema,
    entities: options.entities,
    synchronize: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.service,
      options: `-c search_path=${options.schema},public`,
    },
  });
  await dataSource.initialize();
  guardCheckedOutClients((dataSource.driver as unknown as { master: Pool }).master);
  return dataSource;
}

/** The pg pool under a TypeORM data source, for plain SQL and `migrateSchema`. */
export const poolOf = (dataSource: DataSource): Pool =>
  (dataSource.driver as unknown as { master: Pool }).master;
