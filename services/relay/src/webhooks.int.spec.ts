import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agencySeedId } from './agencies/agency-seed';
import { startRelayHarness, staffOf, type RelayHarness } from './testing/relay.harness';

const DAEGU_TP = agencySeedId('daegu-technopark');
const DAEGU_CCEI = agencySeedId('daegu-creative-economy-innovation-center');

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Webhooks against a real HTTP receiver: signed, retried with backoff after failures, logged. */
describe('relay webhooks', () => {
  let h: RelayHarness;
  let receiver: Server;
  let url: string;
  const received: Received[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(500).end('not now');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    h = await startRelayHarness({
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_MAX_ATTEMPTS: '5',
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('delivers the proposal to the receiving agency’s system, signed, after retrying two failures', async () => {
    const subscribed = await h.request('POST', `/agencies/${DAEGU_CCEI}/webhooks`, staffOf(DAEGU_CCEI), {
      url,
    });
    expect(subscribed.status).toBe(201);
    const { secret, subscriptionId } = subscribed.body;
    expect(secret).toEqual(expect.any(String));

    const firmId = randomUUID();
    await h.knowFirm(firmId, '27');
    const caseId = randomUUID();
    await h.request('POST', '/cases', staffOf(DAEGU_TP), {
      caseId,
      firmId,
      goals: ['시제품'],
      phase: 'task-planning',
    });
    const proposalId = randomUUID();
    const proposed = await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), {
      proposalId,
      toAgencyId: DAEGU_CCEI,
      reason: '사업화',
      nextPhase: 'commercialisation',
      package: { summary: '요약', documents: [] },
      consent: {
        grantedBy: 'f',
        grantedAt: new Date().toISOString(),
        sharedWith: DAEGU_CCEI,
        items: [],
        includesSummary: true,
      },
    });
    expect(proposed.status).toBe(201);

    const until = Date.now() + 20_000;
    const log = async () =>
      (await h.request('GET', `/agencies/${DAEGU_CCEI}/webhooks/deliveries`, staffOf(DAEGU_CCEI))).body.items;
    while (!(await log()).some((d: { status: string }) => d.status === 'delivered') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));

    const [delivery] = await log();
    expect(delivery).toMatchObject({
      subscriptionId,
      eventType: 'relay.handoff-proposed.v1',
      status: 'delivered',
      attempts: 3,
      lastStatus: 204,
    });
    // Three attempts of the same event, the last one accepted; each signed over its own body and timestamp.
    expect(received).toHaveLength(3);
    for (const r of received) {
      const [t, v1] = String(r.headers['baton-signature']).split(',');
      const expected = createHmac('sha256', secret)
        .update(`${t.slice(2)}.${r.body}`)
        .digest('hex');
      expect(v1).toBe(`v1=${expected}`);
      expect(r.headers['baton-event-id']).toBe(delivery.eventId);
      expect(JSON.parse(r.body)).toMatchObject({
        type: 'relay.handoff-proposed.v1',
        data: { caseId, firmId, proposalId, toAgencyId: DAEGU_CCEI },
      });
    }
    // The sender's own agency has no subscription: nothing was queued for it; the case opening concerned only it.
    expect(received.every((r) => JSON.parse(r.body).type === 'relay.handoff-proposed.v1')).toBe(true);
  });

  it('an agency manages only its own webhooks (403), and a malformed URL is refused (400)', async () => {
    expect((await h.request('GET', `/agencies/${DAEGU_CCEI}/webhooks`, staffOf(DAEGU_TP))).status).toBe(403);
    const bad = await h.request('POST', `/agencies/${DAEGU_TP}/webhooks`, staffOf(DAEGU_TP), {
      url: 'not a url',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'url' });
  });
});
