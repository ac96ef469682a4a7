import { TOPICS } from '@baton/contracts';
import {
  brnFrom,
  createTestDatabase,
  startService,
  type RunningService,
  type TestDatabase,
} from '@baton/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { agencyIdOfSlug } from './routing/warning-routing';

jest.setTimeout(180_000);

const BUSAN_CENTER = agencyIdOfSlug('busan-crisis-support-center');
const DAEJEON_SEJONG_OFFICE = agencyIdOfSlug('daejeon-sejong-regional-sme-office');
const REGISTRY_STAFF = {
  'x-baton-user': 'registry-staff',
  'x-baton-role': 'agency-staff',
  'x-baton-agency': agencyIdOfSlug('busan-technopark'),
  'content-type': 'application/json',
};

async function call(url: string, method: string, headers: Record<string, string>, payload?: unknown) {
  const response = await fetch(url, {
    method,
    headers,
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = await response.json().catch(() => undefined);
  return { status: response.status, body };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface SseEvent {
  id: string;
  event: string;
  data: { subject: string; data: Record<string, unknown> };
}

/** Reads a server-sent event stream into `events` until aborted. */
async function listen(url: string, headers: Record<string, string>, events: SseEvent[], signal: AbortSignal) {
  const response = await fetch(url, { headers, signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += Buffer.from(value!).toString('utf8');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        if (field('event'))
          events.push({ id: field('id')!, event: field('event')!, data: JSON.parse(field('data')!) });
      }
    }
  })();
}

/** What crossed the bus on the crisis-monitoring topic for a firm (Kafka when KAFKA_BROKERS is set). */
async function publishedFor(db: TestDatabase, firmId: string): Promise<string[]> {
  if (!process.env.KAFKA_BROKERS) {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT headers->>'ce_type' AS type FROM bus.messages WHERE topic = $1 AND key = $2 ORDER BY "offset"`,
        [TOPICS.crisisMonitoring.name, firmId],
      );
      return rows.map((r) => r.type);
    } finally {
      await client.end();
    }
  }
  const kafka = new Kafka({
    brokers: process.env.KAFKA_BROKERS.split(','),
    clientId: 'crisis-e2e',
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `crisis-e2e-${Date.now()}-${Math.random()}` });
  const types: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.crisisMonitoring.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === firmId) types.push(String(message.headers?.ce_type));
      },
    });
    await new Promise((r) => setTimeout(r, 5000));
  } finally {
    await consumer.disconnect();
  }
  return types;
}

/**
 * The early-warning story across services, each in its own process (embedded bus; Kafka when KAFKA_BROKERS
 * is set): indicators reported to the firm registry reach crisis monitoring over the bus; the warning reaches
 * the crisis support center of 부산 live over SSE and is published on the bus; a firm of 세종, where there is no
 * center, warns the regional SME office instead.
 */
describe('early warning across services', () => {
  let db: TestDatabase;
  let registry: RunningService;
  let crisis: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('crisis_e2e');
    const bus: Record<string, string> = process.env.KAFKA_BROKERS
      ? { BUS: 'kafka', KAFKA_BROKERS: process.env.KAFKA_BROKERS }
      : {};
    registry = await startService('services/firm-registry/src/main.ts', { DATABASE_URL: db.url, ...bus });
    crisis = await startService('services/crisis-monitoring/src/main.ts', { DATABASE_URL: db.url, ...bus });
  });
  afterAll(async () => {
    await crisis?.stop();
    await registry?.stop();
    await db?.drop();
  });

  async function registerAndReport(brnStem: number, regionCode: string, industryId: string) {
    const registered = await call(`${registry.url}/firms`, 'POST', REGISTRY_STAFF, {
      businessRegistrationNumber: brnFrom(brnStem),
      name: `위기테스트 ${brnStem}`,
      representative: { name: '홍길동' },
      regionCode,
      industryId,
      foundedOn: '2015-03-01',
      size: 'small',
    });
    if (registered.status !== 201)
      throw new Error(`registration: ${registered.status} ${JSON.stringify(registered.body)}`);
    const firmId: string = registered.body.firmId;
    for (const [period, sales] of [
      ['2024', 2_000_000_000],
      ['2025', 900_000_000],
    ] as const) {
      const reported = await call(
        `${registry.url}/firms/${firmId}/indicator-reports`,
        'POST',
        REGISTRY_STAFF,
        {
          period,
          indicators: { sales, employees: 40 },
        },
      );
      expect(reported.status).toBe(200);
    }
    return firmId;
  }

  it("indicators reported to the firm registry → a warning at 부산's crisis support center over SSE and on the bus; 세종's goes to the regional office", async () => {
    const events: SseEvent[] = [];
    const abort = new AbortController();
    await listen(
      `${crisis.url}/warnings/live`,
      {
        'x-baton-user': 'busan-center-staff',
        'x-baton-role': 'crisis-center',
        'x-baton-agency': BUSAN_CENTER,
      },
      events,
      abort.signal,
    );
    try {
      const busanFirm = await registerAndReport(610_000_001, '26', 'busan-power-semiconductors');
      const raised = await eventually(async () =>
        events.find((e) => e.event === 'crisis-monitoring.warning-raised.v1' && e.data.subject === busanFirm),
      );
      expect(raised.data.data).toMatchObject({
        signal: 'sales-drop-yoy',
        level: 'alert',
        regionCode: '26',
        routedToAgencyId: BUSAN_CENTER,
        routingReason: 'center',
        ruleSetVersion: 1,
        inputs: {
          periods: ['2024', '2025'],
          values: { '2024.sales': 2_000_000_000, '2025.sales': 900_000_000 },
        },
      });
      const onBus = await eventually(async () => {
        const types = await publishedFor(db, busanFirm);
        return types.includes('crisis-monitoring.warning-raised.v1') ? types : undefined;
      });
      expect(onBus).toContain('crisis-monitoring.warning-raised.v1');

      const sejongFirm = await registerAndReport(610_000_002, '36', 'sejong-data-ai-security');
      const ministry = { 'x-baton-user': 'ministry-1', 'x-baton-role': 'ministry' };
      const sejong = await eventually(async () => {
        const list = await call(`${crisis.url}/warnings?firmId=${sejongFirm}`, 'GET', ministry);
        return list.body?.items?.[0];
      });
      expect(sejong).toMatchObject({
        routedTo: DAEJEON_SEJONG_OFFICE,
        routingReason: 'regional-office-fallback',
      });
      // The 부산 center's stream never carried the 세종 firm.
      expect(events.some((e) => e.data.subject === sejongFirm)).toBe(false);
    } finally {
      abort.abort();
    }
  });
});
