import { ConfigError } from '@baton/platform';
import { loadAuditConfig } from './config';

describe('audit configuration', () => {
  it('defaults: port 3104, development, a digest a minute', () => {
    expect(loadAuditConfig({})).toMatchObject({
      PORT: 3104,
      NODE_ENV: 'development',
      AUDIT_DIGEST_INTERVAL_MS: 60_000,
    });
  });
  it('production refuses to start without a signing key; a key needs its id', () => {
    expect(() => loadAuditConfig({ NODE_ENV: 'production' })).toThrow(
      /AUDIT_SIGNING_KEY: required when NODE_ENV=production/,
    );
    expect(() => loadAuditConfig({ AUDIT_SIGNING_KEY: 'n2Gx' })).toThrow(/AUDIT_KEY_ID: required/);
  });
  it('lists every problem at once', () => {
    try {
      loadAuditConfig({
        AUDIT_TRUSTED_KEYS: 'no-key',
        AUDIT_DIGEST_INTERVAL_MS: '5',
        AUDIT_KEY_ID: 'bad id!',
      });
      throw new Error('accepted');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'AUDIT_DIGEST_INTERVAL_MS',
        'AUDIT_KEY_ID',
        'AUDIT_TRUSTED_KEYS',
      ]);
    }
  });
});
