import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import {
  brnFrom,
  createTestDatabase,
  startService,
  type RunningService,
  type TestDatabase,
} from '@baton/testing';
import { startGateway } from './main';

jest.setTimeout(120_000);

/**
 * The front door on real services (firm registry, crisis monitoring, each in its own process): dev tokens, bearer
 * authentication at the gateway and again at the service, routing, one OpenAPI, /health of every service,
 * streaming (SSE) through the proxy, rate limits, security headers and CORS.
 */
describe('gateway', () => {
  let db: TestDatabase;
  let dir: string;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let registry: RunningService;
  let crisis: RunningService;
  const port = 31_000 + Math.floor(Math.random() * 1000);

  beforeAll(async () => {
    db = await createTestDatabase('gateway');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-gateway-'));
    const auth = {
      AUTH: 'jwt',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      AUTH_ISSUER: 'baton-dev',
    };
    const common = { DATABASE_URL: db.url, ...auth };
    registry = await startService('services/firm-registry/src/main.ts', common);
    crisis = await startService('services/crisis-monitoring/src/main.ts', {
      ...common,
      ACK_CHECK_INTERVAL_MS: '3600000',
    });
    gateway = await startGateway({
      PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      AUTH: 'jwt',
      AUTH_DEV_ISSUER_DIR: dir,
      FIRM_REGISTRY_URL: registry.url,
      CRISIS_MONITORING_URL: crisis.url,
      RELAY_URL: 'http://127.0.0.1:9', // not running: /health must say so
      AUDIT_URL: 'http://127.0.0.1:9',
      CORS_ORIGINS: 'https://console.baton.example',
      RATE_LIMIT_PER_MINUTE: '60',
      RATE_LIMIT_BURST: '40',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await crisis?.stop();
    await registry?.stop();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${gateway.url}${url}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = await response.json().catch(() => undefined);
    return { status: response.status, headers: response.headers, body: json };
  };
  const tokenOf = async (user: string) => {
    const r = await call('POST', '/auth/dev-tokens', {}, { user });
    expect(r.status).toBe(201);
    return { authorization: `Bearer ${r.body.token}` };
  };

  it('issues demo tokens; a request through /api reaches the service, which verifies the token again', async () => {
    const users = await call('GET', '/auth/dev-users');
    expect(users.body.items.map((u: { role: string }) => u.role)).toEqual(
      expect.arrayContaining([
        'ministry',
        'regional-office',
        'agency-staff',
        'crisis-center',
        'auditor',
        'admin',
      ]),
    );
    const staff = await tokenOf('daegu-technopark');
    const registered = await call('POST', '/api/firm-registry/firms', staff, {
      businessRegistrationNumber: brnFrom(620_000_001),
      name: '주식회사 관문',
      representative: { name: '문지기' },
      regionCode: '27',
      industryId: 'daegu-advanced-autonomous-manipulation',
      foundedOn: '2018-04-01',
      size: 'small',
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('x-content-type-options')).toBe('nosniff');
    const profile = await call(
      'GET',
      `/api/firm-registry/firms/${registered.body.firmId}?waitFor=${registered.body.position}`,
      staff,
    );
    expect(profile.status).toBe(200);
    expect(profile.body.name).toBe('주식회사 관문');
    // The same request straight to the service without a token: refused there too.
    const direct = await fetch(`${registry.url}/firms/${registered.body.firmId}`);
    expect(direct.status).toBe(401);
  });

  it('refuses no token, a forged token and trusted headers (401), an unknown service (404), an auditor writing (403)', async () => {
    expect((await call('GET', '/api/firm-registry/firms')).status).toBe(401);
    expect((await call('GET', '/api/firm-registry/firms', { authorization: 'Bearer a.b.c' })).status).toBe(
      401,
    );
    expect(
      (await call('GET', '/api/firm-registry/firms', { 'x-baton-user': 'u', 'x-baton-role': 'admin' }))
        .status,
    ).toBe(401);
    const auditor = await tokenOf('auditor');
    const unknown = await call('GET', '/api/payroll/anything', auditor);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    const write = await call('POST', '/api/crisis-monitoring/rule-sets', auditor, { ruleSet: {} });
    expect(write.status).toBe(403);
  });

  it('serves one OpenAPI document for every service, and /health of every service (503 while one is down)', async () => {
    const docs = await call('GET', '/docs/json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/firm-registry/firms',
        '/api/crisis-monitoring/warnings',
        '/auth/dev-tokens',
      ]),
    );
    const refs = JSON.stringify(docs.body.paths).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of refs) expect(docs.body.components.schemas[ref.split('/').pop()!]).toBeDefined();
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.checks['firm-registry'].status).toBe('up');
    expect(health.body.checks['crisis-monitoring'].status).toBe('up');
    expect(health.body.checks.relay.status).toBe('down');
  });

  it('streams server-sent events through the proxy', async () => {
    const abort = new AbortController();
    const response = await fetch(`${gateway.url}/api/crisis-monitoring/warnings/live`, {
      headers: await tokenOf('busan-crisis-center'),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { value } = await response.body!.getReader().read();
    expect(Buffer.from(value!).toString('utf8')).toContain(': connected');
    abort.abort();
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/api/firm-registry/firms`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://console.baton.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.baton.example');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('rate-limits a caller (429 with Retry-After) without touching others', async () => {
    const ministry = await tokenOf('ministry');
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => call('GET', '/api/crisis-monitoring/rule-sets', ministry)),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0].body.type).toMatch(/rate-limited$/);
    expect((await call('GET', '/api/crisis-monitoring/rule-sets', await tokenOf('admin'))).status).toBe(200);
  });
});
