import { brnFrom, createTestDatabase, type TestDatabase } from '@baton/testing';
import { startFirmRegistry } from '../main';

/** Demo actors as the trusted front (the gateway) names them. */
export const ACTORS = {
  daeguTechnopark: {
    'x-baton-user': 'staff-daegu-tp',
    'x-baton-role': 'agency-staff',
    'x-baton-agency': '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  },
  ministry: { 'x-baton-user': 'ministry-admin', 'x-baton-role': 'ministry' },
  auditor: { 'x-baton-user': 'auditor-1', 'x-baton-role': 'auditor' },
} as const;

export interface Harness {
  url: string;
  db: TestDatabase;
  service: Awaited<ReturnType<typeof startFirmRegistry>>;
  request(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      headers?: Record<string, string>;
      as?: keyof typeof ACTORS | null;
      raw?: string;
    },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/** The firm registry as it runs: its own database, the PostgreSQL event store and the embedded bus. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase('firm_registry');
  const service = await startFirmRegistry({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
  });
  return {
    url: service.url,
    db,
    service,
    async request(method, path, options = {}) {
      const actor = options.as === null ? {} : ACTORS[options.as ?? 'daeguTechnopark'];
      const headers: Record<string, string> = { ...actor, ...options.headers };
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${service.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close() {
      await service.app.close();
      await db.drop();
    },
  };
}

/** A valid registration body; override what a test is about. */
export function registration(overrides: Record<string, unknown> = {}) {
  return {
    businessRegistrationNumber: '116-82-00276',
    name: '주식회사 한빛정밀',
    representative: { name: '김한빛', email: 'ceo@hanbit.example' },
    regionCode: '27',
    industryId: DAEGU_FUTURE_INDUSTRY,
    foundedOn: '2015-03-02',
    size: 'small',
    ...overrides,
  };
}

export { brnFrom };

export const DAEGU_FUTURE_INDUSTRY = 'daegu-advanced-autonomous-manipulation';

/** Events in the harness's event store: a refused or repeated request must not change it. */
export async function eventCount(h: Harness): Promise<number> {
  const [row] = await h.service.runtime.dataSource.query('SELECT count(*) AS n FROM eventstore.events');
  return Number(row.n);
}

/** Polls `check` until it returns something other than `undefined` or `false`; fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Valid, distinct business registration numbers for one suite, from a stem of its own. */
export function brnSequence(firstStem: number): () => string {
  let stem = firstStem;
  return () => brnFrom(stem++);
}

/** A command's answer as the firm endpoints give it. */
export interface CommandAnswer {
  firmId: string;
  revision: number | null;
  position: string | null;
  events: string[];
}

/** Sends a command that must succeed with `status`; answers its body. */
export async function command(
  h: Harness,
  method: string,
  path: string,
  body: unknown,
  options: { as?: keyof typeof ACTORS; status?: number } = {},
): Promise<CommandAnswer> {
  const response = await h.request(method, path, { body, as: options.as });
  if (response.status !== (options.status ?? 200))
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CommandAnswer;
}

/** A CSV file of rows under a header (the columns of the first row unless given), quoting where needed. */
export function csvOf(rows: readonly Record<string, string>[], columns = Object.keys(rows[0] ?? {})): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))]
    .map((line) => `${line}\n`)
    .join('');
}
