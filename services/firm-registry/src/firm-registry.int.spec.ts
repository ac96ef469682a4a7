import { firmIdFor } from './firms/firm-commands';
import {
  brnFrom,
  DAEGU_FUTURE_INDUSTRY,
  registration,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

/** Story tests of the firm registry's HTTP API, on real PostgreSQL with the embedded bus. */
describe('firm registry API', () => {
  let h: Harness;
  let stem = 100_000_000;
  const nextBrn = () => brnFrom(stem++);

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const eventCount = async (): Promise<number> =>
    Number((await h.service.runtime.dataSource.query('SELECT count(*) AS n FROM eventstore.events'))[0].n);

  /** Runs a request that must be refused and checks that nothing reached the event store. */
  async function refused(run: () => ReturnType<Harness['request']>) {
    const before = await eventCount();
    const response = await run();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await eventCount()).toBe(before);
    return response;
  }

  const register = async (overrides: Record<string, unknown> = {}) => {
    const response = await h.request('POST', '/firms', {
      body: registration({ businessRegistrationNumber: nextBrn(), ...overrides }),
    });
    expect(response.status).toBe(201);
    return response.body as { firmId: string; revision: number; position: string };
  };

  describe('registration', () => {
    it('registers a firm: 201, Location, ETag; the profile is readable right after with waitFor', async () => {
      const brn = nextBrn();
      const created = await h.request('POST', '/firms', {
        body: registration({ businessRegistrationNumber: brn }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        firmId: firmIdFor(brn),
        revision: 0,
        position: expect.stringMatching(/^\d+\.\d+$/),
        events: ['FirmRegistered'],
      });
      expect(created.headers.get('location')).toBe(`/firms/${firmIdFor(brn)}`);
      expect(created.headers.get('etag')).toBe('"0"');

      const profile = await h.request(
        'GET',
        `/firms/${created.body.firmId}?waitFor=${created.body.position}`,
      );
      expect(profile.status).toBe(200);
      expect(profile.headers.get('etag')).toBe('"0"');
      expect(profile.body).toMatchObject({
        firmId: created.body.firmId,
        businessRegistrationNumber: brn,
        name: '주식회사 한빛정밀',
        regionCode: '27',
        industryId: DAEGU_FUTURE_INDUSTRY,
        stage: 'potential',
        size: 'small',
        status: 'active',
        foundedOn: '2015-03-02',
        representative: { name: '김한빛', email: 'ceo@hanbit.example' },
        stageHistory: [],
        indicatorReports: [],
      });
    });

    it('keeps the representative out of the event store in clear text', async () => {
      const { firmId } = await register({ representative: { name: '박비밀' } });
      const rows = await h.service.runtime.dataSource.query(
        `SELECT data::text AS data FROM eventstore.events WHERE stream_id = $1`,
        [`firm-${firmId}`],
      );
      expect(rows[0].data).not.toContain('박비밀');
    });

    it('stores a legacy region code (42 강원) as the current one (51)', async () => {
      const { firmId, position } = await register({
        regionCode: '42',
        industryId: 'next-generation-high-performance-sensors',
      });
      const profile = await h.request('GET', `/firms/${firmId}?waitFor=${position}`);
      expect(profile.body.regionCode).toBe('51');
    });

    it('one firm per business registration number: of two simultaneous registrations one wins, the other gets 409 naming it', async () => {
      const brn = nextBrn();
      const [a, b] = await Promise.all([
        h.request('POST', '/firms', { body: registration({ businessRegistrationNumber: brn }) }),
        h.request('POST', '/firms', {
          body: registration({ businessRegistrationNumber: brn, name: '다른 이름' }),
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.headers.get('content-type')).toMatch(/problem\+json/);
      expect(conflict.body).toMatchObject({
        status: 409,
        existingFirmId: firmIdFor(brn),
        errors: [{ field: 'businessRegistrationNumber', rule: 'firm-already-exists' }],
      });
      const events = await h.service.runtime.dataSource.query(
        'SELECT count(*) AS n FROM eventstore.events WHERE stream_id = $1',
        [`firm-${firmIdFor(brn)}`],
      );
      expect(Number(events[0].n)).toBe(1);
    });

    it('a re-sent POST with the same Idempotency-Key answers as the first and writes nothing', async () => {
      const body = registration({ businessRegistrationNumber: nextBrn() });
      const headers = { 'idempotency-key': 'import-7-row-12' };
      const first = await h.request('POST', '/firms', { body, headers });
      const before = await eventCount();
      const again = await h.request('POST', '/firms', { body, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.firmId).toBe(first.body.firmId);
      expect(again.body.revision).toBe(first.body.revision);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('bad input: the right status, problem+json naming field and rule, nothing written', () => {
    it('wrong check digit → 400 brnChecksum', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', { body: registration({ businessRegistrationNumber: '116-82-00277' }) }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'businessRegistrationNumber', rule: 'brnChecksum', message: expect.any(String) },
      ]);
    });

    it('unknown region → 400 knownRegion', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', {
          body: registration({ businessRegistrationNumber: nextBrn(), regionCode: '99' }),
        }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'regionCode', rule: 'knownRegion', message: expect.any(String) },
      ]);
    });

    it('an industry not in that region’s catalogue → 422 industry-not-in-region', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', {
          body: registration({ businessRegistrationNumber: nextBrn(), regionCode: '26' }),
        }),
      );
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ errors: [{ field: 'industryId', rule: 'industry-not-in-region' }] });
    });

    it('unknown fields → 400 unknownField', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', {
          body: {
            ...registration({ businessRegistrationNumber: nextBrn() }),
            ceoSalary: 1,
            representative: { name: 'x', ssn: '1' },
          },
        }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'ceoSalary', rule: 'unknownField' }),
          expect.objectContaining({ field: 'representative.ssn', rule: 'unknownField' }),
        ]),
      );
    });

    it('malformed JSON → 400 naming the body', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', {
          raw: '{"name": "주식회사',
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'body' });
    });

    it('a 2 MB body → 413', async () => {
      const r = await refused(() =>
        h.request('POST', '/firms', {
          body: registration({ businessRegistrationNumber: nextBrn(), name: 'x'.repeat(2 * 1024 * 1024) }),
        }),
      );
      expect(r.status).toBe(413);
    });

    it('a stale If-Match → 412 with the current revision', async () => {
      const { firmId } = await register();
      const first = await h.request('PATCH', `/firms/${firmId}`, {
        body: { size: 'medium' },
        headers: { 'if-match': '"0"' },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"1"');
      const r = await refused(() =>
        h.request('PATCH', `/firms/${firmId}`, {
          body: { name: '늦은 변경' },
          headers: { 'if-match': '"0"' },
        }),
      );
      expect(r.status).toBe(412);
      expect(r.body).toMatchObject({ currentRevision: 1, errors: [{ field: 'If-Match' }] });
    });

    it('promotion to leading without scores → 400; with scores below the thresholds → 422 naming the shortfalls', async () => {
      const { firmId } = await register();
      const missing = await refused(() =>
        h.request('POST', `/firms/${firmId}/stage-assessments`, {
          body: { stage: 'leading', effectiveAt: '2026-04-01T00:00:00+09:00' },
        }),
      );
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('scores');
      const low = await refused(() =>
        h.request('POST', `/firms/${firmId}/stage-assessments`, {
          body: {
            stage: 'leading',
            scores: { innovation: 90, growth: 50, jobCreation: 80 },
            effectiveAt: '2026-04-01T00:00:00+09:00',
          },
        }),
      );
      expect(low.status).toBe(422);
      expect(low.body).toMatchObject({
        type: expect.stringContaining('promotion-requirements-not-met'),
        shortfalls: [{ criterion: 'growth', score: 50, required: 70 }],
        errors: [{ field: 'scores' }],
      });
    });

    it('a super-regional designation without cooperating regions → 422', async () => {
      const { firmId } = await register({ regionCode: '26', industryId: 'busan-power-semiconductors' });
      const r = await refused(() =>
        h.request('POST', `/firms/${firmId}/super-regional-designation`, {
          as: 'ministry',
          body: {
            industryId: 'hydrogen-storage-transport',
            cooperatingRegions: ['26'],
            scores: { innovation: 90, growth: 90, jobCreation: 90 },
            effectiveAt: '2026-07-01T00:00:00+09:00',
            designatingAgencyId: '0e6a5b1c-2d3f-4a5b-8c7d-9e0f1a2b3c4d',
          },
        }),
      );
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([
        expect.objectContaining({ field: 'cooperatingRegions', rule: 'cooperating-regions-required' }),
      ]);
    });

    it('an unknown firm → 404; a malformed firm id → 400', async () => {
      expect((await h.request('GET', '/firms/5b0c8a70-1111-4222-8333-944455556666')).status).toBe(404);
      const bad = await h.request('GET', '/firms/not-a-uuid');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'firmId' });
    });

    it('an auditor may read but not write (403); a request naming no actor gets 401', async () => {
      const forbidden = await refused(() =>
        h.request('POST', '/firms', {
          as: 'auditor',
          body: registration({ businessRegistrationNumber: nextBrn() }),
        }),
      );
      expect(forbidden.status).toBe(403);
      expect((await h.request('GET', '/firms', { as: 'auditor' })).status).toBe(200);
      expect((await h.request('GET', '/firms', { as: null })).status).toBe(401);
    });
  });
});
