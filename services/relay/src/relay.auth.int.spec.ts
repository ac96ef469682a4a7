import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, signJwt } from '@baton/platform';
import { agencySeedId } from './agencies/agency-seed';
import { startRelayHarness, type RelayHarness } from './testing/relay.harness';

const DAEGU_TP = agencySeedId('daegu-technopark');
const DAEGU_CCEI = agencySeedId('daegu-creative-economy-innovation-center');

/** The relay with AUTH=jwt: bearer tokens verified against the issuer's JWKS; X-Baton-* headers mean nothing. */
describe('relay behind bearer JWTs', () => {
  const issuer = generateSigningKey('test-issuer-1').key;
  let jwks: Server;
  let h: RelayHarness;
  beforeAll(async () => {
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [issuer.jwk] })),
    );
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    h = await startRelayHarness({
      AUTH: 'jwt',
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
      AUTH_ISSUER: 'baton-test',
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => jwks.close(r));
  });

  const bearer = (role: string, agencyId?: string, extra: Record<string, unknown> = {}) => ({
    authorization: `Bearer ${signJwt(
      {
        sub: `${role}-user`,
        iss: 'baton-test',
        exp: Math.floor(Date.now() / 1000) + 300,
        baton_role: role,
        ...(agencyId && { baton_agency: agencyId }),
        ...extra,
      },
      issuer.privateKey,
      issuer.kid,
    )}`,
  });

  async function openCaseBody() {
    const firmId = randomUUID();
    await h.knowFirm(firmId, '27');
    return { caseId: randomUUID(), firmId, goals: ['시제품 개발'], phase: 'task-planning' };
  }

  it('agency staff with a valid token opens a case', async () => {
    const r = await h.request('POST', '/cases', bearer('agency-staff', DAEGU_TP), await openCaseBody());
    expect(r.status).toBe(201);
  });

  it.each(['auditor', 'ministry'])('%s may not open a case: 403, nothing written', async (role) => {
    const before = await h.eventCount();
    const r = await h.request('POST', '/cases', bearer(role), await openCaseBody());
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await h.eventCount()).toBe(before);
  });

  it('no token, trusted headers alone, a token of another issuer or a forged one: 401, nothing written', async () => {
    const before = await h.eventCount();
    const body = await openCaseBody();
    const stranger = generateSigningKey('test-issuer-1').key;
    const forged = {
      authorization: `Bearer ${signJwt(
        { sub: 'x', iss: 'baton-test', exp: Math.floor(Date.now() / 1000) + 300, baton_role: 'admin' },
        stranger.privateKey,
        stranger.kid,
      )}`,
    };
    for (const headers of [
      {} as Record<string, string>,
      { 'x-baton-user': 'u', 'x-baton-role': 'admin' },
      bearer('agency-staff', DAEGU_TP, { iss: 'someone-else' }),
      forged,
    ]) {
      const r = await h.request('POST', '/cases', headers, body);
      expect(r.status).toBe(401);
      expect(r.body.type).toMatch(/unauthorized$/);
    }
    expect(await h.eventCount()).toBe(before);
  });

  it("an agency reads its own inbox, not another agency's", async () => {
    expect(
      (await h.request('GET', `/agencies/${DAEGU_CCEI}/inbox`, bearer('agency-staff', DAEGU_CCEI))).status,
    ).toBe(200);
    expect(
      (await h.request('GET', `/agencies/${DAEGU_CCEI}/inbox`, bearer('agency-staff', DAEGU_TP))).status,
    ).toBe(403);
  });
});
