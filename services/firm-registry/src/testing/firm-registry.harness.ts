import { createTestDatabase, type TestDatabase } from '@baton/testing';
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

/** Check digits computed: valid 사업자등록번호 for tests, from a 9-digit stem. */
export function brnFrom(stem: number): string {
  const d = String(stem).padStart(9, '0').split('').map(Number);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let s = d.reduce((acc, x, i) => acc + x * w[i], 0);
  s += Math.floor((d[8] * 5) / 10);
  return `${d.join('')}${(10 - (s % 10)) % 10}`;
}

export const DAEGU_FUTURE_INDUSTRY = 'daegu-advanced-autonomous-manipulation';
