import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  KeyFormatError,
  parseSigningKey,
  parseVerificationKey,
  publicKeyOf,
  rawPublicKeyBase64,
} from './keys';

// RFC 8032 §7.1, TEST 1: secret key (seed), public key, and the signature of the empty message.
const RFC8032_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const RFC8032_PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const RFC8032_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

describe('Ed25519 keys from configuration', () => {
  describe('signing key', () => {
    it('reads the base64 of a raw 32-byte seed (RFC 8032 test vector 1)', () => {
      const key = parseSigningKey(RFC8032_SEED.toString('base64'));
      expect(sign(null, Buffer.alloc(0), key).toString('hex')).toBe(RFC8032_SIGNATURE);
      expect(rawPublicKeyBase64(publicKeyOf(key))).toBe(RFC8032_PUBLIC.toString('base64'));
    });

    it('reads a seed with surrounding whitespace, as environment files leave it', () => {
      const key = parseSigningKey(`  ${RFC8032_SEED.toString('base64')}\n`);
      expect(rawPublicKeyBase64(publicKeyOf(key))).toBe(RFC8032_PUBLIC.toString('base64'));
    });

    it('reads a PKCS#8 PEM', () => {
      const pair = generateKeyPairSync('ed25519');
      const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const key = parseSigningKey(pem);
      const signature = sign(null, Buffer.from('원장'), key);
      expect(verify(null, Buffer.from('원장'), pair.publicKey, signature)).toBe(true);
    });

    it('gives the same key from the PEM and from the seed of one key', () => {
      const fromSeed = parseSigningKey(RFC8032_SEED.toString('base64'));
      const pem = fromSeed.export({ format: 'pem', type: 'pkcs8' }).toString();
      expect(rawPublicKeyBase64(publicKeyOf(parseSigningKey(pem)))).toBe(RFC8032_PUBLIC.toString('base64'));
    });

    it.each([
      ['a seed of 31 bytes', Buffer.alloc(31, 1).toString('base64'), /32 bytes, got 31/],
      ['a seed of 64 bytes', Buffer.alloc(64, 1).toString('base64'), /32 bytes, got 64/],
      ['text that is not base64', 'not a key!', /not base64/],
      ['a hex seed', RFC8032_SEED.toString('hex'), /32 bytes, got 48/],
      ['a broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /neither/],
      [
        'an ECDSA P-256 key',
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
        /is ec, not ed25519/,
      ],
      [
        'an X25519 key',
        generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        /is x25519, not ed25519/,
      ],
    ])('refuses %s', (_what, configured, message) => {
      expect(() => parseSigningKey(configured)).toThrow(KeyFormatError);
      expect(() => parseSigningKey(configured)).toThrow(message);
    });
  });

  describe('verification key', () => {
    it('reads the base64 of a raw 32-byte public key', () => {
      const key = parseVerificationKey(RFC8032_PUBLIC.toString('base64'));
      expect(verify(null, Buffer.alloc(0), key, Buffer.from(RFC8032_SIGNATURE, 'hex'))).toBe(true);
    });

    it('reads an SPKI PEM', () => {
      const pair = generateKeyPairSync('ed25519');
      const key = parseVerificationKey(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString());
      expect(rawPublicKeyBase64(key)).toBe(rawPublicKeyBase64(pair.publicKey));
    });

    it('refuses a private key: a verifier must not hold it', () => {
      const pem = generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString();
      expect(() => parseVerificationKey(pem)).toThrow(/private key/);
    });

    it.each([
      ['a key of 33 bytes', Buffer.alloc(33, 1).toString('base64'), /32 bytes/],
      [
        'an ECDSA public key',
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
        /not ed25519/,
      ],
    ])('refuses %s', (_what, configured, message) => {
      expect(() => parseVerificationKey(configured)).toThrow(KeyFormatError);
      expect(() => parseVerificationKey(configured)).toThrow(message);
    });
  });
});
