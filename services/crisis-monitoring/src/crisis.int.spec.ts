import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firmRegisteredV1 } from '@baton/contracts';
import { signWebhook } from '@baton/platform';
import { agencyIdOfSlug } from './routing/warning-routing';
import { RULE_SET_V1 } from './rules/rule-set.v1';
import {
  asAgency,
  MINISTRY,
  startCrisisHarness,
  type Answer,
  type CrisisHarness,
} from './testing/crisis.harness';

const DAEGU_CENTER = agencyIdOfSlug('daegu-crisis-support-center');
const BUSAN_CENTER = agencyIdOfSlug('busan-crisis-support-center');
const SEOUL_OFFICE = agencyIdOfSlug('seoul-regional-sme-office');
const DAEGU_OFFICE = agencyIdOfSlug('daegu-gyeongbuk-regional-sme-office');

/** Crisis monitoring on real PostgreSQL with the embedded bus: facts in, warnings out, and their lifecycle. */
describe('crisis monitoring', () => {
  let h: CrisisHarness;
  beforeAll(async () => {
    h = await startCrisisHarness();
  });
  afterAll(() => h?.close());

  async function refused(run: () => Promise<Answer>): Promise<Answer> {
    const before = await h.eventCount();
    const answer = await run();
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await h.eventCount()).toBe(before);
    return answer;
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function firmIn(region: string, industryId = 'test-industry') {
    const firmId = randomUUID();
    await h.publishFirmEvent(
      'firm-registry.firm-registered.v1',
      {
        ...firmRegisteredV1.example,
        firmId,
        regionCode: region,
        industryId,
        registeredAt: '2024-01-10T00:00:00+09:00',
      },
      { time: '2024-01-10T00:00:00+09:00' },
    );
    return firmId;
  }

  const report = (firmId: string, period: string, indicators: Record<string, number>, reportedAt: string) =>
    h.publishFirmEvent(
      'firm-registry.indicators-reported.v1',
      { firmId, period, ...indicators, reportedAt },
      { time: reportedAt },
    );

  async function warningsOf(firmId: string, headers: Record<string, string> = MINISTRY, status = 'open') {
    return (await h.request('GET', `/warnings?firmId=${firmId}&status=${status}`, headers)).body.items as {
      warningId: string;
      signal: string;
      level: string | null;
      routedTo: string;
      routingReason: string;
      ruleSetVersion: number;
      ruleId: string;
      inputs: { periods: string[]; values: Record<string, number> };
    }[];
  }

  const warningOn = (firmId: string, signal: string) =>
    eventually(async () => (await warningsOf(firmId)).find((w) => w.signal === signal));

  it('serves the seeded rule set v1 as the one in force', async () => {
    const current = await h.request('GET', '/rule-sets/current', MINISTRY);
    expect(current.status).toBe(200);
    expect(current.body).toEqual(RULE_SET_V1);
  });

  it('refuses rule sets with unknown signals, impossible thresholds or overlapping levels, naming each field; nothing written', async () => {
    const bad = structuredClone(RULE_SET_V1) as unknown as {
      version: number;
      rules: Record<string, unknown>[];
    };
    bad.version = 2;
    bad.rules[0] = { ...bad.rules[0], signal: 'horoscope' };
    bad.rules[1] = {
      ...bad.rules[1],
      thresholds: [
        { level: 'caution', value: 10 },
        { level: 'pre-alert', value: 150 },
      ],
    };
    bad.rules[2] = {
      ...bad.rules[2],
      thresholds: [
        { level: 'caution', value: 300 },
        { level: 'pre-alert', value: 200 },
      ],
    };
    const r = await refused(() => h.request('POST', '/rule-sets', MINISTRY, { ruleSet: bad }));
    expect(r.status).toBe(422);
    expect(r.body.type).toMatch(/invalid-rule-set$/);
    const fields = (r.body.errors as { field: string; rule: string }[]).map((e) => e.field);
    expect(fields.some((f) => f.startsWith('ruleSet.rules[0].signal'))).toBe(true);
    expect(fields.some((f) => f.startsWith('ruleSet.rules[1].thresholds'))).toBe(true);
    expect(fields.some((f) => f.startsWith('ruleSet.rules[2].thresholds'))).toBe(true);

    const staff = await refused(() =>
      h.request('POST', '/rule-sets', asAgency(DAEGU_CENTER), { ruleSet: { ...RULE_SET_V1, version: 2 } }),
    );
    expect(staff.status).toBe(403);
    const notNewer = await refused(() => h.request('POST', '/rule-sets', MINISTRY, { ruleSet: RULE_SET_V1 }));
    expect(notNewer.status).toBe(409);
  });

  it("a sales drop in 대구 raises one warning, routed to 대구's crisis support center with the rule, version and inputs; a redelivery raises nothing more", async () => {
    const firmId = await firmIn('27');
    await report(firmId, '2025', { sales: 1_000_000_000 }, '2026-03-10T09:00:00+09:00');
    const id = await report(firmId, '2026', { sales: 550_000_000 }, '2026-03-20T09:00:00+09:00');
    const warning = await warningOn(firmId, 'sales-drop-yoy');
    expect(warning).toMatchObject({
      level: 'pre-alert',
      routedTo: DAEGU_CENTER,
      routingReason: 'center',
      ruleSetVersion: 1,
      ruleId: 'sales-drop-yoy-annual',
      inputs: {
        periods: ['2025', '2026'],
        values: { '2025.sales': 1_000_000_000, '2026.sales': 550_000_000 },
      },
    });
    // The same event delivered again (same id): recorded once, evaluated once.
    await report(firmId, '2026', { sales: 550_000_000 }, '2026-03-20T09:00:00+09:00').then(() => undefined);
    await h.publishFirmEvent(
      'firm-registry.indicators-reported.v1',
      { firmId, period: '2026', sales: 550_000_000, reportedAt: '2026-03-20T09:00:00+09:00' },
      { id },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await warningsOf(firmId)).toHaveLength(1);
    const facts = await h.service.runtime.dataSource.query(
      'SELECT count(*)::int AS n FROM firm_facts WHERE firm_id = $1',
      [firmId],
    );
    expect(facts[0].n).toBe(4); // registration, 2025, 2026, the 2026 re-report (a new event); the redelivery is not there
  });

  it('where the region has no crisis support center (서울), the regional SME office gets the warning', async () => {
    const firmId = await firmIn('11');
    await report(firmId, '2025', { debtRatio: 450 }, '2026-03-10T09:00:00+09:00');
    const warning = await warningOn(firmId, 'debt-ratio');
    expect(warning).toMatchObject({
      level: 'alert',
      routedTo: SEOUL_OFFICE,
      routingReason: 'regional-office-fallback',
    });
  });

  it('hysteresis: a debt ratio hovering at a threshold does not flap; it eases only past the clear margin', async () => {
    const firmId = await firmIn('27');
    await report(firmId, '2023', { debtRatio: 305 }, '2026-01-10T09:00:00+09:00');
    await warningOn(firmId, 'debt-ratio');
    await report(firmId, '2024', { debtRatio: 295 }, '2026-01-11T09:00:00+09:00'); // inside the margin (20)
    await report(firmId, '2025', { debtRatio: 301 }, '2026-01-12T09:00:00+09:00');
    await report(firmId, '2026', { debtRatio: 270 }, '2026-01-13T09:00:00+09:00'); // past it: eases to caution
    const eased = await eventually(async () => {
      const w = (await warningsOf(firmId)).find((x) => x.signal === 'debt-ratio');
      return w?.level === 'caution' ? w : undefined;
    });
    const detail = await h.request('GET', `/warnings/${eased.warningId}`, MINISTRY);
    expect(detail.body.history.map((e: { type: string }) => e.type)).toEqual([
      'WarningRaised',
      'WarningLevelChanged',
    ]);
    expect(await warningsOf(firmId)).toHaveLength(1); // never a second open warning for the same signal
  });

  it("only the agency it was routed to (or its region's office) handles a warning: acknowledge, plan, support, resolve; precision counts it", async () => {
    const firmId = await firmIn('27');
    await report(firmId, '2025', { overdueDays: 0 }, '2026-02-01T09:00:00+09:00');
    await report(firmId, '2026', { overdueDays: 95 }, '2026-02-10T09:00:00+09:00');
    const w = await warningOn(firmId, 'overdue-days-rising');
    const base = `/warnings/${w.warningId}`;

    const busan = await refused(() =>
      h.request('POST', `${base}/acknowledgement`, asAgency(BUSAN_CENTER), {}),
    );
    expect(busan.status).toBe(403);
    const ack = await h.request('POST', `${base}/acknowledgement`, asAgency(DAEGU_CENTER), {});
    expect(ack.status).toBe(200);
    const again = await refused(() =>
      h.request('POST', `${base}/acknowledgement`, asAgency(DAEGU_CENTER), {}),
    );
    expect(again.status).toBe(409);

    const badPlan = await refused(() =>
      h.request('POST', `${base}/prevention-plans`, asAgency(DAEGU_CENTER), {
        planId: 'x',
        summary: '',
        measures: 'no',
      }),
    );
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['planId', 'summary', 'measures']),
    );
    expect(
      (
        await h.request(
          'POST',
          `${base}/prevention-plans`,
          asAgency(DAEGU_OFFICE, 'regional-office', ['27']),
          {
            planId: randomUUID(),
            summary: '운전자금 긴급 지원',
            measures: ['긴급경영안정자금 신청'],
          },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await h.request('POST', `${base}/emergency-support`, asAgency(DAEGU_CENTER), {
          supportId: randomUUID(),
          link: { kind: 'relay-case', caseId: randomUUID() },
        })
      ).status,
    ).toBe(201);
    const resolved = await h.request('POST', `${base}/resolution`, asAgency(DAEGU_CENTER), {
      outcome: 'recovered',
    });
    expect(resolved.status).toBe(200);
    const closed = await refused(() =>
      h.request('POST', `${base}/dismissal`, asAgency(DAEGU_CENTER), { reason: '오경보' }),
    );
    expect(closed.status).toBe(409);

    const view = await h.request('GET', `${base}?waitFor=${resolved.body.position}`, asAgency(DAEGU_CENTER));
    expect(view.body).toMatchObject({ status: 'resolved', outcome: 'recovered', plans: 1, supports: 1 });
    expect(view.body.acknowledgedAt).not.toBeNull();
    const hidden = await h.request('GET', base, asAgency(BUSAN_CENTER));
    expect(hidden.status).toBe(403);

    // A false alarm on another firm, same rule: precision 1 of 2.
    const other = await firmIn('27');
    await report(other, '2025', { overdueDays: 0 }, '2026-02-01T09:00:00+09:00');
    await report(other, '2026', { overdueDays: 95 }, '2026-02-10T09:00:00+09:00');
    const o = await warningOn(other, 'overdue-days-rising');
    const dismissed = await h.request('POST', `/warnings/${o.warningId}/dismissal`, asAgency(DAEGU_CENTER), {
      reason: '연체 아님: 은행 전산 오류',
    });
    expect(dismissed.status).toBe(200);
    await h.request('GET', `/warnings/${o.warningId}?waitFor=${dismissed.body.position}`, MINISTRY);
    const precision = await h.request('GET', '/kpis/rule-precision', MINISTRY);
    expect(precision.body.items).toEqual(
      expect.arrayContaining([
        {
          ruleId: 'overdue-days-rising',
          signal: 'overdue-days-rising',
          resolved: 1,
          dismissed: 1,
          precision: 0.5,
        },
      ]),
    );
  });

  it('an unacknowledged warning past its SLA escalates to the regional SME office', async () => {
    const firmId = await firmIn('27');
    await h.publishFirmEvent(
      'firm-registry.firm-closed.v1',
      { firmId, reason: 'bankrupt', closedAt: '2026-04-01T00:00:00+09:00' },
      { time: '2026-04-01T00:00:00+09:00' },
    );
    const w = await warningOn(firmId, 'firm-closed');
    expect(w.level).toBe('insolvent');
    const escalated = await h.service.runtime.ackWatcher.tick(new Date(Date.now() + 30 * 86_400_000));
    expect(escalated).toBeGreaterThanOrEqual(1);
    const row = await eventually(async () => {
      const [r] = await h.service.runtime.dataSource.query(
        'SELECT escalated_to FROM warnings WHERE warning_id = $1',
        [w.warningId],
      );
      return r.escalated_to ? r : undefined;
    });
    expect(row.escalated_to).toBe(DAEGU_OFFICE);
    // The office now handles it too.
    expect(
      (
        await h.request(
          'POST',
          `/warnings/${w.warningId}/acknowledgement`,
          asAgency(DAEGU_OFFICE, 'regional-office'),
          {},
        )
      ).status,
    ).toBe(200);
  });

  it("a center receives its warnings live over SSE (and resumes after Last-Event-ID), not other regions'", async () => {
    const received: {
      id: string;
      event: string;
      data: { data: { firmId: string; routedToAgencyId?: string } };
    }[] = [];
    const abort = new AbortController();
    const response = await fetch(`${h.service.url}/warnings/live`, {
      headers: asAgency(DAEGU_CENTER),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let buffer = '';
    const pump = (async () => {
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
            received.push({ id: field('id')!, event: field('event')!, data: JSON.parse(field('data')!) });
        }
      }
    })();
    const daegu = await firmIn('27');
    const busan = await firmIn('26');
    await report(busan, '2025', { debtRatio: 500 }, '2026-05-01T09:00:00+09:00');
    await report(daegu, '2025', { debtRatio: 500 }, '2026-05-01T09:00:00+09:00');
    const mine = await eventually(async () => received.find((e) => e.data.data.firmId === daegu));
    expect(mine.event).toBe('crisis-monitoring.warning-raised.v1');
    expect(mine.data.data.routedToAgencyId).toBe(DAEGU_CENTER);
    expect(received.some((e) => e.data.data.firmId === busan)).toBe(false);
    abort.abort();
    await pump;

    // Reconnect with Last-Event-ID: what happened meanwhile arrives, nothing before it.
    const w = await warningOn(daegu, 'debt-ratio');
    const ack = await h.request(
      'POST',
      `/warnings/${w.warningId}/acknowledgement`,
      asAgency(DAEGU_CENTER),
      {},
    );
    expect(ack.status).toBe(200);
    const again = new AbortController();
    const resumed = await fetch(`${h.service.url}/warnings/live`, {
      headers: { ...asAgency(DAEGU_CENTER), 'last-event-id': mine.id },
      signal: again.signal,
    });
    const resumedReader = resumed.body!.getReader();
    let text = '';
    await eventually(async () => {
      const { value } = await resumedReader.read();
      text += Buffer.from(value!).toString('utf8');
      return text.includes('warning-acknowledged') ? text : undefined;
    });
    expect(text).toContain(w.warningId);
    expect(text).not.toContain('warning-raised');
    again.abort();
  });

  it("a center's webhook receives its warnings, signed", async () => {
    const deliveries: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const sub = await h.request('POST', `/agencies/${DAEGU_CENTER}/webhooks`, asAgency(DAEGU_CENTER), {
        url,
        eventTypes: ['crisis-monitoring.warning-raised.v1'],
      });
      expect(sub.status).toBe(201);
      const firmId = await firmIn('27');
      await report(firmId, '2025', { debtRatio: 900 }, '2026-06-01T09:00:00+09:00');
      await warningOn(firmId, 'debt-ratio');
      const delivery = await eventually(async () => {
        await h.service.runtime.webhooks.tick();
        return deliveries.find((d) => d.body.includes(firmId));
      });
      const [t] = String(delivery.headers['baton-signature']).split(',');
      const at = new Date(Number(t.slice(2)) * 1000);
      expect(delivery.headers['baton-signature']).toBe(signWebhook(sub.body.secret, delivery.body, at));
      expect(delivery.headers['baton-event-type']).toBe('crisis-monitoring.warning-raised.v1');
    } finally {
      server.close();
    }
  });

  it('a backtest of the rule set in force over the recorded history finds exactly the warnings the live run raised, and writes nothing', async () => {
    const before = await h.eventCount();
    const backtest = await h.request('POST', '/backtests', MINISTRY, { ruleSet: RULE_SET_V1 });
    expect(backtest.status).toBe(200);
    expect(await h.eventCount()).toBe(before);
    const raisedLive: { warning_id: string }[] = await h.service.runtime.dataSource.query(
      'SELECT warning_id FROM warnings ORDER BY warning_id',
    );
    const raisedBacktest = backtest.body.timeline
      .filter((e: { kind: string }) => e.kind === 'raised')
      .map((e: { warningId: string }) => e.warningId)
      .sort();
    expect(backtest.body.raised).toBe(raisedLive.length);
    expect(raisedBacktest).toEqual(raisedLive.map((r) => r.warning_id));

    const invalid = await h.request('POST', '/backtests', MINISTRY, {
      ruleSet: { ...RULE_SET_V1, rules: [] },
    });
    expect(invalid.status).toBe(422);
  });
});
