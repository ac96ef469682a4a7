import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../http/problem';
import {
  generateSigningKey,
  JwksKeySource,
  JwtError,
  signJwt,
  StaticKeySource,
  verifyJwt,
  type Jwk,
  type JwtClaims,
} from './jwt';
import { JwtActorResolver } from './jwt-actor-resolver';

const NOW = new Date('2026-11-22T00:00:00Z');
const t = (offsetS: number) => Math.floor(NOW.getTime() / 1000) + offsetS;
const claims = (extra: JwtClaims = {}): JwtClaims => ({
  sub: 'user-1',
  iss: 'https://issuer.example',
  aud: 'baton',
  exp: t(300),
  baton_role: 'agency-staff',
  ...extra,
});

/** Signs with any of the accepted algorithms, as an OIDC provider would. */
function signWith(alg: 'RS256' | 'ES256', key: KeyObject, kid: string, payload: JwtClaims): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg, kid, typ: 'JWT' })}.${part(payload)}`;
  const signature = sign(
    'sha256',
    Buffer.from(input),
    alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
  );
  return `${input}.${signature.toString('base64url')}`;
}

const jwkOf = (publicKey: KeyObject, kid: string): Jwk => ({
  ...(publicKey.export({ format: 'jwk' }) as Jwk),
  kid,
});

describe('verifyJwt', () => {
  const ed = generateSigningKey('ed-1').key;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = new StaticKeySource([ed.jwk, jwkOf(rsa.publicKey, 'rsa-1'), jwkOf(ec.publicKey, 'ec-1')]);
  const options = { issuer: 'https://issuer.example', audience: 'baton', now: NOW };

  it.each([
    ['EdDSA', () => signJwt(claims(), ed.privateKey, 'ed-1')],
    ['RS256', () => signWith('RS256', rsa.privateKey, 'rsa-1', claims())],
    ['ES256', () => signWith('ES256', ec.privateKey, 'ec-1', claims())],
  ])('accepts a valid %s token and answers its claims', async (_alg, token) => {
    expect(await verifyJwt(token(), keys, options)).toMatchObject({
      sub: 'user-1',
      baton_role: 'agency-staff',
    });
  });

  const refused = async (token: string, rule: string, opts = options) => {
    const error = await verifyJwt(token, keys, opts).catch((e) => e);
    expect(error).toBeInstanceOf(JwtError);
    expect(error.rule).toBe(rule);
  };

  it('refuses expired tokens, tokens not valid yet and tokens without exp (30 s tolerance)', async () => {
    await refused(signJwt(claims({ exp: t(-31) }), ed.privateKey, 'ed-1'), 'expired');
    expect(
      await verifyJwt(signJwt(claims({ exp: t(-29) }), ed.privateKey, 'ed-1'), keys, options),
    ).toBeTruthy();
    await refused(signJwt(claims({ nbf: t(60) }), ed.privateKey, 'ed-1'), 'not-yet-valid');
    await refused(signJwt(claims({ exp: undefined }), ed.privateKey, 'ed-1'), 'no-expiry');
  });

  it('refuses another issuer or audience', async () => {
    await refused(signJwt(claims({ iss: 'https://evil.example' }), ed.privateKey, 'ed-1'), 'wrong-issuer');
    await refused(signJwt(claims({ aud: ['other'] }), ed.privateKey, 'ed-1'), 'wrong-audience');
  });

  it('refuses a forged signature, an unknown key, a key of another type, alg none and HS256', async () => {
    const other = generateSigningKey('ed-1').key; // same kid, different key
    await refused(signJwt(claims(), other.privateKey, 'ed-1'), 'bad-signature');
    await refused(signJwt(claims(), ed.privateKey, 'nobody'), 'unknown-key');
    await refused(signWith('RS256', rsa.privateKey, 'ec-1', claims()), 'key-mismatch');
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await refused(`${part({ alg: 'none' })}.${part(claims())}.`, 'algorithm-not-allowed');
    await refused(`${part({ alg: 'HS256', kid: 'ed-1' })}.${part(claims())}.c2ln`, 'algorithm-not-allowed');
    const token = signJwt(claims(), ed.privateKey, 'ed-1');
    const [h, , s] = token.split('.');
    await refused(`${h}.${part(claims({ baton_role: 'admin' }))}.${s}`, 'bad-signature');
    await refused('not-a-jwt', 'malformed');
    await refused('a.b.c', 'malformed');
  });
});

describe('JwksKeySource', () => {
  let server: Server;
  let served: Jwk[] = [];
  let fetches = 0;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("fetches the issuer's keys, caches them, and refetches once for a rotated key", async () => {
    const first = generateSigningKey('k1').key;
    const second = generateSigningKey('k2').key;
    served = [first.jwk];
    const source = new JwksKeySource(url, { minRefreshMs: 0 });
    const at = { now: new Date() };
    const exp = Math.floor(Date.now() / 1000) + 60;
    await verifyJwt(signJwt({ sub: 'a', exp }, first.privateKey, 'k1'), source, at);
    await verifyJwt(signJwt({ sub: 'a', exp }, first.privateKey, 'k1'), source, at);
    expect(fetches).toBe(1);
    served = [first.jwk, second.jwk]; // the provider rotates
    await verifyJwt(signJwt({ sub: 'b', exp }, second.privateKey, 'k2'), source, at);
    expect(fetches).toBe(2);
  });
});

describe('JwtActorResolver', () => {
  const key = generateSigningKey('dev').key;
  const resolver = new JwtActorResolver(new StaticKeySource([key.jwk]));
  const request = (authorization?: string) =>
    ({ headers: authorization ? { authorization } : {} }) as FastifyRequest;
  const exp = () => Math.floor(Date.now() / 1000) + 60;

  it('reads the actor from the claims', async () => {
    const token = signJwt(
      {
        sub: 'kim',
        exp: exp(),
        baton_role: 'regional-office',
        baton_agency: 'a-1',
        baton_regions: ['27', '47'],
      },
      key.privateKey,
      'dev',
    );
    expect(await resolver.resolve(request(`Bearer ${token}`))).toEqual({
      userId: 'kim',
      role: 'regional-office',
      agencyId: 'a-1',
      regions: ['27', '47'],
    });
  });

  it('no token: no actor; a bad token or an unknown role: 401 naming the rule', async () => {
    expect(await resolver.resolve(request())).toBeUndefined();
    const problem = async (authorization: string) => {
      const error = await Promise.resolve(resolver.resolve(request(authorization))).catch((e) => e);
      expect(error).toBeInstanceOf(ProblemError);
      expect(error.status).toBe(401);
      return error.extensions.errors[0].rule;
    };
    expect(await problem('Basic abc')).toBe('bearer');
    expect(
      await problem(`Bearer ${signJwt({ sub: 'x', exp: exp(), baton_role: 'king' }, key.privateKey, 'dev')}`),
    ).toBe('role');
    expect(
      await problem(`Bearer ${signJwt({ sub: 'x', exp: 1, baton_role: 'admin' }, key.privateKey, 'dev')}`),
    ).toBe('expired');
  });
});
