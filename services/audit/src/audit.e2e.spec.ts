import { randomInt, randomUUID } from 'node:crypto';
import { parseBusinessRegistrationNumber } from '@baton/reference-data';
import { deterministicUuid } from '@baton/eventsourcing';
import { createTestDatabase, type TestDatabase, startService, type RunningService } from '@baton/testing';
import { Pool } from 'pg';
import { parseVerificationKey, verifyFirmExport } from './ledger';
import { firmIdOfBrn } from './firm-history/firm-ref';

jest.setTimeout(240_000);

const DAEGU_TP = deterministicUuid('agency-seed:daegu-technopark');
const DAEGU_CCEI = deterministicUuid('agency-seed:daegu-creative-economy-innovation-center');
const REPRESENTATIVE = { name: '한바톤', email: 'baton.han@example.kr', phone: '010-2345-6789' };

const staff = (agencyId: string) => ({
  'x-baton-user': `staff-${agencyId.slice(0, 8)}`,
  'x-baton-role': 'agency-staff',
  'x-baton-agency': agencyId,
  'content-type': 'application/json',
});
const AUDITOR = { 'x-baton-user': 'auditor-e2e', 'x-baton-role': 'auditor' };

/** A random 사업자등록번호 with a valid check digit, written 123-45-67890. */
function randomBrn(): string {
  const stem = `${100 + randomInt(900)}${10 + randomInt(90)}${String(randomInt(10_000)).padStart(4, '0')}`;
  const digits = [...Array(10).keys()]
    .map((d) => `${stem}${d}`)
    .find((b) => parseBusinessRegistrationNumber(b).ok)!;
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

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

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The ledger fed by the services themselves, each in its own process on one PostgreSQL (embedded bus; Kafka
 * when KAFKA_BROKERS is set): a firm registered in the firm registry and handed on in the relay shows up in
 * its audit ledger; its representative's personal data never does; after the firm registry destroys the
 * firm's personal-data key (crypto-shredding) the ledger is untouched and still verifies.
 */
describe('audit ledger across services', () => {
  let db: TestDatabase;
  let registry: RunningService;
  let relay: RunningService;
  let audit: RunningService;
  let sql: Pool;
  // A fresh number each run: a shared Kafka broker keeps earlier runs' events about a reused one.
  const brn = randomBrn();
  const firmId = firmIdOfBrn(brn.replace(/-/g, ''));

  beforeAll(async () => {
    db = await createTestDatabase('audit_e2e');
    const bus: Record<string, string> = process.env.KAFKA_BROKERS
      ? { BUS: 'kafka', KAFKA_BROKERS: process.env.KAFKA_BROKERS }
      : {};
    [registry, relay, audit] = await Promise.all([
      startService('services/firm-registry/src/main.ts', { DATABASE_URL: db.url, ...bus }),
      startService('services/relay/src/main.ts', { DATABASE_URL: db.url, ...bus }),
      // On a shared Kafka broker the topics hold other runs' messages: a consumer group of this run's own.
      startService('services/audit/src/main.ts', {
        DATABASE_URL: db.url,
        NODE_ENV: 'test',
        AUDIT_CONSUMER_GROUP: `audit-e2e-${randomUUID()}`,
        ...bus,
      }),
    ]);
    sql = new Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await Promise.all([audit?.stop(), relay?.stop(), registry?.stop()]);
    await db?.drop();
  });

  it('records the firm registry’s and the relay’s events for the firm, by its BRN, with no personal data', async () => {
    const registered = await call(`${registry.url}/firms`, 'POST', staff(DAEGU_TP), {
      businessRegistrationNumber: brn,
      name: '주식회사 이어달리기',
      representative: REPRESENTATIVE,
      regionCode: '27',
      industryId: 'daegu-advanced-autonomous-manipulation',
      foundedOn: '2019-05-01',
      size: 'small',
    });
    expect(registered.status).toBe(201);
    expect(registered.body.firmId).toBe(firmId);
    const before = await call(
      `${registry.url}/firms/${firmId}?waitFor=${encodeURIComponent(registered.body.position)}`,
      'GET',
      staff(DAEGU_TP),
    );
    expect(before.body.representative).toEqual(REPRESENTATIVE);

    const caseId = randomUUID();
    await eventually(async () => {
      const r = await call(`${relay.url}/cases`, 'POST', staff(DAEGU_TP), {
        caseId,
        firmId,
        goals: ['자율조작 로봇 시제품 개발'],
        phase: 'task-planning',
      });
      return r.status === 201 ? r : undefined;
    });
    const proposalId = randomUUID();
    const proposed = await call(`${relay.url}/cases/${caseId}/handoffs`, 'POST', staff(DAEGU_TP), {
      proposalId,
      toAgencyId: DAEGU_CCEI,
      reason: '시제품 이후 사업화 지원',
      nextPhase: 'commercialisation',
      package: {
        summary: '과제기획 완료',
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
    const accepted = await call(
      `${relay.url}/cases/${caseId}/handoffs/${proposalId}/acceptance`,
      'POST',
      staff(DAEGU_CCEI),
      {},
    );
    expect(accepted.status).toBe(200);

    const timeline = await eventually(async () => {
      const r = await call(`${audit.url}/firms/${brn}/timeline`, 'GET', AUDITOR);
      return r.status === 200 && r.body.count >= 4 ? r.body : undefined;
    });
    expect(timeline.firmId).toBe(firmId);
    expect(timeline.items.map((i: { type: string }) => i.type)).toEqual([
      'firm-registry.firm-registered.v1',
      'relay.case-opened.v1',
      'relay.handoff-proposed.v1',
      'relay.handoff-accepted.v1',
    ]);
    const state = await call(`${audit.url}/firms/${firmId}/state`, 'GET', AUDITOR);
    expect(state.body.state.cases[caseId]).toMatchObject({
      holderAgencyId: DAEGU_CCEI,
      phase: 'commercialisation',
    });
    expect(state.body.state.registry.profile).toMatchObject({
      name: '주식회사 이어달리기',
      businessRegistrationNumber: brn.replace(/-/g, ''),
    });

    // The representative is in the firm registry's events only sealed, on the bus not at all, in the ledger never.
    const stored = (
      await sql.query(`SELECT data::text AS data FROM eventstore.events WHERE stream_id = $1`, [
        `firm-${firmId}`,
      ])
    ).rows;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored[0].data).toContain('ciphertext');
    for (const secret of Object.values(REPRESENTATIVE)) {
      expect(stored[0].data).not.toContain(secret);
      if (!process.env.KAFKA_BROKERS) {
        // The embedded bus keeps what was published in its tables (on Kafka the ledger holds the same bytes).
        const published = await sql.query(
          `SELECT count(*)::int AS n FROM bus.messages WHERE convert_from(value, 'UTF8') LIKE $1 OR headers::text LIKE $1`,
          [`%${secret}%`],
        );
        expect(published.rows[0].n).toBe(0);
      }
      for (const table of ['ledger_entries', 'ledger_heads', 'digests', 'audit_reads']) {
        const found = await sql.query(
          `SELECT count(*)::int AS n FROM audit.${table} t WHERE t::text LIKE $1`,
          [`%${secret}%`],
        );
        expect(found.rows[0].n).toBe(0);
      }
    }
  });

  it('after the firm registry destroys the firm’s key, the firm reads as erased and the ledger still verifies', async () => {
    // What PersonalDataVault.erase does (the firm registry has no HTTP erasure endpoint yet).
    const erased = await sql.query(
      `UPDATE firm_registry.personal_data_keys SET wrapped_key = NULL, erased_at = now() WHERE firm_id = $1 AND erased_at IS NULL`,
      [firmId],
    );
    expect(erased.rowCount).toBe(1);
    const profile = await call(`${registry.url}/firms/${firmId}`, 'GET', staff(DAEGU_TP));
    expect(profile.body).toMatchObject({ firmId, representative: { erased: true } });

    const verification = await call(`${audit.url}/firms/${firmId}/verification`, 'GET', AUDITOR);
    expect(verification.body).toMatchObject({
      ok: true,
      chain: { ok: true, entries: 4 },
      head: { ok: true },
    });
    const exported = await call(`${audit.url}/firms/${firmId}/export?format=json`, 'GET', AUDITOR);
    const keys = await call(`${audit.url}/keys`, 'GET', {});
    expect(verifyFirmExport(exported.body, parseVerificationKey(keys.body.keys[0].pem))).toMatchObject({
      ok: true,
      count: 4,
      anchoredSequence: 4,
    });

    const completeness = await eventually(async () => {
      const r = await call(`${audit.url}/completeness`, 'GET', AUDITOR);
      return r.body.caughtUp ? r.body : undefined;
    });
    expect(completeness.totals.mismatches).toBe(0);
    const counted = completeness.totals;
    expect(counted.ledgered + counted.missing + counted.deadLettered + counted.duplicates).toBe(
      counted.published,
    );
    if (completeness.bus === 'embedded') {
      // This run's database holds every message of the bus: all of it is in the ledger.
      expect(completeness).toMatchObject({ complete: true, totals: { missing: 0, deadLettered: 0 } });
      expect(counted.ledgered).toBe(counted.published);
    }
  });
});
