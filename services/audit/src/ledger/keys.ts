import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** A configured key is not an Ed25519 key in a form we read. */
export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

// DER headers that wrap a raw 32-byte Ed25519 key (RFC 8410): PKCS#8 for a seed, SPKI for a public key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The digest signing key from configuration: a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, as
 * `openssl genpkey -algorithm ed25519` writes it) or the base64 of the raw 32-byte seed (the RFC 8032
 * secret key).
 *
 * @throws KeyFormatError
 */
export function parseSigningKey(configured: string): KeyObject {
  const text = configured.trim();
  let key: KeyObject;
  try {
    key = text.startsWith('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({
          key: Buffer.concat([PKCS8_ED25519_PREFIX, raw32(text, 'seed')]),
          format: 'der',
          type: 'pkcs8',
        });
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError(
      `signing key is neither an Ed25519 PEM nor a base64 seed: ${(error as Error).message}`,
    );
  }
  return requireEd25519(key, 'signing key');
}

/**
 * A digest verification key: an SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or the base64 of the raw 32-byte
 * public key. A private key PEM is refused: a verifier should not hold it.
 *
 * @throws KeyFormatError
 */
export function parseVerificationKey(configured: string): KeyObject {
  const text = configured.trim();
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new KeyFormatError('verification key is a private key; configure the public key only');
  }
  let key: KeyObject;
  try {
    key = text.startsWith('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({
          key: Buffer.concat([SPKI_ED25519_PREFIX, raw32(text, 'public key')]),
          format: 'der',
          type: 'spki',
        });
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError(
      `verification key is neither an Ed25519 PEM nor a base64 public key: ${(error as Error).message}`,
    );
  }
  return requireEd25519(key, 'verification key');
}

/** The public half of a signing key. */
export const publicKeyOf = (signingKey: KeyObject): KeyObject => createPublicKey(signingKey);

/** The raw 32-byte public key, base64: the form to publish next to exported digests. */
export function rawPublicKeyBase64(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(SPKI_ED25519_PREFIX.length).toString('base64');
}

function raw32(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new KeyFormatError(`${what} is not base64`);
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length !== 32) throw new KeyFormatError(`${what} must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFormatError(`${what} is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not ed25519`);
  }
  return key;
}
