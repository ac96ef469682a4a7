import { randomUUID } from 'node:crypto';
import { firmIdFor } from './firms/firm-commands';
import { IMPORT_COLUMNS, type ImportReport } from './firms/import-firms/firm-imports';
import {
  brnSequence,
  csvOf,
  DAEGU_FUTURE_INDUSTRY,
  eventCount,
  eventually,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

type Row = Record<(typeof IMPORT_COLUMNS)[number], string>;

const PLACES = [
  { regionCode: '27', industryId: DAEGU_FUTURE_INDUSTRY },
  { regionCode: '26', industryId: 'busan-power-semiconductors' },
  { regionCode: '44', industryId: 'chungnam-next-generation-displays' },
  { regionCode: '42', industryId: 'gangwon-ceramic-new-materials' },
];
const SIZES = ['micro', 'small', 'medium', 'mid-sized'];

/** Streamed CSV import of firms: per-row report, idempotent re-import (progress: import-progress.int.spec.ts). */
describe('firm import (CSV)', () => {
  let h: Harness;
  const nextBrn = brnSequence(500_000_000);

  const row = (i: number, overrides: Partial<Row> = {}): Row => ({
    businessRegistrationNumber: nextBrn(),
    name: `가온테크 ${i}호`,
    representativeName: `대표 ${i}`,
    representativeEmail: i % 3 === 0 ? '' : `ceo${i}@gaon.example`,
    representativePhone: i % 2 === 0 ? '053-123-4567' : '',
    ...PLACES[i % PLACES.length],
    ksicCode: i % 5 === 0 ? 'C26110' : '',
    foundedOn: `20${String(10 + (i % 15)).padStart(2, '0')}-03-02`,
    size: SIZES[i % SIZES.length],
    ...overrides,
  });
  const lineOf = (r: Row) => IMPORT_COLUMNS.map((c) => r[c]).join(',');

  const importCsv = (csv: string, query = '') =>
    h.request('POST', `/firm-imports${query}`, { raw: csv, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  describe('a file of 50 good rows and 7 bad ones', () => {
    const good = Array.from({ length: 50 }, (_, i) => row(i));
    /** The file's lines after the header (line 1), the bad ones in between. */
    const lines: string[] = good.map(lineOf);
    const bad: { line: number; field: string; rule: string }[] = [];
    const insertBad = (index: number, text: string, field: string, rule: string) => {
      lines.splice(index, 0, text);
      bad.push({ line: index + 2, field, rule });
    };
    insertBad(
      3,
      lineOf(row(100, { businessRegistrationNumber: '116-82-00277' })),
      'businessRegistrationNumber',
      'brnChecksum',
    );
    insertBad(10, lineOf(row(101, { regionCode: '99' })), 'regionCode', 'knownRegion');
    insertBad(
      20,
      lineOf(row(102, { regionCode: '26', industryId: DAEGU_FUTURE_INDUSTRY })),
      'industryId',
      'industry-not-in-region',
    );
    insertBad(
      40,
      lineOf({ ...good[0], name: '가온테크 복제' }),
      'businessRegistrationNumber',
      'firm-already-exists',
    );
    // A name with an unquoted comma shifts every column after it; a short row lacks the last ones.
    insertBad(45, lineOf(row(103, { name: '가온테크, 주식회사' })), 'row', 'csv-column-count');
    insertBad(50, lineOf(row(104)).split(',').slice(0, 6).join(','), 'row', 'csv-column-count');
    // Valid in every column it was meant to have, plus one: still not what the header promised.
    insertBad(52, `${lineOf(row(105))},extra`, 'row', 'csv-column-count');
    bad.sort((a, b) => a.line - b.line);
    const csv = [IMPORT_COLUMNS.join(','), ...lines].join('\n') + '\n';

    let first: ImportReport;
    const importId = randomUUID();

    it('registers the good rows and reports exactly the bad lines with field and rule', async () => {
      const before = await eventCount(h);
      const response = await importCsv(csv, `?importId=${importId}&fileName=gaon-2026.csv`);
      expect(response.status).toBe(200);
      first = response.body;
      expect(first).toMatchObject({
        importId,
        status: 'completed',
        fileName: 'gaon-2026.csv',
        rowsRead: 57,
        rowsRegistered: 50,
        rowsUnchanged: 0,
        rowsFailed: 7,
        failure: null,
        finishedAt: expect.any(String),
        errorsTruncated: false,
      });
      expect(first.errors.map(({ line, field, rule }) => ({ line, field, rule }))).toEqual(bad);
      for (const error of first.errors) expect(error.message).toEqual(expect.any(String));
      expect(await eventCount(h)).toBe(before + 50);

      const registered: { n: number }[] = await h.service.runtime.dataSource.query(
        `SELECT count(*)::int AS n FROM eventstore.events WHERE type = 'FirmRegistered' AND stream_id = ANY($1)`,
        [good.map((r) => `firm-${firmIdFor(r.businessRegistrationNumber)}`)],
      );
      expect(registered[0].n).toBe(50);
    });

    it('GET /firm-imports/{importId} shows the same report', async () => {
      const response = await h.request('GET', `/firm-imports/${importId}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(first);
    });

    it('stores a legacy region code as the current one and keeps optional columns', async () => {
      // An import answers no position to wait for: poll until the directory shows the firms.
      const profileOf = (r: Row) =>
        eventually(`firm ${r.businessRegistrationNumber} in the directory`, async () => {
          const response = await h.request('GET', `/firms/${firmIdFor(r.businessRegistrationNumber)}`);
          return response.status === 200 ? response.body : undefined;
        });
      const gangwon = good[3];
      expect(await profileOf(gangwon)).toMatchObject({
        regionCode: '51',
        name: gangwon.name,
        size: gangwon.size,
      });
      expect(await profileOf(good[5])).toMatchObject({
        ksicCode: 'C26110',
        representative: { name: '대표 5', email: 'ceo5@gaon.example' },
      });
    });

    it('re-importing the same file registers nothing: the good rows are unchanged, no new event', async () => {
      const before = await eventCount(h);
      const response = await importCsv(csv);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'completed',
        rowsRead: 57,
        rowsRegistered: 0,
        rowsUnchanged: 50,
        rowsFailed: 7,
      });
      expect(response.body.importId).not.toBe(importId);
      expect(
        response.body.errors.map(({ line, field, rule }: ImportReport['errors'][number]) => ({
          line,
          field,
          rule,
        })),
      ).toEqual(bad);
      expect(await eventCount(h)).toBe(before);
    });
  });

  describe('refused files', () => {
    it('a header with an unknown column → 400 problem naming it; nothing written', async () => {
      const before = await eventCount(h);
      const csv = csvOf([{ ...row(200), ceoSalary: '1' }], [...IMPORT_COLUMNS, 'ceoSalary']);
      const response = await importCsv(csv);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'csv-header' })]);
      expect(response.body.errors[0].message).toContain('ceoSalary');
      expect(await eventCount(h)).toBe(before);
    });

    it('a header missing a required column → 400 naming it', async () => {
      const columns = IMPORT_COLUMNS.filter((c) => c !== 'foundedOn');
      const response = await importCsv(csvOf([row(201)], columns));
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ field: 'body', rule: 'csv-header' });
      expect(response.body.errors[0].message).toContain('foundedOn');
    });

    it('a reused importId → 409; an unknown one → 404; a malformed one → 400', async () => {
      const importId = randomUUID();
      expect((await importCsv(csvOf([row(202)]), `?importId=${importId}`)).status).toBe(200);
      const again = await importCsv(csvOf([row(203)]), `?importId=${importId}`);
      expect(again.status).toBe(409);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'importId' })]);
      expect((await h.request('GET', `/firm-imports/${randomUUID()}`)).status).toBe(404);
      expect((await h.request('GET', '/firm-imports/not-an-id')).status).toBe(400);
    });

    it('JSON instead of CSV → 415; an auditor may not import → 403', async () => {
      const json = await h.request('POST', '/firm-imports', { body: [row(204)] });
      expect(json.status).toBe(415);
      const auditor = await h.request('POST', '/firm-imports', {
        as: 'auditor',
        raw: csvOf([row(205)]),
        headers: { 'content-type': 'text/csv' },
      });
      expect(auditor.status).toBe(403);
    });
  });
});
