import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/*
 * Bearer JWTs (RFC 7519) verified with node:crypto: EdDSA (Ed25519), RS256 and ES256 — what OIDC providers
 * and our dev issuer sign with. `alg: none`, HMAC algorithms (a shared secret would let any service mint
 * tokens) and keys of another type than the algorithm's are refused.
 */

export interface Jwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

export interface JwtClaims {
  readonly sub?: string;
  readonly iss?: string;
  readonly aud?: string | string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly [claim: string]: unknown;
}

/** Why a token was refused (the `rule` of the 401 problem). */
export class JwtError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

const ALGORITHMS: Record<string, { kty: string; digest: string | null; dsaEncoding?: 'ieee-p1363' }> = {
  EdDSA: { kty: 'OKP', digest: null },
  RS256: { kty: 'RSA', digest: 'sha256' },
  ES256: { kty: 'EC', digest: 'sha256', dsaEncoding: 'ieee-p1363' },
};

/** Where verification keys come from: a fixed set, or an issuer's JWKS URL. */
export interface KeySource {
  keyFor(kid: string | undefined): Promise<KeyObject | undefined>;
}

const keyOf = (jwk: Jwk): KeyObject => createPublicKey({ key: jwk as never, format: 'jwk' });

export class StaticKeySource implements KeySource {
  private readonly keys: { kid?: string; key: KeyObject }[];
  constructor(jwks: readonly Jwk[]) {
    this.keys = jwks.map((jwk) => ({ kid: jwk.kid, key: keyOf(jwk) }));
  }
  async keyFor(kid: string | undefined): Promise<KeyObject | undefined> {
    if (kid === undefined) return this.keys.length === 1 ? this.keys[0].key : undefined;
    return this.keys.find((k) => k.kid === kid)?.key;
  }
}

/**
 * An OIDC provider's JWKS (`jwks_uri`), cached; an unknown `kid` refetches (key rotation), at most once per
 * `minRefreshMs`, so a flood of forged kids cannot hammer the provider.
 */
export class JwksKeySource implements KeySource {
  private cache: { at: number; keys: Map<string | undefined, KeyObject> } | undefined;
  private fetching: Promise<void> | undefined;
  private lastFetch = 0;

  constructor(
    private readonly url: string,
    private readonly options: { cacheMs?: number; minRefreshMs?: number; timeoutMs?: number } = {},
  ) {}

  async keyFor(kid: string | undefined): Promise<KeyObject | undefined> {
    const fresh = this.cache && Date.now() - this.cache.at < (this.options.cacheMs ?? 600_000);
    if (
      !fresh ||
      (!this.cache!.keys.has(kid) && Date.now() - this.lastFetch >= (this.options.minRefreshMs ?? 30_000))
    )
      await this.refresh();
    const keys = this.cache?.keys;
    if (!keys) return undefined;
    if (kid === undefined && keys.size === 1) return [...keys.values()][0];
    return keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.fetching ??= (async () => {
      this.lastFetch = Date.now();
      const response = await fetch(this.url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
      if (!response.ok)
        throw new JwtError('jwks-unavailable', `JWKS ${this.url} answered ${response.status}`);
      const body = (await response.json()) as { keys?: Jwk[] };
      const keys = new Map<string | undefined, KeyObject>();
      for (const jwk of body.keys ?? []) {
        if (jwk.use && jwk.use !== 'sig') continue;
        try {
          keys.set(jwk.kid, keyOf(jwk));
        } catch {
          // A key type node cannot read is skipped, not fatal.
        }
      }
      this.cache = { at: Date.now(), keys };
    })().finally(() => (this.fetching = undefined));
    return this.fetching;
  }
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new JwtError('malformed', `The token's ${what} is not base64url JSON`);
  }
}

export interface VerifyOptions {
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds of clock skew tolerated on exp/nbf. */
  readonly toleranceS?: number;
  readonly now?: Date;
}

/** Verifies a compact JWS and its registered claims; answers the claims or throws JwtError. */
export async function verifyJwt(
  token: string,
  keys: KeySource,
  options: VerifyOptions = {},
): Promise<JwtClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new JwtError('malformed', 'A JWT has three base64url parts');
  const header = decodePart(parts[0], 'header');
  const claims = decodePart(parts[1], 'payload') as JwtClaims;
  const alg = String(header.alg);
  const algorithm = ALGORITHMS[alg];
  if (!algorithm) throw new JwtError('algorithm-not-allowed', `Algorithm ${alg} is not accepted`);
  const key = await keys.keyFor(typeof header.kid === 'string' ? header.kid : undefined);
  if (!key) throw new JwtError('unknown-key', `No verification key ${String(header.kid ?? '(no kid)')}`);
  const kty = key.asymmetricKeyType === 'ed25519' ? 'OKP' : key.asymmetricKeyType === 'rsa' ? 'RSA' : 'EC';
  if (kty !== algorithm.kty)
    throw new JwtError('key-mismatch', `Key ${String(header.kid)} is not for ${alg}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const ok = verify(
    algorithm.digest,
    Buffer.from(`${parts[0]}.${parts[1]}`),
    algorithm.dsaEncoding ? { key, dsaEncoding: algorithm.dsaEncoding } : key,
    signature,
  );
  if (!ok) throw new JwtError('bad-signature', 'The token signature does not verify');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceS ?? 30;
  if (typeof claims.exp !== 'number') throw new JwtError('no-expiry', 'The token has no exp');
  if (now > claims.exp + tolerance) throw new JwtError('expired', 'The token has expired');
  if (typeof claims.nbf === 'number' && now + tolerance < claims.nbf)
    throw new JwtError('not-yet-valid', 'The token is not valid yet');
  if (options.issuer !== undefined && claims.iss !== options.issuer)
    throw new JwtError('wrong-issuer', `The token was not issued by ${options.issuer}`);
  if (options.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(options.audience))
      throw new JwtError('wrong-audience', `The token is not for ${options.audience}`);
  }
  return claims;
}

/** Signs claims as a compact JWS with an Ed25519 key (the dev issuer; tests). */
export function signJwt(claims: JwtClaims, privateKey: KeyObject, kid: string): string {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign(null, Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** An Ed25519 signing key and its public JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Jwk;
}

export function signingKeyFromPem(pem: string, kid: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Jwk;
  return { kid, privateKey, jwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
}

export function generateSigningKey(kid: string): { key: SigningKey; pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: signingKeyFromPem(pem, kid), pem };
}
