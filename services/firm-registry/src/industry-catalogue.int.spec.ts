import {
  brnSequence,
  eventCount,
  registration,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

interface Industry {
  industryId: string;
  nameKo: string;
  kind: string;
  regionCodes: string[];
  source: { refs: string[]; note?: string };
  confidence: string;
  validFrom: string;
  retiredOn?: string;
}

/** The regional key industry catalogue (지역주력산업) and the reference data, over HTTP. */
describe('industry catalogue', () => {
  let h: Harness;
  const nextBrn = brnSequence(400_000_000);

  const industry = (overrides: Record<string, unknown> = {}) => ({
    industryId: 'gwangju-ai-convergence',
    nameKo: '인공지능 융복합',
    nameEn: 'AI convergence',
    kind: 'core',
    regionCodes: ['29'],
    source: { refs: ['MSS 보도자료 2026-03-02'] },
    confidence: 'single-source',
    validFrom: '2026-03-02',
    ...overrides,
  });
  const add = (body: unknown, as: 'ministry' | 'daeguTechnopark' = 'ministry') =>
    h.request('POST', '/industries', { body, as });
  const registerIn = (regionCode: string, industryId: string) =>
    h.request('POST', '/firms', {
      body: registration({ businessRegistrationNumber: nextBrn(), regionCode, industryId }),
    });

  /** Runs a request that must be refused; checks it answered problem+json and wrote no event. */
  async function refused(run: () => ReturnType<Harness['request']>) {
    const before = await eventCount(h);
    const response = await run();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await eventCount(h)).toBe(before);
    return response;
  }

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  describe('GET /industries', () => {
    it('lists the 31 seed entries, each with its source and confidence', async () => {
      const response = await h.request('GET', '/industries');
      expect(response.status).toBe(200);
      const items = response.body.items as Industry[];
      expect(items).toHaveLength(31);
      const ids = items.map((i) => i.industryId);
      expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
      for (const item of items) {
        expect(item.source.refs.length + (item.source.note ? 1 : 0)).toBeGreaterThan(0);
        expect(['verified', 'single-source', 'unverified']).toContain(item.confidence);
        expect(item.retiredOn).toBeUndefined();
      }
      expect(items.filter((i) => i.kind === 'future-single')).toHaveLength(14);
      expect(items.filter((i) => i.kind === 'future-cooperative')).toHaveLength(5);
      expect(items.find((i) => i.industryId === 'hydrogen-storage-transport')).toMatchObject({
        nameKo: '수소 저장·운송',
        kind: 'future-cooperative',
        regionCodes: ['26', '31', '48', '50'],
      });
    });

    it('filters by region: 부산 (26) has its own industries and the cooperative ones it takes part in', async () => {
      const response = await h.request('GET', '/industries?regionCode=26');
      expect(response.status).toBe(200);
      expect((response.body.items as Industry[]).map((i) => i.industryId)).toEqual([
        'busan-low-temperature-high-pressure-energy-storage',
        'busan-power-semiconductors',
        'busan-silver-care-tech',
        'busan-ultra-precision-materials-components',
        'hydrogen-storage-transport',
      ]);
      const cooperative = await h.request('GET', '/industries?regionCode=26&kind=future-cooperative');
      expect(cooperative.body.items.map((i: Industry) => i.industryId)).toEqual([
        'hydrogen-storage-transport',
      ]);
    });

    it('a legacy region code filters as the current one (42 강원 → 51)', async () => {
      const legacy = await h.request('GET', '/industries?regionCode=42');
      const current = await h.request('GET', '/industries?regionCode=51');
      expect(legacy.status).toBe(200);
      expect(legacy.body.items.length).toBeGreaterThan(0);
      expect(legacy.body).toEqual(current.body);
    });

    it('an unknown region filter → 400', async () => {
      const response = await h.request('GET', '/industries?regionCode=99');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    });
  });

  describe('adding an industry', () => {
    it('the ministry adds one (201) and a firm can register in it right away', async () => {
      const created = await add(industry());
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ industryId: 'gwangju-ai-convergence', revision: expect.any(Number) });

      const one = await h.request('GET', '/industries/gwangju-ai-convergence');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        industryId: 'gwangju-ai-convergence',
        nameKo: '인공지능 융복합',
        kind: 'core',
        regionCodes: ['29'],
        source: { refs: ['MSS 보도자료 2026-03-02'] },
        confidence: 'single-source',
        validFrom: '2026-03-02',
      });
      expect((await h.request('GET', '/industries')).body.items).toHaveLength(32);

      const firm = await registerIn('29', 'gwangju-ai-convergence');
      expect(firm.status).toBe(201);
      expect(firm.body.events).toEqual(['FirmRegistered']);
    });

    it('agency staff may not add (403) and nothing is written', async () => {
      const response = await refused(() =>
        add(industry({ industryId: 'daegu-staff-idea' }), 'daeguTechnopark'),
      );
      expect(response.status).toBe(403);
      expect((await h.request('GET', '/industries/daegu-staff-idea')).status).toBe(404);
    });

    it('an id that is not a lowercase slug → 400 naming industryId', async () => {
      const response = await refused(() => add(industry({ industryId: 'Gwangju AI!' })));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'industryId' })]);
    });

    it('a cooperative industry with one region → 422 cooperating-regions-required naming regionCodes', async () => {
      const response = await refused(() =>
        add(industry({ industryId: 'lonely-cooperation', kind: 'future-cooperative', regionCodes: ['29'] })),
      );
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'regionCodes', rule: 'cooperating-regions-required' }),
      ]);
    });

    it('an unknown region → 400 naming regionCodes', async () => {
      const response = await refused(() =>
        add(industry({ industryId: 'nowhere-industry', regionCodes: ['99'] })),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'regionCodes', rule: 'knownRegion' }),
      ]);
    });

    it('an id already in the catalogue → 409', async () => {
      const response = await refused(() =>
        add(industry({ industryId: 'busan-power-semiconductors', regionCodes: ['26'] })),
      );
      expect(response.status).toBe(409);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'industryId', rule: 'industry-already-exists' }),
      ]);
    });
  });

  describe('retiring an industry', () => {
    it('after retirement no firm may register in it (422 industry-retired); firms already in it stay', async () => {
      expect(
        (await add(industry({ industryId: 'gwangju-short-lived', validFrom: '2026-01-01' }))).status,
      ).toBe(201);
      const before = await registerIn('29', 'gwangju-short-lived');
      expect(before.status).toBe(201);

      const retired = await h.request('POST', '/industries/gwangju-short-lived/retirement', {
        as: 'ministry',
        body: { retiredOn: '2026-06-30', reason: '지역주력산업 개편' },
      });
      expect(retired.status).toBe(200);
      expect((await h.request('GET', '/industries/gwangju-short-lived')).body.retiredOn).toBe('2026-06-30');

      const after = await refused(() => registerIn('29', 'gwangju-short-lived'));
      expect(after.status).toBe(422);
      expect(after.body.errors).toEqual([
        expect.objectContaining({ field: 'industryId', rule: 'industry-retired' }),
      ]);
      const existing = await h.request('GET', `/firms/${before.body.firmId}?waitFor=${before.body.position}`);
      expect(existing.body).toMatchObject({ industryId: 'gwangju-short-lived', status: 'active' });
    });

    it('agency staff may not retire (403); retiring twice → 422', async () => {
      const forbidden = await refused(() =>
        h.request('POST', '/industries/busan-silver-care-tech/retirement', {
          body: { retiredOn: '2026-06-30', reason: '시도' },
        }),
      );
      expect(forbidden.status).toBe(403);
      const again = await refused(() =>
        h.request('POST', '/industries/gwangju-short-lived/retirement', {
          as: 'ministry',
          body: { retiredOn: '2026-07-01', reason: '다시' },
        }),
      );
      expect(again.status).toBe(422);
    });
  });

  describe('reference data', () => {
    it('GET /regions: the 17 시·도 with legacy codes', async () => {
      const response = await h.request('GET', '/regions', { as: null });
      expect(response.status).toBe(200);
      const items = response.body.items as { code: string; legacyCodes: { code: string }[] }[];
      expect(items).toHaveLength(17);
      expect(new Set(items.map((r) => r.code)).size).toBe(17);
      expect(items.find((r) => r.code === '51')?.legacyCodes.map((l) => l.code)).toEqual(['42']);
      expect(items.find((r) => r.code === '52')?.legacyCodes.map((l) => l.code)).toEqual(['45']);
      expect(items.find((r) => r.code === '26')).toMatchObject({ nameKo: '부산광역시', legacyCodes: [] });
    });

    it('GET /agency-types: 9 types', async () => {
      const response = await h.request('GET', '/agency-types', { as: null });
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(9);
    });
  });
});
