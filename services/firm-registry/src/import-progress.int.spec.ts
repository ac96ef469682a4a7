import { randomUUID } from 'node:crypto';
import type { ImportReport } from './firms/import-firms/firm-imports';
import { brnSequence, csvOf, startHarness, type Harness } from './testing/firm-registry.harness';

const PLACES = [
  { regionCode: '27', industryId: 'daegu-machine-element-materials-parts' },
  { regionCode: '26', industryId: 'busan-silver-care-tech' },
  { regionCode: '47', industryId: 'gyeongbuk-battery-modules-systems' },
];

/**
 * A large CSV import reports its progress while it runs (flushed about once a second) and ends completed.
 * A suite of its own: 3,000 registrations take most of its time.
 */
describe('firm import progress', () => {
  let h: Harness;
  const nextBrn = brnSequence(550_000_000);

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('GET /firm-imports/{id} shows a 3,000-row import running with rows read, then completed', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      businessRegistrationNumber: nextBrn(),
      name: `누리산업 ${i}호`,
      representativeName: `대표 ${i}`,
      representativeEmail: `ceo${i}@nuri.example`,
      ...PLACES[i % PLACES.length],
      foundedOn: '2018-05-21',
      size: i % 2 ? 'small' : 'medium',
    }));
    const importId = randomUUID();
    const seen: ImportReport[] = [];
    let done = false;
    const running = h
      .request('POST', `/firm-imports?importId=${importId}&fileName=nuri-3000.csv`, {
        raw: csvOf(rows),
        headers: { 'content-type': 'text/csv' },
      })
      .finally(() => (done = true));
    while (!done) {
      const response = await h.request('GET', `/firm-imports/${importId}`);
      if (response.status === 200) seen.push(response.body);
      else expect(response.status).toBe(404); // the import has not started yet
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const finished = await running;

    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      importId,
      status: 'completed',
      fileName: 'nuri-3000.csv',
      rowsRead: 3000,
      rowsRegistered: 3000,
      rowsUnchanged: 0,
      rowsFailed: 0,
      errors: [],
    });

    const inProgress = seen.filter((r) => r.status === 'running' && r.rowsRead > 0);
    expect(inProgress.length).toBeGreaterThan(0);
    for (const r of inProgress) {
      expect(r.rowsRead).toBeLessThan(3000);
      expect(r.rowsRegistered + r.rowsUnchanged + r.rowsFailed).toBeLessThanOrEqual(r.rowsRead);
      expect(r.finishedAt).toBeNull();
    }
    const reads = seen.map((r) => r.rowsRead);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));

    const after = await h.request('GET', `/firm-imports/${importId}`);
    expect(after.body).toEqual(finished.body);
    const [{ n }] = await h.service.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM eventstore.events WHERE type = 'FirmRegistered'`,
    );
    expect(n).toBe(3000);
  }, 120_000);
});
