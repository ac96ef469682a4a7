import {
  brnFrom,
  eventually,
  registration,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What operators and client developers see: health, metrics, OpenAPI docs, request ids. */
describe('observability', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('GET /health → 200 with the database, the event store and both runners up', async () => {
    const response = await h.request('GET', '/health', { as: null });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'up',
      checks: {
        database: { status: 'up' },
        eventStore: { status: 'up', detail: expect.any(String) },
        'firm-registry.firm-directory': {
          status: 'up',
          detail: { status: 'active', lag: expect.objectContaining({ events: expect.any(Number) }) },
        },
        'firm-registry.publisher': {
          status: 'up',
          detail: { status: 'active', lag: expect.objectContaining({ events: expect.any(Number) }) },
        },
      },
    });
  });

  it('GET /health → 503 naming the runner once one stopped', async () => {
    const { directoryRunner } = h.service.runtime;
    await directoryRunner.stop();
    try {
      const response = await h.request('GET', '/health', { as: null });
      expect(response.status).toBe(503);
      expect(response.body.status).toBe('down');
      expect(response.body.checks['firm-registry.firm-directory']).toMatchObject({
        status: 'down',
        detail: { status: 'stopped' },
      });
      expect(response.body.checks.database).toEqual({ status: 'up' });
    } finally {
      await directoryRunner.start();
    }
    await eventually(
      'the directory runner to be active again',
      async () => directoryRunner.status === 'active',
    );
    expect((await h.request('GET', '/health', { as: null })).status).toBe(200);
  });

  it('GET /metrics: request latency by route template, projection lag', async () => {
    const created = await h.request('POST', '/firms', { body: registration() });
    expect(created.status).toBe(201);
    expect((await h.request('GET', '/firms?regionCode=27')).status).toBe(200);
    expect(
      (await h.request('GET', `/firms/${created.body.firmId}?waitFor=${created.body.position}`)).status,
    ).toBe(200);

    const metrics = await eventually('the requests to be measured', async () => {
      const response = await h.request('GET', '/metrics', { as: null });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = response.body as string;
      return text.includes('route="/firms/:firmId"') ? text : undefined;
    });
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/firms"[^}]*status="200"[^}]*\} [1-9]/m,
    );
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{[^}]*route="\/firms"/m);
    // Route templates, never raw URLs: a firm id in a label would explode the series.
    expect(metrics).not.toContain(created.body.firmId);
    expect(metrics).toMatch(
      /^baton_projection_lag_events\{[^}]*projection="firm-registry.firm-directory"[^}]*\} \d+/m,
    );
    expect(metrics).toMatch(
      /^baton_projection_lag_events\{[^}]*projection="firm-registry.publisher"[^}]*\} \d+/m,
    );
    expect(metrics).toMatch(/service="firm-registry"/);
  });

  it('GET /docs serves the API reference; /docs/json documents the firm endpoints', async () => {
    const html = await fetch(`${h.url}/docs`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/swagger/i);

    const json = await h.request('GET', '/docs/json', { as: null });
    expect(json.status).toBe(200);
    expect(json.body.info).toMatchObject({ title: 'Baton firm registry', version: '1' });
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/firms', '/firms/{firmId}', '/firm-imports', '/firm-imports/{importId}']),
    );
    expect(json.body.paths['/firms']).toHaveProperty('get');
    expect(json.body.paths['/firms']).toHaveProperty('post');
    expect(json.body.paths['/firm-imports'].post.requestBody.content).toHaveProperty(['text/csv']);
  });

  describe('x-request-id', () => {
    const cases: [string, string, string | undefined, number][] = [
      ['a health check', '/health', undefined, 200],
      ['a list', '/firms', 'daeguTechnopark', 200],
      ['a 400 problem', '/firms?limit=0', 'daeguTechnopark', 400],
      ['a 401 problem', '/firms', undefined, 401],
      ['a 404 problem', '/firms/5b0c8a70-1111-4222-8333-944455556666', 'daeguTechnopark', 404],
      ['an unknown route', '/no-such-thing', 'daeguTechnopark', 404],
      ['the metrics', '/metrics', undefined, 200],
    ];

    it.each(cases)('%s carries a generated one', async (_, path, as, status) => {
      const response = await h.request('GET', path, { as: (as ?? null) as 'daeguTechnopark' | null });
      expect(response.status).toBe(status);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it.each(cases)('%s echoes the one the client sent', async (_, path, as, status) => {
      const id = `client-${status}-${path.length}`;
      const response = await h.request('GET', path, {
        as: (as ?? null) as 'daeguTechnopark' | null,
        headers: { 'x-request-id': id },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('x-request-id')).toBe(id);
    });

    it('a command echoes it too and keeps it as the events’ correlation id', async () => {
      const response = await h.request('POST', '/firms', {
        body: registration({ businessRegistrationNumber: brnFrom(800_000_001) }),
        headers: { 'x-request-id': 'gateway-req-42' },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('gateway-req-42');
      const [row] = await h.service.runtime.dataSource.query(
        `SELECT metadata->>'correlationId' AS correlation FROM eventstore.events WHERE stream_id = $1`,
        [`firm-${response.body.firmId}`],
      );
      expect(row.correlation).toBe('gateway-req-42');
    });

    it('an unusable one (too long, odd characters) is replaced by a generated one', async () => {
      for (const sent of ['x'.repeat(200), 'two words', '<script>']) {
        const response = await h.request('GET', '/health', { as: null, headers: { 'x-request-id': sent } });
        expect(response.headers.get('x-request-id')).toMatch(UUID);
      }
    });
  });
});
