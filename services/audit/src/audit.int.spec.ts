import { randomUUID } from 'node:crypto';
import { verifyChain, type LedgerEntry } from './ledger';
import { firmIdOfBrn } from './firm-history/firm-ref';
import { eventAbout, topicOf } from './testing/events';
import { startAuditHarness, type AuditHarness } from './testing/audit.harness';
import type { IntegrationEvent } from '@baton/messaging';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
const TP = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const CCEI = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

/** One firm's story over the last 200 days: registered, promoted, supported, warned; then a back-dated move. */
function story(firmId: string, brn: string) {
  const d0 = Math.floor((Date.now() - 200 * DAY) / 1000) * 1000;
  const at = (days: number) => kst(d0 + days * DAY);
  const caseId = randomUUID();
  const proposalId = randomUUID();
  const first = [
    eventAbout(
      firmId,
      'firm-registry.firm-registered.v1',
      {
        businessRegistrationNumber: brn,
        name: '주식회사 한빛정밀',
        regionCode: '26',
        growthStage: 'preliminary',
        registeredAt: at(0),
      },
      { time: at(0) },
    ),
    eventAbout(
      firmId,
      'firm-registry.growth-stage-assessed.v1',
      { stage: 'leading', effectiveAt: at(30) },
      { time: at(20) },
    ),
    eventAbout(
      firmId,
      'relay.case-opened.v1',
      { caseId, holderAgencyId: TP, regionCode: '26', openedAt: at(40) },
      { time: at(40) },
    ),
    eventAbout(
      firmId,
      'relay.handoff-proposed.v1',
      {
        caseId,
        proposalId,
        fromAgencyId: TP,
        toAgencyId: CCEI,
        proposedAt: at(50),
      },
      { time: at(50) },
    ),
    eventAbout(
      firmId,
      'relay.handoff-accepted.v1',
      { caseId, proposalId, fromAgencyId: TP, toAgencyId: CCEI, acceptedAt: at(52) },
      { time: at(52) },
    ),
    eventAbout(
      firmId,
      'crisis-monitoring.warning-raised.v1',
      { warningId: randomUUID(), raisedAt: at(60) },
      { time: at(60) },
    ),
  ];
  // Told on day 100 that the firm moved on day 45.
  const second = [
    eventAbout(
      firmId,
      'firm-registry.firm-relocated.v1',
      {
        fromRegionCode: '26',
        toRegionCode: '48',
        relocatedAt: at(45),
      },
      { time: at(100) },
    ),
  ];
  return { first, second, caseId, at };
}

/**
 * An independent fold of the facts the story touches, written apart from src/replay (mutable, by hand): what
 * an auditor expects the region, stage, case holder and warnings to be, as known at T or as in effect at T.
 */
function expected(
  recorded: { event: IntegrationEvent; recordedAt: string }[],
  t: number,
  mode: 'known' | 'effective',
) {
  const businessTime = (e: IntegrationEvent): number => {
    const d = e.data as Record<string, string>;
    const field = {
      'firm-registry.firm-registered.v1': 'registeredAt',
      'firm-registry.growth-stage-assessed.v1': 'effectiveAt',
      'firm-registry.firm-relocated.v1': 'relocatedAt',
      'relay.case-opened.v1': 'openedAt',
      'relay.handoff-proposed.v1': 'proposedAt',
      'relay.handoff-accepted.v1': 'acceptedAt',
    }[e.type];
    return Date.parse(field ? d[field] : e.time);
  };
  const chosen = recorded
    .map((r, i) => ({ ...r, i }))
    .filter((r) => (mode === 'known' ? Date.parse(r.recordedAt) <= t : businessTime(r.event) <= t));
  if (mode === 'effective') chosen.sort((a, b) => businessTime(a.event) - businessTime(b.event) || a.i - b.i);
  const view = {
    status: 'unregistered',
    region: undefined as string | undefined,
    stage: undefined as string | undefined,
    holder: undefined as string | undefined,
    warnings: 0,
  };
  for (const { event } of chosen) {
    const d = event.data as Record<string, string>;
    if (event.type === 'firm-registry.firm-registered.v1')
      Object.assign(view, { status: 'active', region: d.regionCode, stage: d.growthStage });
    if (event.type === 'firm-registry.growth-stage-assessed.v1') view.stage = d.stage;
    if (event.type === 'firm-registry.firm-relocated.v1') view.region = d.toRegionCode;
    if (event.type === 'relay.case-opened.v1') view.holder = d.holderAgencyId;
    if (event.type === 'relay.handoff-accepted.v1' && view.holder !== undefined) view.holder = d.toAgencyId;
    if (event.type === 'crisis-monitoring.warning-raised.v1') view.warnings++;
  }
  return view;
}

describe('audit ledger service (embedded bus, real PostgreSQL)', () => {
  let h: AuditHarness;
  const brn = '1168200276';
  const firmId = firmIdOfBrn(brn);
  let s: ReturnType<typeof story>;

  beforeAll(async () => {
    h = await startAuditHarness();
    s = story(firmId, brn);
    await h.publish(s.first);
    await h.waitForEntries(s.first.length);
    await new Promise((r) => setTimeout(r, 20));
    await h.publish(s.second);
    await h.waitForEntries(s.first.length + s.second.length);
  });
  afterAll(() => h?.close());

  async function exported(id = firmId): Promise<LedgerEntry[]> {
    const answer = await h.request(`/firms/${id}/export?format=json`);
    expect(answer.status).toBe(200);
    return answer.body.entries;
  }

  it('records every event of the three topics in the firm’s chain, with the bus position it was read from', async () => {
    const entries = await exported();
    // Topics are consumed concurrently: the chain keeps each topic's order (and the firm's order on it).
    const published = [...s.first, ...s.second];
    expect(new Set(entries.map((e) => e.eventId))).toEqual(new Set(published.map((e) => e.id)));
    for (const topic of new Set(entries.map((e) => e.topic)))
      expect(entries.filter((e) => e.topic === topic).map((e) => e.eventId)).toEqual(
        published.filter((e) => topicOf(e.type) === topic).map((e) => e.id),
      );
    expect(entries.at(-1)!.eventId).toBe(s.second[0].id);
    expect(entries.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(entries.map((e) => e.topic))).toEqual(
      new Set(['baton.firm-registry.v1', 'baton.relay.v1', 'baton.crisis-monitoring.v1']),
    );
    const { rows } = await h.sql.query(
      `SELECT topic, partition, "offset"::text AS "offset", value, headers->>'ce_id' AS id FROM bus.messages WHERE key = $1`,
      [firmId],
    );
    for (const e of entries) {
      const message = rows.find((m) => m.id === e.eventId);
      expect({ topic: e.topic, partition: e.partition, offset: e.offset }).toEqual({
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      });
      expect(e.payload.data).toEqual(JSON.parse(message.value.toString('utf8')));
    }
    expect(verifyChain(entries)).toMatchObject({ ok: true, count: 7 });
    for (let i = 1; i < entries.length; i++)
      expect(Date.parse(entries[i].recordedAt)).toBeGreaterThanOrEqual(Date.parse(entries[i - 1].recordedAt));
  });

  it('records a redelivered event once (inbox), and a firm’s events arriving on three topics at once in one gapless chain', async () => {
    const other = randomUUID();
    const burst = Array.from({ length: 60 }, (_, i) =>
      eventAbout(
        other,
        [
          'firm-registry.indicators-reported.v1',
          'relay.case-opened.v1',
          'crisis-monitoring.warning-raised.v1',
        ][i % 3],
        i % 3 === 0
          ? { period: `20${10 + (i % 15)}`, reportedAt: kst(Date.now() - DAY) }
          : i % 3 === 1
            ? { caseId: randomUUID() }
            : { warningId: randomUUID() },
        { time: kst(Date.now() - DAY) },
      ),
    );
    const before = Number((await h.sql.query('SELECT count(*) AS n FROM ledger_entries')).rows[0].n);
    await Promise.all([0, 1, 2].map((k) => h.publish(burst.filter((_, i) => i % 3 === k))));
    await h.publish([burst[0], burst[1]]); // delivered again (a publisher re-sending after a crash)
    await h.waitForEntries(before + 60);
    await new Promise((r) => setTimeout(r, 1500));
    const entries = await exported(other);
    expect(entries).toHaveLength(60);
    expect(entries.map((e) => e.sequence)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(verifyChain(entries).ok).toBe(true);
    const { rows } = await h.sql.query('SELECT sequence FROM ledger_heads WHERE firm_id = $1', [other]);
    expect(rows[0].sequence).toBe(60);
  });

  it('answers as of any instant, as known then and as in effect then, as an independent fold does', async () => {
    const entries = await exported();
    const recorded = entries.map((e) => ({ event: e.payload, recordedAt: e.recordedAt }));
    const instants = new Set<number>();
    for (const e of entries) {
      instants.add(Date.parse(e.recordedAt));
      instants.add(Date.parse(e.recordedAt) - 1);
    }
    for (const days of [-1, 0, 20, 29, 30, 41, 45, 46, 51, 53, 61, 101])
      instants.add(Date.parse(s.at(days)) - 1);
    let compared = 0;
    for (const t of [...instants].filter((i) => i <= Date.now())) {
      for (const mode of ['known', 'effective'] as const) {
        const asOf = new Date(t).toISOString();
        const answer = await h.request(
          `/firms/${firmId}/state?asOf=${encodeURIComponent(asOf)}&mode=${mode}`,
        );
        expect(answer.status).toBe(200);
        const state = answer.body.state;
        const want = expected(recorded, t, mode);
        expect({
          status: state.registry.status,
          region: state.registry.region,
          stage: state.registry.stage?.stage,
          holder: state.cases[s.caseId]?.holderAgencyId,
          warnings: Object.keys(state.warnings).length,
        }).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
    // The back-dated move: on day 46 the firm was already in 경남 (48), but the ledger did not know it yet.
    const betweenBatches = new Date(Date.parse(entries[6].recordedAt) - 1).toISOString();
    const known = await h.request(
      `/firms/${firmId}/state?asOf=${encodeURIComponent(betweenBatches)}&mode=known`,
    );
    expect(known.body.state.registry.region).toBe('26');
    const now = await h.request(`/firms/${firmId}/state?asOf=${encodeURIComponent(s.at(46))}&mode=effective`);
    expect(now.body.state.registry.region).toBe('48');
  });

  it('a replay read before sees what was recorded since (the replay cache follows the head)', async () => {
    const firm = randomUUID();
    const first = eventAbout(
      firm,
      'relay.case-opened.v1',
      { caseId: randomUUID() },
      { time: kst(Date.now() - DAY) },
    );
    const before = Number((await h.sql.query('SELECT count(*) AS n FROM ledger_entries')).rows[0].n);
    await h.publish([first]);
    await h.waitForEntries(before + 1);
    const once = await h.request(`/firms/${firm}/state`);
    expect(Object.keys(once.body.state.cases)).toHaveLength(1);
    const second = eventAbout(
      firm,
      'relay.case-opened.v1',
      { caseId: randomUUID() },
      { time: kst(Date.now() - DAY) },
    );
    await h.publish([second]);
    await h.waitForEntries(before + 2);
    const twice = await h.request(`/firms/${firm}/state`);
    expect(Object.keys(twice.body.state.cases).sort()).toEqual(
      [(first.data as { caseId: string }).caseId, (second.data as { caseId: string }).caseId].sort(),
    );
    const earlier = await h.request(`/firms/${firm}/state?asOf=${encodeURIComponent(once.body.asOf)}`);
    expect(Object.keys(earlier.body.state.cases)).toHaveLength(1);
    expect((await h.request(`/firms/${firm}/timeline`)).body.count).toBe(2);
  });

  it('finds the firm by its business registration number, written either way', async () => {
    const byId = await h.request(`/firms/${firmId}/state`);
    const byBrn = await h.request(`/firms/116-82-00276/state?asOf=${encodeURIComponent(byId.body.asOf)}`);
    expect(byBrn.status).toBe(200);
    expect(byBrn.body.firmId).toBe(firmId);
    expect(byBrn.body.state).toEqual(
      (await h.request(`/firms/${firmId}/state?asOf=${encodeURIComponent(byId.body.asOf)}`)).body.state,
    );
    const summary = await h.request('/firms/1168200276');
    expect(summary.body).toMatchObject({ firmId, businessRegistrationNumber: brn, entries: 7 });
  });

  it('diffs two instants and lists the timeline in business-time order', async () => {
    const d = await h.request(
      `/firms/${firmId}/diff?from=${encodeURIComponent(s.at(44))}&to=${encodeURIComponent(s.at(46))}&mode=effective`,
    );
    expect(d.status).toBe(200);
    expect(d.body.changes).toEqual([{ path: '/registry/region', before: '26', after: '48' }]);
    const t = await h.request(`/firms/${firmId}/timeline`);
    expect(t.body.count).toBe(7);
    expect(t.body.items.map((i: { type: string }) => i.type)).toEqual([
      'firm-registry.firm-registered.v1',
      'firm-registry.growth-stage-assessed.v1',
      'relay.case-opened.v1',
      'firm-registry.firm-relocated.v1',
      'relay.handoff-proposed.v1',
      'relay.handoff-accepted.v1',
      'crisis-monitoring.warning-raised.v1',
    ]);
  });

  describe('bad input: problem+json naming the field and the rule', () => {
    const problem = async (path: string, status: number) => {
      const answer = await h.request(path);
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return answer.body;
    };

    it('an unknown firm → 404 firm-not-found', async () => {
      const body = await problem(`/firms/${randomUUID()}/state`, 404);
      expect(body.type).toMatch(/firm-not-found$/);
      expect((await problem('/firms/999-99-99999/timeline', 404)).businessRegistrationNumber).toBe(
        '9999999999',
      );
    });

    it.each([
      ['2026-03-01', 'a date without a time'],
      ['2026-03-01T00:00:00', 'no offset'],
      ['yesterday', 'words'],
      ['2026-02-30T25:00:00Z', 'no such hour'],
    ])('a malformed asOf (%s: %s) → 400 asOf/rfc3339', async (asOf) => {
      const body = await problem(`/firms/${firmId}/state?asOf=${encodeURIComponent(asOf)}`, 400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'asOf', rule: 'rfc3339' })]);
    });

    it('an asOf in the future → 422 as-of-in-the-future', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const body = await problem(`/firms/${firmId}/state?asOf=${encodeURIComponent(future)}`, 422);
      expect(body.type).toMatch(/as-of-in-the-future$/);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'asOf', rule: 'notInFuture' })]);
    });

    it('a bad mode, an unknown parameter, a bad firm reference, from after to → 400 naming each', async () => {
      expect((await problem(`/firms/${firmId}/state?mode=later`, 400)).errors).toEqual([
        expect.objectContaining({ field: 'mode', rule: 'isIn' }),
      ]);
      expect((await problem(`/firms/${firmId}/state?as_of=x`, 400)).errors).toEqual([
        expect.objectContaining({ field: 'as_of', rule: 'unknownField' }),
      ]);
      expect((await problem('/firms/not-a-firm/state', 400)).errors).toEqual([
        expect.objectContaining({ field: 'firm', rule: 'firmIdOrBrn' }),
      ]);
      const from = encodeURIComponent(s.at(50));
      const to = encodeURIComponent(s.at(40));
      expect((await problem(`/firms/${firmId}/diff?from=${from}&to=${to}`, 400)).errors).toEqual([
        expect.objectContaining({ field: 'from', rule: 'notAfterTo' }),
      ]);
      expect((await problem(`/firms/${firmId}/export?format=docx`, 400)).errors).toEqual([
        expect.objectContaining({ field: 'format', rule: 'isIn' }),
      ]);
    });
  });

  describe('access: auditors, the ministry and admins read; every read is recorded', () => {
    it('refuses other roles (403) and anonymous requests (401) and records nothing for them', async () => {
      const before = (await h.sql.query('SELECT count(*)::int AS n FROM audit_reads')).rows[0].n;
      for (const as of ['staff', 'crisisCenter'] as const) {
        const answer = await h.request(`/firms/${firmId}/timeline`, as);
        expect(answer.status).toBe(403);
        expect(answer.body.type).toMatch(/forbidden$/);
      }
      expect((await h.request(`/firms/${firmId}/timeline`, 'nobody')).status).toBe(401);
      expect((await h.request('/completeness', 'staff')).status).toBe(403);
      expect((await h.request('/reads', 'staff')).status).toBe(403);
      expect((await h.sql.query('SELECT count(*)::int AS n FROM audit_reads')).rows[0].n).toBe(before);
    });

    it('lists who read which firm, when and how; the log cannot be altered', async () => {
      await h.request(`/firms/${firmId}/timeline`, 'ministry');
      await h.request(`/firms/${firmId}/state?mode=effective`, 'admin');
      const reads = await h.request(`/reads?firm=${firmId}&limit=2`);
      expect(reads.status).toBe(200);
      expect(reads.body.items).toEqual([
        expect.objectContaining({
          userId: 'admin-park',
          role: 'admin',
          firmId,
          what: 'state',
          detail: expect.objectContaining({ mode: 'effective' }),
        }),
        expect.objectContaining({ userId: 'ministry-lee', role: 'ministry', firmId, what: 'timeline' }),
      ]);
      expect(Date.parse(reads.body.items[0].readAt)).toBeGreaterThanOrEqual(
        Date.parse(reads.body.items[1].readAt),
      );
      const next = await h.request(`/reads?firm=${firmId}&limit=2&cursor=${reads.body.nextCursor}`);
      expect(next.body.items.length).toBeGreaterThan(0);
      expect(Number(next.body.items[0].readId)).toBeLessThan(Number(reads.body.items[1].readId));
      const byBrn = await h.request(`/reads?firm=116-82-00276&user=auditor-kim`);
      expect(
        byBrn.body.items.every(
          (r: { firmId: string; userId: string }) => r.firmId === firmId && r.userId === 'auditor-kim',
        ),
      ).toBe(true);
      await expect(h.sql.query(`UPDATE audit_reads SET user_id = 'someone-else'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(h.sql.query('DELETE FROM audit_reads')).rejects.toThrow(/append-only/);
    });
  });

  it('serves /health and /metrics through the platform module', async () => {
    const health = await h.request('/health', 'nobody');
    expect(health.status).toBe(200);
    expect(health.body.checks).toMatchObject({
      database: { status: 'up' },
      bus: { status: 'up' },
      digests: { status: 'up' },
    });
    const metrics = await h.request('/metrics', 'nobody');
    const text = metrics.raw.toString('utf8');
    expect(text).toMatch(/audit_ledger_entries\{service="audit"\} (\d+)/);
    expect(Number(/audit_ledger_entries\{service="audit"\} (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(67);
    expect(text).toContain('http_request_duration_seconds');
  });
});
