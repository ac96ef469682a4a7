import { allContracts, TOPICS } from '@baton/contracts';
import type { EventStore } from '@baton/eventstore';
import { createEventPublisher, toIntegrationEvent, type BusServer } from '@baton/messaging';
import {
  createLogger,
  createMetricsRegistry,
  HealthChecks,
  openBusProducer,
  openBusServer,
  openEventStore,
  openServiceDatabase,
  registerStandardChecks,
  createActorResolver,
  WebhookDispatcher,
  webhookOutboxProjection,
  type ActorResolver,
  type Logger,
} from '@baton/platform';
import { combineProjections, ProjectionRunner, registerProjectionMetrics } from '@baton/projections';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { CrisisConfig } from './config';
import { READ_MODEL_MIGRATIONS, READ_MODEL_SCHEMA } from './read-model.migrations';
import { ruleSetCatalogueProjection } from './rules/rule-set-catalogue/rule-set-catalogue.projection';
import { AckWatcher } from './warnings/ack-watcher/ack-watcher';
import { warningBoardProjection } from './warnings/warning-board/warning-board.projection';
import { WarningDesk } from './warnings/warning-desk';
import { WARNING_STREAM_PREFIX } from './warnings/warning.events';
import { agenciesConcerned, warningPublications } from './warnings/warning.published';

export const SERVICE = 'crisis-monitoring';
export const SOURCE = `/baton/${SERVICE}`;
/** The name (checkpoint, lock) of the runner that feeds every crisis-monitoring read model. */
export const READ_MODELS = 'crisis-monitoring.read-models';

export interface CrisisRuntime {
  readonly config: CrisisConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly health: HealthChecks;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly desk: WarningDesk;
  /** Warnings, rule sets and the webhook outbox: one runner, one checkpoint. */
  readonly readModels: ProjectionRunner;
  /** Warning events → `crisis-monitoring.*.v1` on the bus (checkpointed after the broker's ack). */
  readonly publisher: ProjectionRunner;
  readonly actors: ActorResolver;
  readonly bus: BusServer;
  readonly ackWatcher: AckWatcher;
  readonly webhooks: WebhookDispatcher;
  close(): Promise<void>;
}

export async function createRuntime(
  config: CrisisConfig,
  logger: Logger = createLogger(SERVICE, config.LOG_LEVEL),
): Promise<CrisisRuntime> {
  const store = await openEventStore(config, logger);
  const dataSource = await openServiceDatabase(config, {
    service: SERVICE,
    schema: READ_MODEL_SCHEMA,
    migrations: READ_MODEL_MIGRATIONS,
    logger,
  });
  const desk = new WarningDesk(store, dataSource, logger.child({ component: 'warnings' }), {
    fallbackAgencyId: config.CRISIS_FALLBACK_AGENCY_ID,
  });
  await desk.seedRuleSet();

  const runnerLogger = logger.child({ component: 'projections' });
  const readModels = new ProjectionRunner({
    dataSource,
    store,
    projection: combineProjections(READ_MODELS, [
      warningBoardProjection,
      ruleSetCatalogueProjection,
      webhookOutboxProjection({
        name: 'crisis-monitoring.webhook-outbox',
        filter: { streamPrefixes: [WARNING_STREAM_PREFIX] },
        deliveriesOf: (recorded) =>
          warningPublications(recorded).map((publication, index) => {
            const data = publication.data as Record<string, unknown>;
            return {
              event: toIntegrationEvent(SOURCE, recorded, publication, String(data.firmId), index),
              agencies: agenciesConcerned(data),
            };
          }),
      }),
    ]),
    logger: runnerLogger,
  });
  const producer = openBusProducer(config, SERVICE, logger);
  const publisher = createEventPublisher({
    name: `${SERVICE}.publisher`,
    source: SOURCE,
    store,
    dataSource,
    producer,
    contracts: allContracts,
    mapping: warningPublications,
    filter: { streamPrefixes: [WARNING_STREAM_PREFIX] },
    logger: runnerLogger,
  });
  const webhooks = new WebhookDispatcher(dataSource, logger.child({ component: 'webhooks' }), {
    pollMs: config.WEBHOOK_POLL_MS,
    backoffBaseMs: config.WEBHOOK_BACKOFF_BASE_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: 10_000,
  });

  const busLogger = logger.child({ component: 'bus' });
  const consumed = {
    group: SERVICE,
    topics: [TOPICS.firmRegistry],
    dataSource,
    contracts: allContracts,
    logger: busLogger,
  };
  const bus: BusServer = openBusServer(config, SERVICE, logger, consumed);

  const metrics = createMetricsRegistry(SERVICE);
  registerProjectionMetrics(metrics, [readModels, publisher]);
  const health = new HealthChecks();
  registerStandardChecks(health, { dataSource, store, runners: [readModels, publisher] });
  health.register('bus', async () => bus.health());

  const ackWatcher = new AckWatcher(
    dataSource,
    desk,
    logger.child({ component: 'ack-watcher' }),
    config.ACK_CHECK_INTERVAL_MS,
  );

  await readModels.start();
  await publisher.start();
  webhooks.start();
  ackWatcher.start();

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    health,
    store,
    dataSource,
    desk,
    readModels,
    publisher,
    actors: createActorResolver(config, logger),
    bus,
    ackWatcher,
    webhooks,
    close() {
      closing ??= (async () => {
        await Promise.resolve(bus.close()).catch(() => undefined);
        await ackWatcher.stop();
        await webhooks.stop();
        await publisher.stop();
        await readModels.stop();
        await producer.close();
        await store.close();
        await dataSource.destroy();
        logger.info('runtime closed');
      })();
      return closing;
    },
  };
}
