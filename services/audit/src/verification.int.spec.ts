import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signDigest, type SignedDigest } from './ledger';
import { eventAbout } from './testing/events';
import { startAuditHarness, type AuditHarness } from './testing/audit.harness';

jest.setTimeout(60_000);

const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

/** Five indicator reports about one firm (one topic: recorded in this order). */
const reports = (firmId: string) =>
  Array.from({ length: 5 }, (_, i) =>
    eventAbout(
      firmId,
      'firm-registry.indicators-reported.v1',
      { period: `${2020 + i}`, reportedAt: kst(Date.now() - (10 - i) * 86_400_000) },
      { time: kst(Date.now() - (10 - i) * 86_400_000) },
    ),
  );

/**
 * Verification on real PostgreSQL: rows changed behind the service's back (triggers switched off, as only a
 * database superuser can) are caught at exactly the entry changed; a chain cut short is caught by the signed
 * digest; a digest signed by another key is refused with a clear reason.
 */
describe('verification of a firm’s ledger', () => {
  let h: AuditHarness;
  let digestsBefore: number;

  beforeAll(async () => {
    h = await startAuditHarness();
    digestsBefore = (await h.sql.query('SELECT count(*)::int AS n FROM digests')).rows[0].n;
  });
  afterAll(() => h?.close());

  /** Runs `sql` with the append-only triggers off (session_replication_role needs a superuser). */
  async function behindTheLedgersBack(sql: string, params: unknown[]) {
    const client = await h.sql.connect();
    try {
      await client.query("SET session_replication_role = 'replica'");
      await client.query(sql, params);
    } finally {
      await client.query("SET session_replication_role = 'origin'");
      client.release();
    }
  }

  async function ledgeredFirm(): Promise<string> {
    const firmId = randomUUID();
    const before = (await h.sql.query('SELECT count(*)::int AS n FROM ledger_entries')).rows[0].n;
    await h.publish(reports(firmId));
    await h.waitForEntries(before + 5);
    // A digest that covers the firm (exports sign one when none does).
    expect((await h.request(`/firms/${firmId}/export`)).status).toBe(200);
    return firmId;
  }

  it('an intact firm verifies: chain, head row, the signed digest and the firm’s place in it', async () => {
    const firmId = await ledgeredFirm();
    const answer = await h.request(`/firms/${firmId}/verification`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      firmId,
      ok: true,
      chain: { ok: true, entries: 5, headSequence: 5 },
      head: { ok: true },
      digest: { ok: true, anchoredSequence: 5, keyId: expect.stringMatching(/^ephemeral-/) },
    });
    expect((await h.sql.query('SELECT count(*)::int AS n FROM digests')).rows[0].n).toBeGreaterThan(
      digestsBefore,
    );
  });

  it('the ledger refuses UPDATE, DELETE and TRUNCATE of entries and digests', async () => {
    await expect(h.sql.query(`UPDATE ledger_entries SET event_type = 'x'`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(h.sql.query('DELETE FROM ledger_entries')).rejects.toThrow(/append-only: DELETE/);
    await expect(h.sql.query('TRUNCATE ledger_entries')).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(h.sql.query('DELETE FROM digests')).rejects.toThrow(/append-only/);
  });

  it('a payload changed in PostgreSQL fails verification at exactly that entry; other firms still verify', async () => {
    const firmId = await ledgeredFirm();
    const bystander = await ledgeredFirm();
    await behindTheLedgersBack(
      `UPDATE ledger_entries SET payload = jsonb_set(payload::jsonb, '{data,sales}', '999999999999')::json
        WHERE firm_id = $1 AND sequence = 3`,
      [firmId],
    );
    const answer = await h.request(`/firms/${firmId}/verification`);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.chain).toMatchObject({
      ok: false,
      failedAt: 3,
      reason: 'hash-mismatch',
      entry: { sequence: 3, topic: 'baton.firm-registry.v1' },
    });
    const row = (
      await h.sql.query(
        `SELECT event_id, "offset"::text AS "offset" FROM ledger_entries WHERE firm_id = $1 AND sequence = 3`,
        [firmId],
      )
    ).rows[0];
    expect(answer.body.chain.entry).toMatchObject({ eventId: row.event_id, offset: row.offset });
    expect((await h.request(`/firms/${bystander}/verification`)).body.ok).toBe(true);
  });

  it('a recordedAt moved, or a hash overwritten, fails at that entry', async () => {
    const moved = await ledgeredFirm();
    await behindTheLedgersBack(
      `UPDATE ledger_entries SET recorded_at = recorded_at - interval '1 day' WHERE firm_id = $1 AND sequence = 2`,
      [moved],
    );
    expect((await h.request(`/firms/${moved}/verification`)).body.chain).toMatchObject({
      ok: false,
      failedAt: 2,
      reason: 'hash-mismatch',
    });

    const relinked = await ledgeredFirm();
    await behindTheLedgersBack(
      `UPDATE ledger_entries SET hash = repeat('a', 64) WHERE firm_id = $1 AND sequence = 4`,
      [relinked],
    );
    expect((await h.request(`/firms/${relinked}/verification`)).body.chain).toMatchObject({
      ok: false,
      failedAt: 4,
      reason: 'hash-mismatch',
    });
  });

  it('an entry deleted from the middle is a sequence gap at its position', async () => {
    const firmId = await ledgeredFirm();
    await behindTheLedgersBack('DELETE FROM ledger_entries WHERE firm_id = $1 AND sequence = 2', [firmId]);
    expect((await h.request(`/firms/${firmId}/verification`)).body.chain).toMatchObject({
      ok: false,
      failedAt: 2,
      reason: 'sequence-gap',
    });
  });

  it('a tail cut off, head row and all, keeps a valid chain — and the signed digest catches it', async () => {
    const firmId = await ledgeredFirm();
    const fifth = (
      await h.sql.query(
        'SELECT previous_hash, recorded_at FROM ledger_entries WHERE firm_id = $1 AND sequence = 5',
        [firmId],
      )
    ).rows[0];
    await behindTheLedgersBack('DELETE FROM ledger_entries WHERE firm_id = $1 AND sequence = 5', [firmId]);
    await behindTheLedgersBack('UPDATE ledger_heads SET sequence = 4, head_hash = $2 WHERE firm_id = $1', [
      firmId,
      fifth.previous_hash,
    ]);
    const answer = await h.request(`/firms/${firmId}/verification`);
    expect(answer.body.chain).toMatchObject({ ok: true, entries: 4 });
    expect(answer.body.head).toEqual({ ok: true });
    expect(answer.body.digest).toMatchObject({ ok: false, step: 'ledger-root', reason: 'root-mismatch' });
    expect(answer.body.ok).toBe(false);
  });

  it('a digest signed by another key is refused, saying so', async () => {
    const firmId = await ledgeredFirm();
    const keyId = (await h.request('/keys', 'nobody')).body.signingKeyId;
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const heads = (
      await h.sql.query(
        `SELECT firm_id AS "firmId", sequence, head_hash AS "headHash" FROM ledger_heads WHERE sequence > 0`,
      )
    ).rows;
    const now = new Date();
    const forged: SignedDigest = signDigest(heads, stranger, keyId, {
      digestId: `forged-${randomUUID()}`,
      createdAt: now.toISOString(),
      upTo: new Date(now.getTime() - 1).toISOString(),
    });
    await h.sql.query(
      'INSERT INTO digests (digest_id, up_to, key_id, chains, document) VALUES ($1, $2, $3, $4, $5::json)',
      [forged.digestId, forged.upTo, forged.keyId, forged.chains, JSON.stringify(forged)],
    );
    const answer = await h.request(`/firms/${firmId}/verification`);
    expect(answer.body.chain.ok).toBe(true);
    expect(answer.body.digest).toMatchObject({
      ok: false,
      digestId: forged.digestId,
      step: 'signature',
      reason: 'signature-invalid',
    });
    expect(answer.body.digest.detail).toMatch(/does not verify with the given Ed25519 public key/);
    expect(answer.body.ok).toBe(false);
  });
});
