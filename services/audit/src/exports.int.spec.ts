import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from './exports/csv';
import { firmIdOfBrn } from './firm-history/firm-ref';
import { entryHash, parseVerificationKey, verifyFirmExport, type FirmExport } from './ledger';
import { eventAbout } from './testing/events';
import { startAuditHarness, type AuditHarness } from './testing/audit.harness';

jest.setTimeout(120_000);

const BIN = path.resolve(__dirname, '../bin/baton-audit.js');
const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

/** The CLI as an auditor runs it: its own process, the service's URL and the auditor's id in the environment. */
function cli(args: string[], url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, BATON_AUDIT_URL: url, BATON_AUDIT_USER: 'auditor-cli' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('exports and the auditors’ command line', () => {
  let h: AuditHarness;
  let dir: string;
  const brn = '2208162517';
  const firmId = firmIdOfBrn(brn);

  beforeAll(async () => {
    h = await startAuditHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-audit-'));
    const d0 = Date.now() - 120 * 86_400_000;
    const at = (days: number) => kst(d0 + days * 86_400_000);
    await h.publish([
      eventAbout(
        firmId,
        'firm-registry.firm-registered.v1',
        { businessRegistrationNumber: brn, name: '주식회사 한빛정밀', regionCode: '27', registeredAt: at(0) },
        { time: at(0) },
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        eventAbout(
          firmId,
          'firm-registry.indicators-reported.v1',
          { period: `${2014 + i}`, reportedAt: at(i + 1) },
          { time: at(i + 1), actor: i === 3 ? '=HYPERLINK("x")' : 'staff-7' },
        ),
      ),
    ]);
    await h.waitForEntries(13);
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the JSON export verifies offline with the published public key, every entry anchored', async () => {
    const answer = await h.request(`/firms/${firmId}/export?format=json`);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="audit-${firmId}.json"`);
    const keys = (await h.request('/keys', 'nobody')).body;
    const key = parseVerificationKey(keys.keys[0].publicKey);
    const exported = answer.body as FirmExport;
    expect(verifyFirmExport(exported, key, { expectedKeyId: keys.signingKeyId })).toEqual({
      ok: true,
      firmId,
      count: 13,
      anchoredSequence: 13,
    });
    expect((await h.request(`/reads?firm=${firmId}`)).body.items[0]).toMatchObject({
      what: 'export',
      detail: { format: 'json' },
    });
  });

  it('baton-audit: export, public-key and verify (exit 0); a changed export or another key (exit 1)', async () => {
    const file = path.join(dir, 'export.json');
    const exported = await cli(
      ['export', '--brn', '220-81-62517', '--format', 'json', '--out', file],
      h.audit.url,
    );
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/received \d+ bytes/);
    const keyFile = path.join(dir, 'audit.pem');
    expect((await cli(['public-key', '--out', keyFile], h.audit.url)).code).toBe(0);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const verified = await cli(['verify', file, '--public-key', keyFile], h.audit.url);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(
      new RegExp(`^VERIFIED: firm ${firmId}, 13 entries; entries 1-13 are pinned`),
    );
    expect(verified.stderr).toMatch(/13 entries of firm/);

    const changed = JSON.parse(fs.readFileSync(file, 'utf8'));
    changed.entries[4].payload.data.sales = 1;
    fs.writeFileSync(path.join(dir, 'changed.json'), JSON.stringify(changed));
    const refused = await cli(
      ['verify', path.join(dir, 'changed.json'), '--public-key', keyFile],
      h.audit.url,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^NOT VERIFIED: chain hash-mismatch at entry 5:/);

    const strangerFile = path.join(dir, 'stranger.pem');
    fs.writeFileSync(
      strangerFile,
      generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
    const stranger = await cli(['verify', file, '--public-key', strangerFile], h.audit.url);
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toMatch(
      /^NOT VERIFIED: digest signature-invalid: .*not the key that signed this digest/,
    );

    const usage = await cli(['verify', file], h.audit.url);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --public-key/);
  });

  it('baton-audit replay --brn --as-of <date>: the state at the end of that day in Korea', async () => {
    const day = new Date(Date.now() - 60 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const replay = await cli(
      ['replay', '--brn', '220-81-62517', '--as-of', day, '--mode', 'effective'],
      h.audit.url,
    );
    expect(replay.code).toBe(0);
    const answer = JSON.parse(replay.stdout);
    expect(answer).toMatchObject({ firmId, asOf: `${day}T23:59:59.999+09:00`, mode: 'effective' });
    expect(answer.state.registry).toMatchObject({ status: 'active', region: '27' });
    expect(replay.stderr).toContain('the end of that day in Korea');
    const reads = (await h.request(`/reads?firm=${firmId}&user=auditor-cli`)).body.items;
    expect(reads[0]).toMatchObject({ what: 'state', role: 'auditor', detail: { mode: 'effective' } });

    const future = await cli(['replay', '--firm', firmId, '--as-of', '2999-01-01'], h.audit.url);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/422 .*asOf \(notInFuture\)/);
  });

  it('the CSV has one row per entry, its payload and hashes enough to recompute the chain', async () => {
    const answer = await h.request(`/firms/${firmId}/export?format=csv`);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = answer.raw.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows: Record<string, string>[] = parse(text.slice(1), { columns: true });
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(13);
    for (const row of rows) {
      const payload = JSON.parse(row.payload);
      expect(
        entryHash({
          firmId: row.firm_id,
          sequence: Number(row.sequence),
          eventId: row.event_id,
          eventType: row.event_type,
          topic: row.topic,
          partition: Number(row.partition),
          offset: row.offset,
          occurredAt: row.occurred_at,
          recordedAt: row.recorded_at,
          payload,
          previousHash: row.previous_hash,
        }),
      ).toBe(row.hash);
    }
    expect(rows[0].summary).toContain('주식회사 한빛정밀');
    // A cell a spreadsheet would run as a formula is defused.
    expect(rows.find((r) => r.actor.includes('HYPERLINK'))!.actor).toBe(`'=HYPERLINK("x")`);
  });

  it('the PDF report is a well-formed PDF 1.4: objects where the xref says, every page in the tree', async () => {
    const answer = await h.request(`/firms/${firmId}/export?format=pdf`);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const pdf = answer.raw.toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(pdf)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const [, first, size] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(startxref))!;
    expect(first).toBe('0');
    const table = pdf
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(size));
    table.slice(1).forEach((line, i) => {
      expect(line).toMatch(/^\d{10} 00000 n\r$/);
      expect(pdf.slice(Number(line.slice(0, 10))).startsWith(`${i + 1} 0 obj\n`)).toBe(true);
    });
    const count = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(pdf)![1]);
    expect((pdf.match(/\/Type \/Page /g) ?? []).length).toBe(count);
    for (const match of pdf.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
      const start = match.index! + match[0].length;
      expect(pdf.slice(start + Number(match[1]), start + Number(match[1]) + 9)).toBe('endstream');
    }
    expect(pdf).toContain('(Name \\(romanized\\): jusikhoesa hanbitjeongmil)');
    expect(pdf).toContain('(VERIFIED: 13 entries;');
    expect(pdf).toMatch(/Korean text is romanized/);
  });

  it('baton-audit export --format pdf writes the report; an unknown firm is a 404 on stderr', async () => {
    const out = path.join(dir, 'report.pdf');
    const pdf = await cli(['export', '--firm', firmId, '--format', 'pdf', '--out', out], h.audit.url);
    expect(pdf.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const missing = await cli(['export', '--firm', randomUUID(), '--format', 'csv'], h.audit.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404 .*The ledger has no entry about this firm/);
  });
});
