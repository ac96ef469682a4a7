import { randomUUID } from 'node:crypto';
import { brnFrom, command, registration, startHarness, type Harness } from '../testing/firm-registry.harness';

/** A request to forget a firm's representative: the key goes, the history stays. */
describe('personal-data erasure over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('the ministry erases a firm’s representative: the profile reads as erased, the history is unchanged; again is a no-op', async () => {
    const registered = await command(
      h,
      'POST',
      '/firms',
      registration({ businessRegistrationNumber: brnFrom(630_000_001) }),
      {
        as: 'daeguTechnopark',
        status: 201,
      },
    );
    const before = await h.request('GET', `/firms/${registered.firmId}?waitFor=${registered.position}`, {
      as: 'daeguTechnopark',
    });
    expect(before.body.representative).toMatchObject({ name: '김한빛' });
    const events = async () =>
      (await h.service.runtime.store.readStream(`firm-${registered.firmId}`)).events.map((e) => e.id);
    const history = await events();

    const auditor = await h.request('POST', `/firms/${registered.firmId}/personal-data-erasure`, {
      as: 'auditor',
    });
    expect(auditor.status).toBe(403);

    const erased = await h.request('POST', `/firms/${registered.firmId}/personal-data-erasure`, {
      as: 'ministry',
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ firmId: registered.firmId, erased: true, alreadyErased: false });
    const after = await h.request('GET', `/firms/${registered.firmId}`, { as: 'daeguTechnopark' });
    expect(after.body.representative).toEqual({ erased: true });
    expect(after.body.name).toBe(before.body.name);
    expect(await events()).toEqual(history);

    const again = await h.request('POST', `/firms/${registered.firmId}/personal-data-erasure`, {
      as: 'ministry',
    });
    expect(again.body.alreadyErased).toBe(true);
    const unknown = await h.request('POST', `/firms/${randomUUID()}/personal-data-erasure`, {
      as: 'ministry',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
