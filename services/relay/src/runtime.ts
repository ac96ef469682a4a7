import { allContracts, TOPICS } from '@baton/contracts';
import { CommandHandler, comparePositions, type GlobalPosition } from '@baton/eventsourcing';
import type { EventStore } from '@baton/eventstore';
import { createEventPublisher, type BusServer } from '@baton/messaging';
import {
  createLogger,
  createMetricsRegistry,
  HealthChecks,
  openBusProducer,
  openBusServer,
  openServiceDatabase,
  registerStandardChecks,
  openEventStore,
  createActorResolver,
  WebhookDispatcher,
  type ActorResolver,
  type Logger,
} from '@baton/platform';
import { combineProjections, ProjectionRunner, registerProjectionMetrics } from '@baton/projections';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { agencyDirectoryProjection } from './agencies/agency-directory/agency-directory.projection';
import { agencyDecider } from './agencies/agency.decider';
import { agencyStreamId } from './agencies/agency.events';
import { AGENCY_SEED, registrationOf } from './agencies/agency-seed';
import { caseBoardProjection } from './cases/case-board/case-board.projection';
import { casePublications } from './cases/case.published';
import { CASE_STREAM_PREFIX } from './cases/case.events';
import { CaseCommands } from './cases/case-commands';
import { DeadlineWatcher } from './cases/deadline-watcher/deadline-watcher';
import { relayWebhookOutbox } from './webhooks/webhook-outbox.projection';
import type { RelayConfig } from './config';
import { READ_MODEL_MIGRATIONS, READ_MODEL_SCHEMA } from './read-model.migrations';

export const SERVICE = 'relay';
/** The name (checkpoint, lock) of the runner that feeds every relay read model. */
export const READ_MODELS = 'relay.read-models';

export interface RelayRuntime {
  readonly config: RelayConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly health: HealthChecks;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly cases: CaseCommands;
  /** The agency directory, the case board and the webhook outbox: one runner, one checkpoint (ADR 12). */
  readonly readModels: ProjectionRunner;
  /** Case events → `relay.*.v1` on the bus (store → bus, checkpointed after the broker's ack). */
  readonly publisher: ProjectionRunner;
  readonly actors: ActorResolver;
  /** The bus transport the reactions consume with (started by main). */
  readonly bus: BusServer;
  readonly deadlines: DeadlineWatcher;
  readonly webhooks: WebhookDispatcher;
  close(): Promise<void>;
}

/**
 * Registers the sourced agencies once (idempotent: a restart replays the seed and writes nothing). Returns
 * the position of the last seed event, new or replayed, for the directory to wait for.
 */
async function seedAgencies(store: EventStore, logger: Logger): Promise<GlobalPosition | undefined> {
  const handler = new CommandHandler(store, agencyDecider);
  const now = new Date().toISOString();
  let added = 0;
  let last: GlobalPosition | undefined;
  for (const entry of AGENCY_SEED) {
    const result = await handler.handle(
      agencyStreamId(entry.agencyId),
      {
        type: 'RegisterAgency',
        data: registrationOf(entry),
        metadata: { now, actor: { userId: 'system:seed', role: 'admin' } },
      },
      { idempotencyKey: 'seed-v1' },
    );
    if (!result.alreadyHandled) added++;
    if (result.position && (!last || comparePositions(result.position, last) > 0)) last = result.position;
  }
  if (added) logger.info({ agencies: added }, 'agencies directory seeded from reference data');
  return last;
}

export async function createRuntime(
  config: RelayConfig,
  logger: Logger = createLogger(SERVICE, config.LOG_LEVEL),
): Promise<RelayRuntime> {
  const store = await openEventStore(config, logger);
  const dataSource = await openServiceDatabase(config, {
    service: SERVICE,
    schema: READ_MODEL_SCHEMA,
    migrations: READ_MODEL_MIGRATIONS,
    logger,
  });
  const seeded = await seedAgencies(store, logger);

  const runnerLogger = logger.child({ component: 'projections' });
  const readModels = new ProjectionRunner({
    dataSource,
    store,
    projection: combineProjections(READ_MODELS, [
      agencyDirectoryProjection,
      caseBoardProjection,
      relayWebhookOutbox,
    ]),
    logger: runnerLogger,
  });
  const producer = openBusProducer(config, SERVICE, logger);
  const publisher = createEventPublisher({
    name: `${SERVICE}.publisher`,
    source: `/baton/${SERVICE}`,
    store,
    dataSource,
    producer,
    contracts: allContracts,
    mapping: casePublications,
    filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
    logger: runnerLogger,
  });
  const webhooks = new WebhookDispatcher(dataSource, logger.child({ component: 'webhooks' }), {
    pollMs: config.WEBHOOK_POLL_MS,
    backoffBaseMs: config.WEBHOOK_BACKOFF_BASE_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: 10_000,
  });
  const cases = new CaseCommands(store, dataSource, {
    due: config.HANDOFF_DUE_BUSINESS_DAYS,
    expiry: config.HANDOFF_EXPIRY_BUSINESS_DAYS,
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
  registerStandardChecks(health, {
    dataSource,
    store,
    runners: [readModels, publisher],
  });
  health.register('bus', async () => bus.health());

  const deadlines = new DeadlineWatcher(dataSource, cases, logger.child({ component: 'deadlines' }), {
    intervalMs: config.DEADLINE_CHECK_INTERVAL_MS,
    fallbackOfficeId: config.ESCALATION_FALLBACK_AGENCY_ID,
  });

  await readModels.start();
  await publisher.start();
  webhooks.start();
  // Proposals look their target up in the directory: serve requests only once it holds the seed.
  // (the seed's own positions: the head of $all can lag behind a commit while other transactions run — ADR 2).
  if (seeded) await readModels.waitForPosition(seeded, 60_000);
  deadlines.start();

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    health,
    store,
    dataSource,
    cases,
    readModels,
    publisher,
    actors: createActorResolver(config, logger),
    bus,
    deadlines,
    webhooks,
    close() {
      closing ??= (async () => {
        await Promise.resolve(bus.close()).catch(() => undefined);
        await deadlines.stop();
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
