import type { EventStore } from '@baton/eventstore';
import { migrateSchema } from '@baton/eventstore';
import type { ProjectionRunner } from '@baton/projections';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from './config';
import { ensureBusTopics, openDataSource, poolOf } from './infrastructure';
import type { HealthChecks } from './observability';

/**
 * A service's own database at start: the data source on its schema, the schema's migrations applied (under
 * an advisory lock: replicas starting together apply each once) and the bus topics created.
 */
export async function openServiceDatabase(
  config: ServiceConfig,
  options: { service: string; schema: string; migrations: readonly string[]; logger: Logger },
): Promise<DataSource> {
  const dataSource = await openDataSource(config, {
    schema: options.schema,
    service: options.service,
    entities: [],
  });
  await migrateSchema(poolOf(dataSource), options.schema, options.migrations);
  await ensureBusTopics(config, options.service, options.logger, poolOf(dataSource));
  return dataSource;
}

/** The checks every service has: its database, its event store and each projection runner. */
export function registerStandardChecks(
  health: HealthChecks,
  parts: { dataSource: DataSource; store: EventStore; runners: readonly ProjectionRunner[] },
): void {
  health.register('database', async () => {
    await parts.dataSource.query('SELECT 1');
    return { status: 'up' };
  });
  health.register('eventStore', async () => ({
    status: 'up',
    detail: String((await parts.store.headPosition())?.commit ?? 'empty'),
  }));
  for (const runner of parts.runners)
    health.register(runner.name, async () => ({
      // A standby runner is healthy: another replica holds the lock.
      status: runner.status === 'stopped' ? 'down' : 'up',
      detail: { status: runner.status, lag: await runner.lag(100) },
    }));
}
