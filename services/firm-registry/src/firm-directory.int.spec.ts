import { parsePositionToken } from '@baton/platform';
import {
  brnSequence,
  command,
  DAEGU_FUTURE_INDUSTRY,
  eventCount,
  registration,
  startHarness,
  type CommandAnswer,
  type Harness,
} from './testing/firm-registry.harness';

interface Summary {
  firmId: string;
  name: string;
  regionCode: string;
  industryId: string;
  stage: string;
  size: string;
  status: string;
}

const SCORES = { innovation: 80, growth: 75, jobCreation: 65 };

/** The firm directory read model over HTTP: filters, search, pagination, history, restatements, rebuild. */
describe('firm directory', () => {
  let h: Harness;
  const nextBrn = brnSequence(200_000_000);
  /** Position of the latest write: pass it as waitFor to read every write made so far. */
  let latest: string;
  const firms: Record<string, string> = {};

  const register = async (key: string, overrides: Record<string, unknown>) => {
    const answer = await command(
      h,
      'POST',
      '/firms',
      registration({ businessRegistrationNumber: nextBrn(), ...overrides }),
      { status: 201 },
    );
    firms[key] = answer.firmId;
    latest = answer.position!;
    return answer;
  };
  const write = async (path: string, body: unknown): Promise<CommandAnswer> => {
    const answer = await command(h, 'POST', path, body);
    if (answer.position) latest = answer.position;
    return answer;
  };
  const list = async (query: string) => {
    const response = await h.request('GET', `/firms?waitFor=${latest}&${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: Summary[]; nextCursor: string | null };
  };
  const names = async (query: string) => (await list(query)).items.map((f) => f.name);

  beforeAll(async () => {
    h = await startHarness();
    await register('hanbit', { name: '주식회사 한빛정밀' });
    await register('busanPower', {
      name: '부산파워반도체',
      regionCode: '26',
      industryId: 'busan-power-semiconductors',
      size: 'medium',
    });
    await register('daeguMedical', {
      name: '대구메디텍',
      industryId: 'daegu-digital-medical-devices',
      size: 'micro',
    });
    await register('ulsanHydrogen', {
      name: '울산수소모빌리티',
      regionCode: '31',
      industryId: 'ulsan-electric-hydrogen-vehicles',
      size: 'mid-sized',
    });
    await register('discount', { name: '50% 할인상사' });
    await register('underscore', {
      name: '가람_정공',
      regionCode: '26',
      industryId: 'busan-silver-care-tech',
    });
    await register('closed', { name: '폐업한 공업사' });

    await write(`/firms/${firms.daeguMedical}/stage-assessments`, {
      stage: 'preliminary',
      scores: SCORES,
      effectiveAt: '2026-04-01T00:00:00+09:00',
    });
    await write(`/firms/${firms.ulsanHydrogen}/stage-assessments`, {
      stage: 'leading',
      scores: SCORES,
      effectiveAt: '2026-04-01T00:00:00+09:00',
    });
    await write(`/firms/${firms.closed}/closure`, { reason: 'business-closed', closedOn: '2026-06-30' });
  });
  afterAll(() => h?.close());

  describe('filters', () => {
    it('by region: 대구 (27) holds the four firms registered there', async () => {
      expect((await names('regionCode=27')).sort()).toEqual(
        ['주식회사 한빛정밀', '대구메디텍', '50% 할인상사', '폐업한 공업사'].sort(),
      );
      expect(await names('regionCode=31')).toEqual(['울산수소모빌리티']);
    });

    it('by industry', async () => {
      expect(await names('industryId=busan-power-semiconductors')).toEqual(['부산파워반도체']);
      expect((await names(`industryId=${DAEGU_FUTURE_INDUSTRY}`)).sort()).toEqual(
        ['주식회사 한빛정밀', '50% 할인상사', '폐업한 공업사'].sort(),
      );
    });

    it('by growth stage', async () => {
      expect(await names('stage=preliminary')).toEqual(['대구메디텍']);
      expect(await names('stage=leading')).toEqual(['울산수소모빌리티']);
      expect(await names('stage=potential')).toHaveLength(5);
    });

    it('by size', async () => {
      expect(await names('size=micro')).toEqual(['대구메디텍']);
      expect(await names('size=mid-sized')).toEqual(['울산수소모빌리티']);
    });

    it('by status, and filters combine', async () => {
      const closed = await list('status=closed');
      expect(closed.items).toEqual([
        expect.objectContaining({ firmId: firms.closed, name: '폐업한 공업사', status: 'closed' }),
      ]);
      expect(await names('status=active')).toHaveLength(6);
      expect((await names('regionCode=27&status=active&size=small')).sort()).toEqual(
        ['주식회사 한빛정밀', '50% 할인상사'].sort(),
      );
    });

    it('refuses an unknown stage, size or region with 400 naming the field', async () => {
      for (const [query, field] of [
        ['stage=gold', 'stage'],
        ['size=huge', 'size'],
        ['regionCode=99', 'regionCode'],
        ['status=sleeping', 'status'],
      ]) {
        const response = await h.request('GET', `/firms?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  });

  describe('name search', () => {
    it('q=한빛 finds 주식회사 한빛정밀 and nothing else', async () => {
      const found = await list(`q=${encodeURIComponent('한빛')}`);
      expect(found.items).toEqual([
        expect.objectContaining({ firmId: firms.hanbit, name: '주식회사 한빛정밀', regionCode: '27' }),
      ]);
    });

    it('matches anywhere in the name', async () => {
      expect(await names(`q=${encodeURIComponent('메디')}`)).toEqual(['대구메디텍']);
    });

    it('LIKE wildcards are literal: % finds only the name containing %, _ only the one containing _', async () => {
      expect(await names(`q=${encodeURIComponent('0%')}`)).toEqual(['50% 할인상사']);
      expect(await names(`q=${encodeURIComponent('50%')}`)).toEqual(['50% 할인상사']);
      expect(await names(`q=${encodeURIComponent('람_')}`)).toEqual(['가람_정공']);
      expect(await names(`q=${encodeURIComponent('%정')}`)).toEqual([]);
    });

    it('a search needs at least two characters (400 on q); two are matched through the bigram index', async () => {
      const one = await h.request('GET', `/firms?q=${encodeURIComponent('한')}`);
      expect(one.status).toBe(400);
      expect(one.body.errors).toEqual([expect.objectContaining({ field: 'q', rule: 'minLength' })]);
      expect(await names(`q=${encodeURIComponent('한빛')}`)).toContain('주식회사 한빛정밀');
      // The index can serve it (the planner prefers a scan on a table this small unless told otherwise).
      const plan = await h.service.runtime.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(`EXPLAIN SELECT firm_id FROM firms WHERE name_bigrams @> ARRAY['한빛']::text[]`);
      });
      expect(JSON.stringify(plan)).toContain('firms_name_bigrams');
      expect(await names(`q=${encodeURIComponent('한%정밀')}`)).toEqual([]);
    });
  });

  describe('cursor pagination', () => {
    it('limit=2 walks every row exactly once, in name order', async () => {
      const seen: Summary[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
        expect(pages).toBeLessThan(10);
      } while (cursor);

      expect(pages).toBe(4);
      const ids = seen.map((f) => f.firmId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(Object.values(firms).sort());
      // The database's collation decides the order of Korean names; the pages follow it.
      const ordered: { firm_id: string }[] = await h.service.runtime.dataSource.query(
        'SELECT firm_id FROM firms ORDER BY name, firm_id',
      );
      expect(seen.map((f) => f.firmId)).toEqual(ordered.map((r) => r.firm_id));
      expect(seen.map((f) => f.firmId)).toEqual((await list('limit=200')).items.map((f) => f.firmId));
    });

    it('a filtered walk keeps the filter across pages', async () => {
      const first = await list('regionCode=27&limit=3');
      expect(first.items).toHaveLength(3);
      const second = await list(`regionCode=27&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect(second.nextCursor).toBeNull();
      expect([...first.items, ...second.items].map((f) => f.regionCode)).toEqual(['27', '27', '27', '27']);
    });

    it('a garbage cursor → 400 problem naming field cursor', async () => {
      for (const cursor of [
        'garbage',
        Buffer.from('{"name":1}').toString('base64url'),
        Buffer.from(JSON.stringify(['주식회사', 'not-a-firm-id'])).toString('base64url'),
      ]) {
        const response = await h.request('GET', `/firms?cursor=${encodeURIComponent(cursor)}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    });
  });

  describe('profile', () => {
    it('stage history shows effectiveAt as given and recordedAt as system time, separately', async () => {
      const { firmId } = await register('history', {
        name: '이력정밀',
        regionCode: '26',
        industryId: 'busan-ultra-precision-materials-components',
      });
      const before = Date.now();
      await write(`/firms/${firmId}/stage-assessments`, {
        stage: 'preliminary',
        scores: { innovation: 55, growth: 40, jobCreation: 30 },
        effectiveAt: '2025-01-01T00:00:00+09:00',
      });
      await write(`/firms/${firmId}/stage-assessments`, {
        stage: 'leading',
        scores: SCORES,
        effectiveAt: '2026-03-01T09:30:00+09:00',
      });
      const after = Date.now();

      const profile = await h.request('GET', `/firms/${firmId}?waitFor=${latest}`);
      expect(profile.status).toBe(200);
      expect(profile.headers.get('etag')).toBe('"2"');
      expect(profile.body).toMatchObject({
        stage: 'leading',
        stageEffectiveAt: new Date('2026-03-01T09:30:00+09:00').toISOString(),
      });
      const history = profile.body.stageHistory as Record<string, unknown>[];
      expect(history).toEqual([
        {
          kind: 'assessment',
          stage: 'preliminary',
          previousStage: 'potential',
          scores: { innovation: 55, growth: 40, jobCreation: 30 },
          agencyId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
          industryId: null,
          cooperatingRegions: null,
          effectiveAt: '2024-12-31T15:00:00.000Z',
          recordedAt: expect.any(String),
        },
        expect.objectContaining({
          kind: 'assessment',
          stage: 'leading',
          previousStage: 'preliminary',
          effectiveAt: '2026-03-01T00:30:00.000Z',
        }),
      ]);
      for (const entry of history) {
        const recordedAt = Date.parse(entry.recordedAt as string);
        expect(recordedAt).toBeGreaterThanOrEqual(before - 1000);
        expect(recordedAt).toBeLessThanOrEqual(after + 1000);
        expect(entry.recordedAt).not.toBe(entry.effectiveAt);
      }
    });

    it('a second report for a period is a restatement: both versions kept; an identical re-report writes nothing', async () => {
      const { firmId } = await register('indicators', { name: '지표산업' });
      const path = `/firms/${firmId}/indicator-reports`;
      const first = await write(path, {
        period: '2025',
        indicators: { sales: 1_200_000_000, employees: 41 },
      });
      expect(first.events).toEqual(['IndicatorsReported']);
      const restated = await write(path, {
        period: '2025',
        indicators: { sales: 1_250_000_000, employees: 41, exports: 300_000_000 },
        restatementReason: '외부감사 후 수정',
      });
      expect(restated.events).toEqual(['IndicatorsRestated']);
      expect(restated.revision).toBe(2);

      const before = await eventCount(h);
      const again = await write(path, {
        period: '2025',
        indicators: { employees: 41, exports: 300_000_000, sales: 1_250_000_000 },
      });
      expect(again.events).toEqual([]);
      expect(again.position).toBeNull();
      expect(await eventCount(h)).toBe(before);

      const profile = await h.request('GET', `/firms/${firmId}?waitFor=${latest}`);
      expect(profile.body.indicatorReports).toEqual([
        {
          period: '2025',
          version: 1,
          indicators: { sales: 1_200_000_000, employees: 41 },
          restatementReason: null,
          reportedAt: expect.any(String),
          recordedAt: expect.any(String),
        },
        {
          period: '2025',
          version: 2,
          indicators: { sales: 1_250_000_000, employees: 41, exports: 300_000_000 },
          restatementReason: '외부감사 후 수정',
          reportedAt: expect.any(String),
          recordedAt: expect.any(String),
        },
      ]);
      expect(profile.headers.get('etag')).toBe('"2"');
    });

    it('waitFor with a malformed token → 400 naming field waitFor', async () => {
      for (const path of [`/firms/${firms.hanbit}?waitFor=abc`, '/firms?waitFor=12-3']) {
        const response = await h.request('GET', path);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'waitFor' })]);
      }
    });
  });

  it('a rebuild replays the store into identical rows', async () => {
    const { runtime } = h.service;
    // Every write of this suite, not the store's head: the head only counts what the xmin horizon shows.
    const lastWrite = parsePositionToken(latest)!;
    await runtime.directoryRunner.waitForPosition(lastWrite);
    const snapshot = async () => ({
      firms: await runtime.dataSource.query('SELECT * FROM firms ORDER BY firm_id'),
      history: await runtime.dataSource.query('SELECT * FROM firm_stage_history ORDER BY firm_id, revision'),
      reports: await runtime.dataSource.query(
        'SELECT * FROM firm_indicator_reports ORDER BY firm_id, period, version',
      ),
    });
    const before = await snapshot();
    expect(before.firms).toHaveLength(Object.keys(firms).length);
    expect(before.history).toHaveLength(4);
    expect(before.reports).toHaveLength(2);
    const [{ n: firmEvents }] = await runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM eventstore.events WHERE stream_id LIKE 'firm-%'`,
    );
    const appliedBefore = runtime.directoryRunner.eventsApplied;

    await runtime.directoryRunner.rebuild();
    await runtime.directoryRunner.waitForPosition(lastWrite, 10_000);

    expect(runtime.directoryRunner.eventsApplied - appliedBefore).toBe(firmEvents);
    expect(await snapshot()).toEqual(before);
  });
});
