import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { startRelay } from '../main';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any };

export interface RelayHarness {
  readonly db: TestDatabase;
  readonly relay: Awaited<ReturnType<typeof startRelay>>;
  request(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer>;
  /** Given: the relay already learned this firm from the firm registry (its snapshot table). */
  knowFirm(firmId: string, regionCode: string, status?: 'active' | 'closed'): Promise<void>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export const staffOf = (agencyId: string, role = 'agency-staff') => ({
  'x-baton-user': `staff-${agencyId.slice(0, 8)}`,
  'x-baton-role': role,
  'x-baton-agency': agencyId,
});

/** The relay in this process, on its own database (PostgreSQL event store, embedded bus). */
export async function startRelayHarness(env: Record<string, string> = {}): Promise<RelayHarness> {
  const db = await createTestDatabase('relay');
  const relay = await startRelay({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DEADLINE_CHECK_INTERVAL_MS: '3600000',
    ...env,
  });
  const ds = relay.runtime.dataSource;
  return {
    db,
    relay,
    async request(method, path, headers, body) {
      const response = await fetch(`${relay.url}${path}`, {
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
    async knowFirm(firmId, regionCode, status = 'active') {
      await ds.query(
        `INSERT INTO firm_snapshots (firm_id, name, region_code, industry_id, status, updated_at)
         VALUES ($1, '테스트기업', $2, 'test-industry', $3, now())
         ON CONFLICT (firm_id) DO UPDATE SET region_code = $2, status = $3`,
        [firmId, regionCode, status],
      );
    },
    async eventCount() {
      return Number((await ds.query('SELECT count(*) AS n FROM eventstore.events'))[0].n);
    },
    async close() {
      await relay.close();
      await db.drop();
    },
  };
}
