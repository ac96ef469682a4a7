import { randomUUID } from 'node:crypto';
import { TOPICS } from '@baton/contracts';
import { toBusMessage } from '@baton/messaging';
import { openBusProducer } from '@baton/platform';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { startCrisisMonitoring } from '../main';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any };

export interface CrisisHarness {
  readonly db: TestDatabase;
  readonly service: Awaited<ReturnType<typeof startCrisisMonitoring>>;
  request(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer>;
  eventCount(): Promise<number>;
  /** As the firm registry would: a `firm-registry.*.v1` event on its topic. Answers the event id. */
  publishFirmEvent(
    type: string,
    data: { firmId: string } & Record<string, unknown>,
    options?: { id?: string; time?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export const asAgency = (agencyId: string, role = 'crisis-center', regions: string[] = []) => ({
  'x-baton-user': `staff-${agencyId.slice(0, 8)}`,
  'x-baton-role': role,
  'x-baton-agency': agencyId,
  ...(regions.length && { 'x-baton-regions': regions.join(',') }),
});
export const MINISTRY = { 'x-baton-user': 'ministry-1', 'x-baton-role': 'ministry' };

/** Crisis monitoring in this process, on its own database (PostgreSQL event store, embedded bus). */
export async function startCrisisHarness(env: Record<string, string> = {}): Promise<CrisisHarness> {
  const db = await createTestDatabase('crisis');
  const service = await startCrisisMonitoring({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ACK_CHECK_INTERVAL_MS: '3600000',
    ...env,
  });
  const producer = openBusProducer(service.runtime.config, 'firm-registry-test', service.runtime.logger);
  return {
    db,
    service,
    async publishFirmEvent(type, data, options = {}) {
      const id = options.id ?? randomUUID();
      await producer.send([
        toBusMessage(TOPICS.firmRegistry.name, {
          id,
          source: '/baton/firm-registry',
          type,
          specversion: '1.0',
          subject: data.firmId,
          time: options.time ?? new Date().toISOString(),
          datacontenttype: 'application/json',
          data,
        }),
      ]);
      return id;
    },
    async request(method, path, headers, body) {
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: await response.json().catch(() => undefined),
      };
    },
    async eventCount() {
      return Number(
        (await service.runtime.dataSource.query('SELECT count(*) AS n FROM eventstore.events'))[0].n,
      );
    },
    async close() {
      await producer.close();
      await service.close();
      await db.drop();
    },
  };
}
