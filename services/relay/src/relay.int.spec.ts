import { randomUUID } from 'node:crypto';
import { agencySeedId } from './agencies/agency-seed';
import { startRelayHarness, staffOf, type Answer, type RelayHarness } from './testing/relay.harness';

const DAEGU_TP = agencySeedId('daegu-technopark');
const DAEGU_CCEI = agencySeedId('daegu-creative-economy-innovation-center');
const BUSAN_TP = agencySeedId('busan-technopark');
const DAEGU_OFFICE = agencySeedId('daegu-gyeongbuk-regional-sme-office');

/** The relay's HTTP API on real PostgreSQL: the hand-off protocol, bad input, deadlines. */
describe('relay API', () => {
  let h: RelayHarness;
  beforeAll(async () => {
    h = await startRelayHarness();
  });
  afterAll(() => h?.close());

  async function refused(run: () => Promise<Answer>): Promise<Answer> {
    const before = await h.eventCount();
    const answer = await run();
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await h.eventCount()).toBe(before);
    return answer;
  }

  async function eventuallyListed(path: string, headers: Record<string, string>, proposalId: string) {
    const until = Date.now() + 10_000;
    for (;;) {
      const found = (await h.request('GET', path, headers)).body.items.find(
        (i: { proposalId: string }) => i.proposalId === proposalId,
      );
      if (found || Date.now() > until) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function openCase(holder = DAEGU_TP, region = '27') {
    const firmId = randomUUID();
    await h.knowFirm(firmId, region);
    const caseId = randomUUID();
    const opened = await h.request('POST', '/cases', staffOf(holder), {
      caseId,
      firmId,
      goals: ['시제품 개발'],
      phase: 'task-planning',
    });
    expect(opened.status).toBe(201);
    return { caseId, firmId, revision: opened.body.revision as number };
  }

  const proposal = (to: string, overrides: Record<string, unknown> = {}) => ({
    proposalId: randomUUID(),
    toAgencyId: to,
    reason: '사업화 단계로 인계',
    nextPhase: 'commercialisation',
    package: {
      summary: '요약',
      documents: [{ documentId: 'd1', title: '계획서', uri: 'https://docs.example/d1' }],
    },
    consent: {
      grantedBy: 'firm-contact',
      grantedAt: new Date().toISOString(),
      sharedWith: to,
      items: ['d1'],
      includesSummary: true,
    },
    ...overrides,
  });

  it('serves the seeded agencies directory with sources and confidence', async () => {
    const list = await h.request('GET', '/agencies', staffOf(DAEGU_TP));
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(72);
    expect(list.body.items.find((a: { agencyId: string }) => a.agencyId === DAEGU_TP)).toMatchObject({
      type: 'technopark',
      nameKo: '대구테크노파크',
      regionsServed: ['27'],
      active: true,
      confidence: 'verified',
    });
  });

  it('a case for a firm the relay does not know is refused (404 firm-not-found), nothing written', async () => {
    const r = await refused(() =>
      h.request('POST', '/cases', staffOf(DAEGU_TP), {
        caseId: randomUUID(),
        firmId: randomUUID(),
        goals: ['x'],
        phase: 'task-planning',
      }),
    );
    expect(r.status).toBe(404);
    expect(r.body.type).toMatch(/firm-not-found$/);
  });

  it('an unknown phase → 400 naming the field', async () => {
    const r = await refused(() =>
      h.request('POST', '/cases', staffOf(DAEGU_TP), {
        caseId: randomUUID(),
        firmId: randomUUID(),
        goals: ['x'],
        phase: 'world-domination',
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'phase', rule: 'isIn' })]);
  });

  it('proposing to oneself → 422 target-is-holder; an auditor may not propose (403); nothing written', async () => {
    const { caseId } = await openCase();
    const self = await refused(() =>
      h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), proposal(DAEGU_TP)),
    );
    expect(self.status).toBe(422);
    expect(self.body.type).toMatch(/target-is-holder$/);
    const auditor = await refused(() =>
      h.request(
        'POST',
        `/cases/${caseId}/handoffs`,
        { 'x-baton-user': 'a', 'x-baton-role': 'auditor' },
        proposal(DAEGU_CCEI),
      ),
    );
    expect(auditor.status).toBe(403);
  });

  it('consent that does not cover the package → 422 naming consent', async () => {
    const { caseId } = await openCase();
    const body = proposal(DAEGU_CCEI);
    body.consent = { ...body.consent, items: [] };
    const r = await refused(() => h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), body));
    expect(r.status).toBe(422);
    expect(r.body.type).toMatch(/consent-does-not-cover-package$/);
  });

  it('proposing to an inactive or out-of-region agency is refused', async () => {
    const { caseId } = await openCase();
    const r = await refused(() =>
      h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), proposal(BUSAN_TP)),
    );
    expect(r.status).toBe(422);
    expect(r.body.type).toMatch(/target-out-of-region$/);
  });

  it('accepting as the wrong agency → 403; a stale If-Match → 412 with the current revision', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    const proposed = await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    expect(proposed.status).toBe(201);
    const wrong = await refused(() =>
      h.request('POST', `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`, staffOf(BUSAN_TP), {}),
    );
    expect(wrong.status).toBe(403);
    const stale = await refused(() =>
      h.request(
        'POST',
        `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`,
        { ...staffOf(DAEGU_CCEI), 'if-match': '"0"' },
        {},
      ),
    );
    expect(stale.status).toBe(412);
    expect(stale.body.currentRevision).toBe(proposed.body.revision);
  });

  it('accept racing withdraw: exactly one wins, the other is refused, the case is consistent', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    expect((await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p)).status).toBe(201);
    const [accept, withdraw] = await Promise.all([
      h.request('POST', `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`, staffOf(DAEGU_CCEI), {}),
      h.request('POST', `/cases/${caseId}/handoffs/${p.proposalId}/withdrawal`, staffOf(DAEGU_TP), {}),
    ]);
    expect([accept.status, withdraw.status].sort()).toEqual([200, 409]);
    const winner = accept.status === 200 ? accept : withdraw;
    const view = await h.request(
      'GET',
      `/cases/${caseId}?waitFor=${winner.body.position}`,
      staffOf(DAEGU_TP),
    );
    expect(view.body.holder).toBe(accept.status === 200 ? DAEGU_CCEI : DAEGU_TP);
    expect(view.body.proposals).toEqual([
      expect.objectContaining({
        proposalId: p.proposalId,
        status: accept.status === 200 ? 'accepted' : 'withdrawn',
      }),
    ]);
  });

  it('a declined proposal reaches the sender with its reason; the case stays with the holder', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    const declined = await h.request(
      'POST',
      `/cases/${caseId}/handoffs/${p.proposalId}/decline`,
      staffOf(DAEGU_CCEI),
      {
        code: 'at-capacity',
      },
    );
    expect(declined.status).toBe(200);
    const outgoing = await h.request(
      'GET',
      `/agencies/${DAEGU_TP}/outgoing?waitFor=${declined.body.position}`,
      staffOf(DAEGU_TP),
    );
    expect(outgoing.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          proposalId: p.proposalId,
          status: 'declined',
          decline: { code: 'at-capacity', text: null },
        }),
      ]),
    );
  });

  it('deadlines: past due the proposal escalates to the regional SME office; past expiry it expires and cannot be accepted', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    const proposed = await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    await h.request('GET', `/cases/${caseId}?waitFor=${proposed.body.position}`, staffOf(DAEGU_TP));
    const [row] = await h.relay.runtime.dataSource.query(
      'SELECT due_at, expires_at FROM proposals WHERE proposal_id = $1',
      [p.proposalId],
    );
    const watcher = h.relay.runtime.deadlines;
    const justAfterDue = new Date(new Date(row.due_at).getTime() + 1000);
    // Other tests' proposals left pending are due as well: this one is among those escalated.
    expect((await watcher.tick(justAfterDue)).escalated).toBeGreaterThanOrEqual(1);
    expect((await watcher.tick(justAfterDue)).escalated).toBe(0); // a second round changes nothing
    const events = await h.relay.runtime.store.readStream(`case-${caseId}`);
    expect(events.events.map((e) => e.type)).toContain('HandoffEscalated');
    expect(events.events.find((e) => e.type === 'HandoffEscalated')!.data).toMatchObject({
      escalatedTo: DAEGU_OFFICE,
    });
    // The regional SME office sees it among the proposals escalated to it.
    const office = {
      'x-baton-user': 'office-1',
      'x-baton-role': 'regional-office',
      'x-baton-agency': DAEGU_OFFICE,
    };
    expect(
      await eventuallyListed(`/agencies/${DAEGU_OFFICE}/escalations`, office, p.proposalId),
    ).toMatchObject({
      proposalId: p.proposalId,
      caseId,
      status: 'escalated',
    });

    const afterExpiry = new Date(new Date(row.expires_at).getTime() + 1000);
    expect((await watcher.tick(afterExpiry)).expired).toBeGreaterThanOrEqual(1);
    expect((await h.relay.runtime.store.readStream(`case-${caseId}`)).events.map((e) => e.type)).toContain(
      'HandoffExpired',
    );
    const late = await refused(() =>
      h.request('POST', `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`, staffOf(DAEGU_CCEI), {}),
    );
    expect(late.status).toBe(409);
  });

  it('the receiver sees only the consented part of the package; once consent is revoked it is gone (410)', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI, {
      package: {
        summary: '요약',
        documents: [
          { documentId: 'd1', title: '계획서', uri: 'https://docs.example/d1' },
          { documentId: 'd2', title: '재무제표', uri: 'https://docs.example/d2' },
        ],
      },
    });
    p.consent = { ...p.consent, items: ['d1', 'd2'] };
    const proposed = await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    expect(proposed.status).toBe(201);
    const seen = await h.request(
      'GET',
      `/cases/${caseId}/handoffs/${p.proposalId}/package?waitFor=${proposed.body.position}`,
      staffOf(DAEGU_CCEI),
    );
    expect(seen.status).toBe(200);
    expect(seen.body.documents.map((d: { documentId: string }) => d.documentId)).toEqual(['d1', 'd2']);
    expect(
      (await h.request('GET', `/cases/${caseId}/handoffs/${p.proposalId}/package`, staffOf(BUSAN_TP))).status,
    ).toBe(403);

    const revoked = await h.request(
      'POST',
      `/cases/${caseId}/handoffs/${p.proposalId}/consent-revocation`,
      staffOf(DAEGU_TP),
      {
        revokedBy: 'firm-contact',
        revokedAt: new Date().toISOString(),
      },
    );
    expect(revoked.status).toBe(200);
    const gone = await h.request(
      'GET',
      `/cases/${caseId}/handoffs/${p.proposalId}/package?waitFor=${revoked.body.position}`,
      staffOf(DAEGU_CCEI),
    );
    expect(gone.status).toBe(410);
    expect(gone.body.type).toMatch(/consent-revoked$/);
  });

  it('the new holder records an outcome addressed to the earlier holder, then closes the case', async () => {
    const { caseId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    expect(
      (
        await h.request(
          'POST',
          `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`,
          staffOf(DAEGU_CCEI),
          {},
        )
      ).status,
    ).toBe(200);
    // Only the holder reports outcomes.
    const notHolder = await refused(() =>
      h.request('POST', `/cases/${caseId}/outcomes`, staffOf(DAEGU_TP), {
        outcomeId: randomUUID(),
        kind: 'sales-contract',
      }),
    );
    expect(notHolder.status).toBe(403);
    const outcome = await h.request('POST', `/cases/${caseId}/outcomes`, staffOf(DAEGU_CCEI), {
      outcomeId: randomUUID(),
      kind: 'sales-contract',
      value: { amount: 300_000_000, unit: 'KRW' },
    });
    expect(outcome.status).toBe(201);
    const stream = await h.relay.runtime.store.readStream(`case-${caseId}`);
    expect(stream.events.find((e) => e.type === 'OutcomeRecorded')!.data).toMatchObject({
      notify: [DAEGU_TP],
    });

    const closed = await h.request('POST', `/cases/${caseId}/closure`, staffOf(DAEGU_CCEI), {
      outcome: 'completed',
    });
    expect(closed.status).toBe(200);
    const view = await h.request(
      'GET',
      `/cases/${caseId}?waitFor=${closed.body.position}`,
      staffOf(DAEGU_CCEI),
    );
    expect(view.body.status).toBe('closed');
  });

  it('the relay chain of a firm lists every holder with phase and period; the network KPIs count it', async () => {
    const { caseId, firmId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    const accepted = await h.request(
      'POST',
      `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`,
      staffOf(DAEGU_CCEI),
      {},
    );
    const chain = await h.request(
      'GET',
      `/firms/${firmId}/relay-chain?waitFor=${accepted.body.position}`,
      staffOf(DAEGU_TP),
    );
    expect(chain.status).toBe(200);
    expect(chain.body.cases).toEqual([
      {
        caseId,
        status: 'open',
        legs: [
          expect.objectContaining({ agencyId: DAEGU_TP, phase: 'task-planning', until: expect.any(String) }),
          expect.objectContaining({ agencyId: DAEGU_CCEI, phase: 'commercialisation', until: null }),
        ],
      },
    ]);

    const declinedCase = await openCase();
    const d = proposal(DAEGU_CCEI);
    await h.request('POST', `/cases/${declinedCase.caseId}/handoffs`, staffOf(DAEGU_TP), d);
    const declined = await h.request(
      'POST',
      `/cases/${declinedCase.caseId}/handoffs/${d.proposalId}/decline`,
      staffOf(DAEGU_CCEI),
      {
        code: 'out-of-scope',
      },
    );
    await h.request(
      'GET',
      `/cases/${declinedCase.caseId}?waitFor=${declined.body.position}`,
      staffOf(DAEGU_TP),
    );
    const kpis = await h.request('GET', '/network/kpis', { 'x-baton-user': 'm', 'x-baton-role': 'ministry' });
    expect(kpis.status).toBe(200);
    expect(kpis.body.timeToAccept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agencyId: DAEGU_CCEI, medianHoursToAccept: expect.any(Number) }),
      ]),
    );
    expect(kpis.body.declineReasons).toEqual(expect.arrayContaining([{ reason: 'out-of-scope', count: 1 }]));
    expect(kpis.body.casesPerPhase).toEqual(
      expect.arrayContaining([expect.objectContaining({ regionCode: '27', phase: 'commercialisation' })]),
    );
  });

  it('publishes the case story on baton.relay.v1, keyed by the firm, valid against the contracts', async () => {
    const { caseId, firmId } = await openCase();
    const p = proposal(DAEGU_CCEI);
    await h.request('POST', `/cases/${caseId}/handoffs`, staffOf(DAEGU_TP), p);
    await h.request('POST', `/cases/${caseId}/handoffs/${p.proposalId}/acceptance`, staffOf(DAEGU_CCEI), {});
    const types = async () =>
      (
        await h.relay.runtime.dataSource.query(
          `SELECT headers->>'ce_type' AS type FROM bus.messages WHERE topic = 'baton.relay.v1' AND key = $1
           ORDER BY partition, "offset"`,
          [firmId],
        )
      ).map((r: { type: string }) => r.type);
    const until = Date.now() + 15_000;
    while ((await types()).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await types()).toEqual([
      'relay.case-opened.v1',
      'relay.handoff-proposed.v1',
      'relay.handoff-accepted.v1',
    ]);
  });
});
