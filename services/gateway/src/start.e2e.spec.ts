import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brnFrom } from '@baton/testing';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../../..');

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly readyMs: number;
  output(): string;
}

/** `npm start` as a user runs it (`node scripts/start.js`), on a data folder and ports of its own. */
function start(env: Record<string, string>): Promise<Running> {
  const began = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`not ready within 240 s:\n${output}`));
    }, 240_000);
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${signal ?? code}) before it was ready:\n${output}`));
    };
    const watch = () => {
      const ready = /Baton is ready: (http:\/\/\S+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.off('exit', exited);
      child.stdout!.off('data', watch);
      resolve({ child, url: ready[1], readyMs: Date.now() - began, output: () => output });
    };
    child.once('exit', exited);
    child.stdout!.on('data', watch);
  });
}

/** Ctrl-C: SIGINT to the orchestrator only (as a terminal would, minus its process group). */
function interrupt(running: Running): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not stop within 60 s of Ctrl-C:\n${running.output()}`));
    }, 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    child.kill('SIGINT');
  });
}

async function freeBasePort(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const all = await Promise.all([0, 1, 2, 3, 4].map((i) => free(base + i)));
    if (all.every(Boolean)) return base;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any };

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * `npm start` end to end: embedded PostgreSQL, the gateway and every service as processes, the demo data (a
 * small one), then a user story through the gateway with demo tokens — a technopark registers a firm whose
 * sales collapse, opens a case and hands it to the creative economy center, which accepts; the crisis center
 * sees the warning. Ctrl-C stops everything with exit 0; a second start reuses the data and is quick.
 */
describe('npm start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-start-e2e-'));
  let env: Record<string, string>;
  let running: Running | undefined;

  beforeAll(async () => {
    env = { BATON_DATA_DIR: dir, BATON_DEMO_FIRMS: '60', BATON_PORT: String(await freeBasePort()) };
  });
  afterAll(async () => {
    if (running) await interrupt(running);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts everything with the demo data, serves a user story through the gateway, stops cleanly and restarts fast', async () => {
    running = await start(env);
    const first = running;
    const gateway = first.url;
    expect(first.output()).toContain('PostgreSQL ready');
    expect(first.output()).toContain('new database');
    expect(first.output()).toMatch(/demo data loaded in/);
    expect(first.output()).toContain(`${gateway}/docs`);
    expect(first.output()).toContain(`${gateway}/auth/dev-tokens`);

    const call = async (method: string, url: string, token?: string, payload?: unknown): Promise<Answer> => {
      const response = await fetch(`${gateway}${url}`, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(payload !== undefined && { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      return { status: response.status, body: await response.json().catch(() => undefined) };
    };

    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/docs/json')).status).toBe(200);
    const users: { id: string; role: string; agencyId: string | null }[] = (
      await call('GET', '/auth/dev-users')
    ).body.items;
    const tokenOf = async (user: string) => {
      const issued = await call('POST', '/auth/dev-tokens', undefined, { user });
      expect(issued.status).toBe(201);
      return issued.body.token as string;
    };
    const technopark = users.find((u) => u.id === 'daegu-technopark')!;
    const ccei = users.find((u) => u.id === 'daegu-ccei')!;
    const tp = await tokenOf(technopark.id);
    const center = await tokenOf('daegu-crisis-center');
    const ministry = await tokenOf('ministry');

    // The demo data is there, loaded through the services.
    const demoFirms = await call('GET', '/api/firm-registry/firms?limit=200', ministry);
    expect(demoFirms.status).toBe(200);
    expect(demoFirms.body.items.length).toBeGreaterThanOrEqual(50);
    expect((await call('GET', '/api/crisis-monitoring/warnings?limit=200', ministry)).body.items.length).toBe(
      JSON.parse(fs.readFileSync(path.join(dir, 'demo-data.json'), 'utf8')).counts.warnings,
    );
    expect((await call('GET', '/api/firm-registry/firms', undefined)).status).toBe(401);

    // A technopark registers a firm and reports two years of indicators: sales fall by 60 %.
    const registered = await call('POST', '/api/firm-registry/firms', tp, {
      businessRegistrationNumber: brnFrom(999_120_001),
      name: '주식회사 바톤이어달리기',
      representative: { name: '한바톤' },
      regionCode: '27',
      industryId: 'daegu-advanced-autonomous-manipulation',
      foundedOn: '2018-04-02',
      size: 'small',
    });
    expect(registered.status).toBe(201);
    const firmId: string = registered.body.firmId;
    for (const [period, sales] of [
      ['2024', 3_000_000_000],
      ['2025', 1_200_000_000],
    ] as const)
      expect(
        (
          await call('POST', `/api/firm-registry/firms/${firmId}/indicator-reports`, tp, {
            period,
            indicators: { sales, employees: 25 },
          })
        ).status,
      ).toBe(200);

    // It opens a case once the relay has learned the firm, and hands it to the creative economy center.
    const caseId = randomUUID();
    const opened = await eventually(async () => {
      const r = await call('POST', '/api/relay/cases', tp, {
        caseId,
        firmId,
        goals: ['자율조작 로봇 시제품 개발'],
        phase: 'task-planning',
      });
      return r.status === 404 ? undefined : r;
    });
    expect(opened.status).toBe(201);
    const proposalId = randomUUID();
    const proposed = await call('POST', `/api/relay/cases/${caseId}/handoffs`, tp, {
      proposalId,
      toAgencyId: ccei.agencyId,
      reason: '시제품 이후 사업화 지원',
      nextPhase: 'commercialisation',
      package: {
        summary: '과제기획 완료',
        documents: [{ documentId: 'plan-1', title: '과제계획서', uri: 'https://docs.example/plan-1' }],
      },
      consent: {
        grantedBy: 'firm-contact-1',
        grantedAt: new Date(Date.now() - 60_000).toISOString(),
        sharedWith: ccei.agencyId,
        items: ['plan-1'],
        includesSummary: true,
      },
    });
    expect(proposed.status).toBe(201);
    const cceiToken = await tokenOf(ccei.id);
    const inbox = await call(
      'GET',
      `/api/relay/agencies/${ccei.agencyId}/inbox?waitFor=${proposed.body.position}`,
      cceiToken,
    );
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ proposalId, caseId })]),
    );
    const accepted = await call(
      'POST',
      `/api/relay/cases/${caseId}/handoffs/${proposalId}/acceptance`,
      cceiToken,
      {},
    );
    expect(accepted.status).toBe(200);
    const theCase = await call(
      'GET',
      `/api/relay/cases/${caseId}?waitFor=${accepted.body.position}`,
      cceiToken,
    );
    expect(theCase.body).toMatchObject({
      holder: ccei.agencyId,
      phase: 'commercialisation',
      status: 'open',
    });

    // The crisis center of 대구 sees the warning in its list.
    const warning = await eventually(async () => {
      const list = await call('GET', `/api/crisis-monitoring/warnings?firmId=${firmId}`, center);
      return list.body?.items?.[0];
    });
    expect(warning).toMatchObject({ signal: 'sales-drop-yoy', level: 'alert', region: '27' });

    // Ctrl-C: every process stops, exit 0.
    expect(await interrupt(first)).toEqual({ code: 0, signal: null });
    running = undefined;
    expect(first.output()).toContain('PostgreSQL stopped');
    expect(first.output()).toContain('Baton stopped.');
    expect(fs.existsSync(path.join(dir, 'run.json'))).toBe(false);

    // A second start keeps the data and loads nothing again.
    running = await start(env);
    const second = running;
    expect(second.output()).toContain('existing data');
    expect(second.output()).toMatch(/demo data: loaded .* kept/);
    expect(second.readyMs).toBeLessThan(first.readyMs);
    const again = await call('GET', `/api/firm-registry/firms/${firmId}`, await tokenOf('ministry'));
    expect(again.body).toMatchObject({ firmId, name: '주식회사 바톤이어달리기' });
    expect(await interrupt(second)).toEqual({ code: 0, signal: null });
    running = undefined;
  });
});
