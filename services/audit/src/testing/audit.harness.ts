import { EmbeddedBusProducer, toBusMessage, type IntegrationEvent } from '@baton/messaging';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { Pool } from 'pg';
import { startAudit } from '../main';
import { topicOf } from './events';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any; raw: Buffer };

/** Trusted-front actors (X-Baton-* headers, ADR 11) of each role the tests use. */
export const ACTORS = {
  auditor: { 'x-baton-user': 'auditor-kim', 'x-baton-role': 'auditor' },
  ministry: { 'x-baton-user': 'ministry-lee', 'x-baton-role': 'ministry' },
  admin: { 'x-baton-user': 'admin-park', 'x-baton-role': 'admin' },
  staff: {
    'x-baton-user': 'staff-choi',
    'x-baton-role': 'agency-staff',
    'x-baton-agency': '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  },
  crisisCenter: { 'x-baton-user': 'center-jung', 'x-baton-role': 'crisis-center' },
  nobody: {},
} as const;
export type ActorName = keyof typeof ACTORS;

export interface AuditHarness {
  readonly db: TestDatabase;
  readonly audit: Awaited<ReturnType<typeof startAudit>>;
  /** A superuser connection to the test database, to look at (or tamper with) the tables directly. */
  readonly sql: Pool;
  /** Publishes contract events on their topics through the embedded bus's producer, as services do. */
  publish(
    events: readonly IntegrationEvent[],
  ): Promise<{ topic: string; partition: number; offset: string }[]>;
  /** Waits until the ledger holds `count` entries in all (or throws after `timeoutMs`). */
  waitForEntries(count: number, timeoutMs?: number): Promise<void>;
  request(path: string, as?: ActorName): Promise<Answer>;
  close(): Promise<void>;
}

/** The audit service in this process on a database of its own (embedded bus), with a producer beside it. */
export async function startAuditHarness(env: Record<string, string> = {}): Promise<AuditHarness> {
  const db = await createTestDatabase('audit');
  const audit = await startAudit({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    AUDIT_DIGEST_INTERVAL_MS: '3600000',
    ...env,
  });
  const producer = new EmbeddedBusProducer({
    connectionString: db.url,
    applicationName: 'audit-test-producer',
  });
  const sql = new Pool({ connectionString: db.url, max: 3, options: '-c search_path=audit,public' });
  return {
    db,
    audit,
    sql,
    publish: (events) => producer.produce(events.map((e) => toBusMessage(topicOf(e.type), e))),
    async waitForEntries(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries');
        if (rows[0].n >= count) return;
        if (Date.now() > until) throw new Error(`the ledger holds ${rows[0].n} entries, not ${count}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async request(path, as = 'auditor') {
      const response = await fetch(`${audit.url}${path}`, { headers: { ...ACTORS[as] } });
      const raw = Buffer.from(await response.arrayBuffer());
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers, body, raw };
    },
    async close() {
      await producer.close();
      await sql.end();
      await audit.close();
      await db.drop();
    },
  };
}
