import fs from 'node:fs';
import path from 'node:path';
import { generateSigningKey, signingKeyFromPem, signJwt, type Jwk, type SigningKey } from '@baton/platform';
import { agencyIdOfSlug } from '@baton/reference-data';

export const DEV_ISSUER = 'baton-dev';
const TOKEN_HOURS = 8;

/** A named demo user of the embedded setup, one per role of ARCHITECTURE.md's security model. */
export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly agencySlug?: string;
  readonly regions: readonly string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'ministry', name: '중소벤처기업부 지역기업정책과 담당자', role: 'ministry', regions: [] },
  {
    id: 'daegu-gyeongbuk-office',
    name: '대구경북지방중소벤처기업청 담당자',
    role: 'regional-office',
    agencySlug: 'daegu-gyeongbuk-regional-sme-office',
    regions: ['27', '47'],
  },
  {
    id: 'daegu-technopark',
    name: '대구테크노파크 담당자',
    role: 'agency-staff',
    agencySlug: 'daegu-technopark',
    regions: ['27'],
  },
  {
    id: 'daegu-ccei',
    name: '대구창조경제혁신센터 담당자',
    role: 'agency-staff',
    agencySlug: 'daegu-creative-economy-innovation-center',
    regions: ['27'],
  },
  {
    id: 'busan-crisis-center',
    name: '부산 지역중소기업 위기지원센터 담당자',
    role: 'crisis-center',
    agencySlug: 'busan-crisis-support-center',
    regions: ['26'],
  },
  {
    id: 'daegu-crisis-center',
    name: '대구 지역중소기업 위기지원센터 담당자',
    role: 'crisis-center',
    agencySlug: 'daegu-crisis-support-center',
    regions: ['27'],
  },
  { id: 'auditor', name: '감사 담당자', role: 'auditor', regions: [] },
  { id: 'admin', name: '시스템 관리자', role: 'admin', regions: [] },
];

/**
 * The embedded setup's token issuer: an Ed25519 key kept in a project-local folder (created once, reused),
 * tokens for the named demo users, and the public key as a JWKS the services verify against. Development
 * only: anyone who can reach the gateway can mint a token.
 */
export class DevIssuer {
  private constructor(private readonly key: SigningKey) {}

  static open(dir: string): DevIssuer {
    const file = path.join(dir, 'dev-issuer.pem');
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(file)) {
      const { pem } = generateSigningKey('dev-1');
      fs.writeFileSync(file, pem, { mode: 0o600 });
    }
    return new DevIssuer(signingKeyFromPem(fs.readFileSync(file, 'utf8'), 'dev-1'));
  }

  get jwks(): { keys: Jwk[] } {
    return { keys: [this.key.jwk] };
  }

  users() {
    return DEMO_USERS.map((u) => ({ ...u, agencyId: u.agencySlug ? agencyIdOfSlug(u.agencySlug) : null }));
  }

  token(
    userId: string,
    now = new Date(),
  ): { token: string; expiresAt: string; user: ReturnType<DevIssuer['users']>[number] } | undefined {
    const user = this.users().find((u) => u.id === userId);
    if (!user) return undefined;
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + TOKEN_HOURS * 3600;
    const token = signJwt(
      {
        iss: DEV_ISSUER,
        sub: `demo:${user.id}`,
        iat,
        exp,
        name: user.name,
        baton_role: user.role,
        ...(user.agencyId && { baton_agency: user.agencyId }),
        baton_regions: [...user.regions],
      },
      this.key.privateKey,
      this.key.kid,
    );
    return { token, expiresAt: new Date(exp * 1000).toISOString(), user };
  }
}
