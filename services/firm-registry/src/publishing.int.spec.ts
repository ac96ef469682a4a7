import { randomUUID } from 'node:crypto';
import { allContracts, TOPICS } from '@baton/contracts';
import { fromBusMessage, fromKafkaHeaders, type IntegrationEvent } from '@baton/messaging';
import { parsePositionToken } from '@baton/platform';
import { describeWithKafka, kafkaBrokers } from '@baton/testing';
import { Kafka, logLevel } from 'kafkajs';
import {
  brnSequence,
  command,
  registration,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

const TOPIC = TOPICS.firmRegistry.name;
const SECRETS = ['최비밀', 'secret.ceo@hidden.example', '051-999-8888', '박새대표', 'new.ceo@hidden.example'];

/** What the firm registry publishes: stored events → integration events (libs/contracts) on the bus. */
describe('publishing on the embedded bus', () => {
  let h: Harness;
  const nextBrn = brnSequence(700_000_000);
  const brn = nextBrn();
  let firmId: string;
  let messages: {
    partition: number;
    offset: string;
    key: string;
    headers: Record<string, string>;
    value: Buffer;
  }[];
  let events: IntegrationEvent<Record<string, unknown>>[];

  beforeAll(async () => {
    h = await startHarness();
    const registered = await h.request('POST', '/firms', {
      body: registration({
        businessRegistrationNumber: brn,
        name: '주식회사 바톤정밀',
        representative: { name: '최비밀', email: 'secret.ceo@hidden.example', phone: '051-999-8888' },
      }),
      headers: { 'x-request-id': 'publishing-story-1' },
    });
    expect(registered.status).toBe(201);
    firmId = registered.body.firmId;
    // Another firm's events share the topic but not the key.
    await command(h, 'POST', '/firms', registration({ businessRegistrationNumber: nextBrn() }), {
      status: 201,
    });

    await command(h, 'POST', `/firms/${firmId}/relocation`, {
      toRegion: '26',
      industryId: 'busan-power-semiconductors',
      relocatedOn: '2026-05-01',
    });
    // Only personal data changed: nothing public changed, so nothing is published for it.
    const amended = await h.request('PATCH', `/firms/${firmId}`, {
      body: { representative: { name: '박새대표', email: 'new.ceo@hidden.example' } },
    });
    expect(amended.status).toBe(200);
    await command(h, 'POST', `/firms/${firmId}/indicator-reports`, {
      period: '2026-Q1',
      indicators: { sales: 820_000_000, employees: 23, debtRatio: 145.5 },
    });
    await command(h, 'POST', `/firms/${firmId}/stage-assessments`, {
      stage: 'preliminary',
      scores: { innovation: 61, growth: 58, jobCreation: 40 },
      effectiveAt: '2026-06-01T00:00:00+09:00',
    });
    const closed = await command(h, 'POST', `/firms/${firmId}/closure`, {
      reason: 'business-closed',
      closedOn: '2026-10-31',
    });

    await h.service.runtime.publisher.waitForPosition(parsePositionToken(closed.position!)!, 10_000);
    messages = await h.service.runtime.dataSource.query(
      `SELECT partition, "offset", key, headers, value FROM bus.messages
       WHERE topic = $1 AND key = $2 ORDER BY partition, "offset"`,
      [TOPIC, firmId],
    );
    events = messages.map(
      (m) => fromBusMessage({ topic: TOPIC, ...m }) as IntegrationEvent<Record<string, unknown>>,
    );
  });
  afterAll(() => h?.close());

  it('holds the firm’s integration events in order, on one partition, keyed by the firm', () => {
    expect(events.map((e) => e.type)).toEqual([
      'firm-registry.firm-registered.v1',
      'firm-registry.firm-relocated.v1',
      'firm-registry.firm-profile-amended.v1',
      'firm-registry.indicators-reported.v1',
      'firm-registry.growth-stage-assessed.v1',
      'firm-registry.firm-closed.v1',
    ]);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    const offsets = messages.map((m) => BigInt(m.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('every event is valid against its contract and names the firm, the source and the actor', () => {
    for (const event of events) {
      expect(allContracts.validate(event.type, event.data)).toEqual({ ok: true });
      expect(allContracts.get(event.type).topic.name).toBe(TOPIC);
      expect(event).toMatchObject({
        specversion: '1.0',
        source: '/baton/firm-registry',
        subject: firmId,
        datacontenttype: 'application/json',
        actor: 'staff-daegu-tp',
        actorrole: 'agency-staff',
        actoragency: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      });
      expect(event.data.firmId).toBe(firmId);
      expect(Date.parse(event.time)).not.toBeNaN();
    }
    expect(events[0].correlationid).toBe('publishing-story-1');
  });

  it('carries the public facts of each change', () => {
    const [registered, relocated, amended, indicators, assessed, closed] = events.map((e) => e.data);
    expect(registered).toEqual({
      firmId,
      businessRegistrationNumber: brn,
      name: '주식회사 바톤정밀',
      regionCode: '27',
      industryId: 'daegu-advanced-autonomous-manipulation',
      growthStage: 'potential',
      registeredAt: expect.any(String),
    });
    expect(relocated).toEqual({
      firmId,
      fromRegionCode: '27',
      toRegionCode: '26',
      relocatedAt: '2026-05-01T00:00:00+09:00',
    });
    expect(amended).toEqual({
      firmId,
      industryId: 'busan-power-semiconductors',
      amendedAt: expect.any(String),
    });
    expect(indicators).toEqual({
      firmId,
      period: '2026-Q1',
      sales: 820_000_000,
      employees: 23,
      debtRatio: 145.5,
      reportedAt: expect.any(String),
    });
    expect(assessed).toMatchObject({
      firmId,
      stage: 'preliminary',
      scores: { innovation: 61, growth: 58, jobCreation: 40 },
      effectiveAt: '2026-06-01T00:00:00+09:00',
    });
    expect(closed).toEqual({ firmId, reason: 'business-closed', closedAt: '2026-10-31T00:00:00+09:00' });
  });

  it('publishes no representative data, in clear or sealed', () => {
    for (const m of messages) {
      const text = `${JSON.stringify(m.headers)}${m.value.toString('utf8')}`;
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/representative|ciphertext/i);
    }
  });
});

describeWithKafka('publishing on Kafka', () => {
  let h: Harness;
  const nextBrn = brnSequence(710_000_000);

  beforeAll(async () => {
    h = await startHarness({ BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers()!.join(',') });
  });
  afterAll(() => h?.close());

  it('a registered firm’s firm-registered.v1 event reaches the Kafka topic, keyed by the firm', async () => {
    const answer = await command(
      h,
      'POST',
      '/firms',
      registration({ businessRegistrationNumber: nextBrn(), representative: { name: '최비밀' } }),
      { status: 201 },
    );
    await h.service.runtime.publisher.waitForPosition(parsePositionToken(answer.position!)!, 15_000);

    const kafka = new Kafka({
      brokers: kafkaBrokers()!,
      clientId: 'firm-registry-test',
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `firm-registry-test-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
      const found = await new Promise<{ key: string; event: IntegrationEvent<Record<string, unknown>> }>(
        (resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no event for ${answer.firmId} on ${TOPIC}`)),
            20_000,
          );
          consumer
            .run({
              eachMessage: async ({ partition, message }) => {
                const received = {
                  topic: TOPIC,
                  partition,
                  offset: message.offset,
                  key: message.key?.toString('utf8') ?? '',
                  headers: fromKafkaHeaders(message.headers),
                  value: message.value ?? Buffer.alloc(0),
                };
                const event = fromBusMessage(received) as IntegrationEvent<Record<string, unknown>>;
                if (
                  event.type === 'firm-registry.firm-registered.v1' &&
                  event.data.firmId === answer.firmId
                ) {
                  clearTimeout(timer);
                  resolve({ key: received.key, event });
                }
              },
            })
            .catch(reject);
        },
      );
      expect(found.key).toBe(answer.firmId);
      expect(found.event).toMatchObject({
        source: '/baton/firm-registry',
        subject: answer.firmId,
        data: { firmId: answer.firmId, regionCode: '27', growthStage: 'potential' },
      });
      expect(allContracts.validate(found.event.type, found.event.data)).toEqual({ ok: true });
      expect(JSON.stringify(found.event)).not.toContain('최비밀');
    } finally {
      await consumer.disconnect();
    }
  }, 60_000);
});
