import { randomUUID } from 'node:crypto';
import { agencySeedId } from './agencies/agency-seed';
import { createTestDatabase, startService, type RunningService, type TestDatabase } from '@baton/testing';

jest.setTimeout(180_000);

const DAEGU_TP = agencySeedId('daegu-technopark');
const DAEGU_CCEI = agencySeedId('daegu-creative-economy-innovation-center');

const as = (agencyId: string, user = 'staff') => ({
  'x-baton-user': `${user}-${agencyId.slice(0, 8)}`,
  'x-baton-role': 'agency-staff',
  'x-baton-agency': agencyId,
  'content-type': 'application/json',
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any };

async function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers,
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The relay story across services, each in its own process on one PostgreSQL with the embedded bus (with
 * Kafka when KAFKA_BROKERS is set): a firm registered in the firm registry reaches the relay over the bus;
 * a case is opened, a hand-off proposed and accepted; the new holder's inbox and the sender's view follow.
 */
describe('relay story across services', () => {
  let db: TestDatabase;
  let registry: RunningService;
  let relay: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('relay_e2e');
    const bus: Record<string, string> = process.env.KAFKA_BROKERS
      ? { BUS: 'kafka', KAFKA_BROKERS: process.env.KAFKA_BROKERS }
      : {};
    registry = await startService('services/firm-registry/src/main.ts', { DATABASE_URL: db.url, ...bus });
    relay = await startService('services/relay/src/main.ts', { DATABASE_URL: db.url, ...bus });
  });
  afterAll(async () => {
    await relay?.stop();
    await registry?.stop();
    await db?.drop();
  });

  it('a registered firm is handed from Daegu Technopark to the Daegu CCEI and the loop closes', async () => {
    const registered = await call(`${registry.url}/firms`, 'POST', as(DAEGU_TP), {
      businessRegistrationNumber: '134-86-72683',
      name: '주식회사 이어달리기',
      representative: { name: '한바톤' },
      regionCode: '27',
      industryId: 'daegu-advanced-autonomous-manipulation',
      foundedOn: '2019-05-01',
      size: 'small',
    });
    expect(registered.status).toBe(201);
    const firmId: string = registered.body.firmId;

    // Before the firm reaches the relay a case would be refused; once it has, the case opens.
    const caseId = randomUUID();
    const opened = await eventually(async () => {
      const r = await call(`${relay.url}/cases`, 'POST', as(DAEGU_TP), {
        caseId,
        firmId,
        goals: ['자율조작 로봇 시제품 개발'],
        phase: 'task-planning',
      });
      if (r.status === 404 && r.body?.type?.endsWith('firm-not-found')) return undefined;
      return r;
    });
    expect(opened.status).toBe(201);

    const proposalId = randomUUID();
    const proposed = await call(`${relay.url}/cases/${caseId}/handoffs`, 'POST', as(DAEGU_TP), {
      proposalId,
      toAgencyId: DAEGU_CCEI,
      reason: '시제품 이후 사업화 지원',
      nextPhase: 'commercialisation',
      package: {
        summary: '과제기획 완료, 시제품 설계 확정',
        documents: [{ documentId: 'plan-1', title: '과제계획서', uri: 'https://docs.example/plan-1' }],
      },
      consent: {
        grantedBy: 'firm-contact-1',
        grantedAt: new Date().toISOString(),
        sharedWith: DAEGU_CCEI,
        items: ['plan-1'],
        includesSummary: true,
      },
    });
    expect(proposed.status).toBe(201);

    const inbox = await call(
      `${relay.url}/agencies/${DAEGU_CCEI}/inbox?waitFor=${proposed.body.position}`,
      'GET',
      as(DAEGU_CCEI),
    );
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        proposalId,
        caseId,
        firmId,
        from: DAEGU_TP,
        to: DAEGU_CCEI,
        status: 'pending',
      }),
    ]);

    // Someone else's inbox is not theirs to read; only the target may accept.
    expect((await call(`${relay.url}/agencies/${DAEGU_CCEI}/inbox`, 'GET', as(DAEGU_TP))).status).toBe(403);
    const wrong = await call(
      `${relay.url}/cases/${caseId}/handoffs/${proposalId}/acceptance`,
      'POST',
      as(DAEGU_TP),
      {},
    );
    expect(wrong.status).toBe(403);

    const accepted = await call(
      `${relay.url}/cases/${caseId}/handoffs/${proposalId}/acceptance`,
      'POST',
      as(DAEGU_CCEI),
      {},
    );
    expect(accepted.status).toBe(200);

    const sender = await call(
      `${relay.url}/agencies/${DAEGU_TP}/outgoing?waitFor=${accepted.body.position}`,
      'GET',
      as(DAEGU_TP),
    );
    expect(sender.body.items).toEqual([expect.objectContaining({ proposalId, status: 'accepted' })]);
    const theCase = await call(`${relay.url}/cases/${caseId}`, 'GET', as(DAEGU_CCEI));
    expect(theCase.body).toMatchObject({ holder: DAEGU_CCEI, phase: 'commercialisation', status: 'open' });
    expect(
      (await call(`${relay.url}/agencies/${DAEGU_CCEI}/inbox`, 'GET', as(DAEGU_CCEI))).body.items,
    ).toEqual([]);

    // The firm closes in the registry: the relay closes its case.
    const closed = await call(`${registry.url}/firms/${firmId}/closure`, 'POST', as(DAEGU_TP), {
      reason: 'business-closed',
      closedOn: new Date().toISOString().slice(0, 10),
    });
    expect(closed.status).toBe(200);
    await eventually(async () => {
      const r = await call(`${relay.url}/cases/${caseId}`, 'GET', as(DAEGU_CCEI));
      return r.body.status === 'closed' ? r : undefined;
    });
  });
});
