import type { EventStore } from '@baton/eventstore';
import { allContracts } from '@baton/contracts';
import { createEventPublisher } from '@baton/messaging';
import {
  createLogger,
  createMetricsRegistry,
  HealthChecks,
  openBusProducer,
  openServiceDatabase,
  registerStandardChecks,
  openEventStore,
  createActorResolver,
  type ActorResolver,
  type ClosableProducer,
  type Logger,
} from '@baton/platform';
import { ProjectionRunner, registerProjectionMetrics } from '@baton/projections';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { FirmRegistryConfig } from './config';
import { FirmCommands } from './firms/firm-commands';
import { firmDirectoryProjection } from './firms/firm-directory/firm-directory.projection';
import { FirmDirectoryQuery } from './firms/firm-directory/firm-directory.query';
import { FIRM_STREAM_PREFIX } from './firms/firm.events';
import { firmPublications } from './firms/firm.published';
import { FirmImports } from './firms/import-firms/firm-imports';
import { StageProgressQuery } from './firms/stage-progress/stage-progress.query';
import { IndustryCatalogue } from './industries/industry-catalogue';
import { openVaultPool, PersonalDataVault } from './personal-data/personal-data-vault';
import { READ_MODEL_MIGRATIONS, READ_MODEL_SCHEMA } from './read-model.migrations';

export const SERVICE = 'firm-registry';

/**
 * Everything the firm registry runs besides HTTP: the event store, its read models and their runner, the
 * publisher to the bus, the catalogue and the personal-data vault. One place of wiring; `close` undoes it
 * in reverse order.
 */
export interface FirmRegistryRuntime {
  readonly config: FirmRegistryConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly health: HealthChecks;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly catalogue: IndustryCatalogue;
  readonly commands: FirmCommands;
  /** Personal data sealed per firm; erasing a firm's key erases every copy (ADR 10). */
  readonly vault: PersonalDataVault;
  readonly directory: FirmDirectoryQuery;
  readonly progress: StageProgressQuery;
  readonly imports: FirmImports;
  readonly directoryRunner: ProjectionRunner;
  readonly publisher: ProjectionRunner;
  readonly actors: ActorResolver;
  close(): Promise<void>;
}

export async function createRuntime(
  config: FirmRegistryConfig,
  logger: Logger = createLogger(SERVICE, config.LOG_LEVEL),
): Promise<FirmRegistryRuntime> {
  const store = await openEventStore(config, logger);
  const dataSource = await openServiceDatabase(config, {
    service: SERVICE,
    schema: READ_MODEL_SCHEMA,
    migrations: READ_MODEL_MIGRATIONS,
    logger,
  });

  const vaultPool = openVaultPool(config.DATABASE_URL, READ_MODEL_SCHEMA);
  const vault = new PersonalDataVault(vaultPool, Buffer.from(config.PERSONAL_DATA_KEK, 'base64'));
  const catalogue = new IndustryCatalogue(store);
  const seeded = await catalogue.seed(new Date().toISOString());
  if (seeded) logger.info({ industries: seeded }, 'industry catalogue seeded from reference data');

  const commands = new FirmCommands(store, catalogue, vault, {
    innovation: config.LEADING_MIN_INNOVATION,
    growth: config.LEADING_MIN_GROWTH,
    jobCreation: config.LEADING_MIN_JOB_CREATION,
  });
  const runnerLogger = logger.child({ component: 'projections' });
  const directoryRunner = new ProjectionRunner({
    dataSource,
    store,
    projection: firmDirectoryProjection,
    logger: runnerLogger,
  });
  const producer: ClosableProducer = openBusProducer(config, SERVICE, logger);
  const publisher = createEventPublisher({
    name: `${SERVICE}.publisher`,
    source: `/baton/${SERVICE}`,
    store,
    dataSource,
    producer,
    contracts: allContracts,
    mapping: firmPublications,
    filter: { streamPrefixes: [FIRM_STREAM_PREFIX] },
    logger: runnerLogger,
  });

  const metrics = createMetricsRegistry(SERVICE);
  registerProjectionMetrics(metrics, [directoryRunner, publisher]);
  const health = new HealthChecks();
  registerStandardChecks(health, { dataSource, store, runners: [directoryRunner, publisher] });

  const imports = new FirmImports(
    dataSource,
    commands,
    config.IMPORT_CONCURRENCY,
    logger.child({ component: 'import' }),
  );
  await directoryRunner.start();
  await publisher.start();

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    health,
    store,
    dataSource,
    catalogue,
    commands,
    vault,
    directory: new FirmDirectoryQuery(dataSource, vault),
    progress: new StageProgressQuery(dataSource),
    imports,
    directoryRunner,
    publisher,
    actors: createActorResolver(config, logger),
    close() {
      closing ??= (async () => {
        await imports.stop();
        await publisher.stop();
        await directoryRunner.stop();
        await producer.close();
        await store.close();
        await vaultPool.end();
        await dataSource.destroy();
        logger.info('runtime closed');
      })();
      return closing;
    },
  };
}
