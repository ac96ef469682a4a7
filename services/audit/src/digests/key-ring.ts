import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Logger } from '@baton/platform';
import type { AuditConfig } from '../config';
import { parseSigningKey, parseVerificationKey, publicKeyOf, rawPublicKeyBase64 } from '../ledger';

/** The key the service signs digests with, and the public keys it verifies digests with. */
export interface KeyRing {
  readonly signing: { readonly keyId: string; readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  /** True when no key was configured and this process made one up (development and tests only). */
  readonly ephemeral: boolean;
  /** The public key published under `keyId`: the signing key's, or a trusted earlier one. */
  publicKey(keyId: string): KeyObject | undefined;
  /** Every key id this service verifies, the signing key's first. */
  keyIds(): string[];
}

/**
 * From configuration: AUDIT_SIGNING_KEY (PEM or base64 seed) with AUDIT_KEY_ID; earlier keys from
 * AUDIT_TRUSTED_KEYS. Without a signing key (refused in production by the config), an ephemeral key is
 * generated and a warning logged: digests it signs cannot be verified once the process is gone.
 */
export function loadKeyRing(config: AuditConfig, logger: Logger): KeyRing {
  let privateKey: KeyObject;
  let keyId: string;
  const ephemeral = !config.AUDIT_SIGNING_KEY;
  if (config.AUDIT_SIGNING_KEY) {
    privateKey = parseSigningKey(config.AUDIT_SIGNING_KEY);
    keyId = config.AUDIT_KEY_ID!;
  } else {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    const publicKey = rawPublicKeyBase64(publicKeyOf(privateKey));
    keyId =
      config.AUDIT_KEY_ID ?? `ephemeral-${Buffer.from(publicKey, 'base64').toString('hex').slice(0, 12)}`;
    logger.warn(
      { keyId, publicKey, nodeEnv: config.NODE_ENV },
      'AUDIT_SIGNING_KEY is not set: digests are signed with an ephemeral Ed25519 key that dies with this process (set AUDIT_SIGNING_KEY and AUDIT_KEY_ID outside development)',
    );
  }
  const publicKey = publicKeyOf(privateKey);
  const trusted = new Map<string, KeyObject>();
  for (const pair of (config.AUDIT_TRUSTED_KEYS ?? '').split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    trusted.set(pair.slice(0, at), parseVerificationKey(pair.slice(at + 1)));
  }
  trusted.set(keyId, publicKey);
  return {
    signing: { keyId, privateKey, publicKey },
    ephemeral,
    publicKey: (id) => trusted.get(id),
    keyIds: () => [keyId, ...[...trusted.keys()].filter((id) => id !== keyId)],
  };
}
