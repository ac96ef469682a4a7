import { randomUUID } from 'node:crypto';
import { ProjectionRunner } from '@baton/projections';
import { agencySeedId } from '../../agencies/agency-seed';
import { startRelayHarness, staffOf, type RelayHarness } from '../../testing/relay.harness';
import { caseBoardProjection } from './case-board.projection';

const DAEGU_TP = agencySeedId('daegu-technopark');
const DAEGU_CCEI = agencySeedId('daegu-creative-economy-innovation-center');

const TABLES = {
  cases: 'SELECT * FROM cases ORDER BY case_id',
  proposals: 'SELECT * FROM proposals ORDER BY proposal_id',
  shared_packages: 'SELECT * FROM shared_packages ORDER BY proposal_id',
};

/**
 * The case board writes each batch set-based. Whatever the batches — one event at a time, everything at
 * once, or as the live runner cut them — the rows must be the same.
 */
describe('case board projection: batches of any size give the same rows', () => {
  let h: RelayHarness;
  beforeAll(async () => {
    h = await startRelayHarness();
  });
  afterAll(() => h?.close());

  const post = async (path: string, agency: string, body: unknown, expected = [200, 201]) => {
    const answer = await h.request('POST', path, staffOf(agency), body);
    if (!expected.includes(answer.status))
      throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };

  async function openCase() {
    const firmId = randomUUID();
    await h.knowFirm(firmId, '27');
    const caseId = randomUUID();
    await post('/cases', DAEGU_TP, { caseId, firmId, goals: ['시제품 개발'], phase: 'task-planning' });
    return caseId;
  }

  function proposal(to: string) {
    return {
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
    };
  }

  async function snapshot() {
    const ds = h.relay.runtime.dataSource;
    const out: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(TABLES)) out[table] = await ds.query(sql);
    return out;
  }

  it('given a history with every case event, when replayed one event per batch and all in one batch, then the rows equal the live ones', async () => {
    const runtime = h.relay.runtime;
    // Accepted, then outcomes, an interim update, goals revised, closed.
    const accepted = await openCase();
    const a = proposal(DAEGU_CCEI);
    await post(`/cases/${accepted}/handoffs`, DAEGU_TP, a);
    await post(`/cases/${accepted}/handoffs/${a.proposalId}/acceptance`, DAEGU_CCEI, {});
    await post(`/cases/${accepted}/interim-updates`, DAEGU_CCEI, {
      updateId: randomUUID(),
      note: '시제품 착수',
    });
    await runtime.cases.execute(
      {
        type: 'ReviseGoals',
        data: { caseId: accepted, goals: ['양산 준비', '판로 개척'] },
        metadata: {
          now: new Date().toISOString(),
          actor: { userId: 'u', role: 'agency-staff', agencyId: DAEGU_CCEI },
        },
      },
      {},
    );
    await post(`/cases/${accepted}/outcomes`, DAEGU_CCEI, {
      outcomeId: randomUUID(),
      kind: 'prototype-completed',
    });
    await post(`/cases/${accepted}/closure`, DAEGU_CCEI, { outcome: 'completed' });
    // Declined with a reason; then a second proposal withdrawn.
    const declined = await openCase();
    const d = proposal(DAEGU_CCEI);
    await post(`/cases/${declined}/handoffs`, DAEGU_TP, d);
    await post(`/cases/${declined}/handoffs/${d.proposalId}/decline`, DAEGU_CCEI, { code: 'at-capacity' });
    const w = proposal(DAEGU_CCEI);
    await post(`/cases/${declined}/handoffs`, DAEGU_TP, w);
    await post(`/cases/${declined}/handoffs/${w.proposalId}/withdrawal`, DAEGU_TP, {});
    // Consent revoked on an open proposal.
    const revoked = await openCase();
    const r = proposal(DAEGU_CCEI);
    await post(`/cases/${revoked}/handoffs`, DAEGU_TP, r);
    await post(`/cases/${revoked}/handoffs/${r.proposalId}/consent-revocation`, DAEGU_TP, {
      revokedBy: 'firm-contact',
      revokedAt: new Date().toISOString(),
    });
    // Escalated past due, then expired.
    const overdue = await openCase();
    const o = proposal(DAEGU_CCEI);
    const proposed = await post(`/cases/${overdue}/handoffs`, DAEGU_TP, o);
    await h.request('GET', `/cases/${overdue}?waitFor=${proposed.body.position}`, staffOf(DAEGU_TP));
    const [due] = await runtime.dataSource.query(
      'SELECT due_at, expires_at FROM proposals WHERE proposal_id = $1',
      [o.proposalId],
    );
    await runtime.deadlines.tick(new Date(new Date(due.due_at).getTime() + 1000));
    await runtime.deadlines.tick(new Date(new Date(due.expires_at).getTime() + 1000));

    const head = (await runtime.store.headPosition())!;
    await runtime.readModels.waitForPosition(head, 20_000);
    const live = await snapshot();
    const types = (await runtime.store.readAll({ maxCount: 10_000, filter: caseBoardProjection.filter })).map(
      (e) => e.type,
    );
    expect(new Set(types)).toEqual(
      new Set([
        'CaseOpened',
        'HandoffProposed',
        'HandoffAccepted',
        'InterimUpdateRecorded',
        'GoalsRevised',
        'OutcomeRecorded',
        'CaseClosed',
        'HandoffDeclined',
        'HandoffWithdrawn',
        'ConsentRevoked',
        'HandoffEscalated',
        'HandoffExpired',
      ]),
    );
    expect(live.cases.find((c) => (c as { case_id: string }).case_id === accepted)).toMatchObject({
      holder: DAEGU_CCEI,
      phase: 'commercialisation',
      goals: ['양산 준비', '판로 개척'],
      status: 'closed',
    });
    expect(
      live.shared_packages.find((p) => (p as { proposal_id: string }).proposal_id === r.proposalId),
    ).toMatchObject({
      revoked_at: expect.any(Date),
      documents: [expect.objectContaining({ documentId: 'd1' })],
    });

    // The live runner is stopped while the case board is replayed by runners of its own.
    await runtime.readModels.stop();
    try {
      for (const batchSize of [1, 10_000]) {
        await runtime.dataSource.transaction((m) => caseBoardProjection.reset(m));
        const runner = new ProjectionRunner({
          dataSource: runtime.dataSource,
          store: runtime.store,
          projection: { ...caseBoardProjection, name: `case-board-replay-${batchSize}` },
          batchSize,
        });
        await runner.start();
        await runner.waitForPosition(head, 20_000);
        await runner.stop();
        expect(await snapshot()).toEqual(live);
      }
    } finally {
      await runtime.readModels.start();
    }
  });
});
