import { createHash, generateKeyPairSync } from 'node:crypto';
import type { ChainHead } from './chain';
import {
  DigestInputError,
  digestLeaf,
  digestRoot,
  proveInclusion,
  signDigest,
  signedBytes,
  verifyDigest,
  verifyInclusion,
  type SignedDigest,
} from './digest';
import {
  EXAMPLE_PUBLIC_KEY_HEX,
  EXAMPLE_SEED_HEX,
  GOLDEN_DIGEST,
  GOLDEN_HEADS,
  GOLDEN_PROOF,
} from '../testing/golden';
import { parseSigningKey, parseVerificationKey, publicKeyOf } from './keys';
import { leafHash, merkleRoot, nodeHash } from './merkle';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const firmId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const headsOf = (n: number): ChainHead[] =>
  Array.from({ length: n }, (_, i) => ({
    firmId: firmId(i),
    sequence: i + 1,
    headHash: hashOf(`head ${i}`),
  }));

const signing = generateKeyPairSync('ed25519');
const KEY_ID = 'audit-digest-2026-1';
const META = { digestId: 'digest-0001', createdAt: '2026-06-30T15:00:05Z', upTo: '2026-06-30T15:00:00Z' };

describe('signed digests over all firm chains', () => {
  describe('VERIFY.md’s worked example, as the Python reference verifier computes it', () => {
    const exampleKey = parseSigningKey(Buffer.from(EXAMPLE_SEED_HEX, 'hex').toString('base64'));
    const { digestId, createdAt, upTo } = GOLDEN_DIGEST;

    it('gives the same root and the same signature', () => {
      expect(signDigest(GOLDEN_HEADS, exampleKey, 'audit-example-1', { digestId, createdAt, upTo })).toEqual(
        GOLDEN_DIGEST,
      );
    });

    it('gives the same inclusion proof, which verifies', () => {
      expect(proveInclusion(GOLDEN_HEADS, GOLDEN_PROOF.firmId)).toEqual(GOLDEN_PROOF);
      expect(verifyInclusion(GOLDEN_PROOF, GOLDEN_DIGEST)).toEqual({ ok: true });
    });

    it('verifies with the raw public key, base64 as configured', () => {
      const publicKey = parseVerificationKey(Buffer.from(EXAMPLE_PUBLIC_KEY_HEX, 'hex').toString('base64'));
      expect(verifyDigest(GOLDEN_DIGEST, publicKey, { heads: GOLDEN_HEADS })).toEqual({ ok: true });
    });
  });

  describe('the tree', () => {
    it('has one leaf per firm: the canonical JSON of firmId, headHash and sequence', () => {
      const head = { firmId: 'f-1', sequence: 7, headHash: 'a'.repeat(64) };
      expect(digestLeaf(head).toString()).toBe(
        `{"firmId":"f-1","headHash":"${'a'.repeat(64)}","sequence":7}`,
      );
    });

    it('orders leaves by firmId, whatever order the heads come in', () => {
      const heads = headsOf(5);
      const shuffled = [heads[3], heads[0], heads[4], heads[2], heads[1]];
      expect(digestRoot(shuffled)).toBe(digestRoot(heads));
      const [a, b, c] = headsOf(3);
      const expected = nodeHash(
        nodeHash(leafHash(digestLeaf(a)), leafHash(digestLeaf(b))),
        leafHash(digestLeaf(c)),
      );
      expect(digestRoot([c, a, b])).toBe(expected.toString('hex'));
    });

    it('changes its root with any head', () => {
      const heads = headsOf(4);
      const root = digestRoot(heads);
      expect(digestRoot(heads.map((h, i) => (i === 2 ? { ...h, sequence: h.sequence + 1 } : h)))).not.toBe(
        root,
      );
      expect(digestRoot(heads.map((h, i) => (i === 2 ? { ...h, headHash: hashOf('x') } : h)))).not.toBe(root);
      expect(digestRoot(heads.slice(0, 3))).not.toBe(root);
    });

    it('is SHA-256 of nothing for no firms', () => {
      expect(digestRoot([])).toBe(merkleRoot([]).toString('hex'));
      expect(digestRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it.each([
      ['a firm named twice', [...headsOf(2), headsOf(1)[0]], /two heads/],
      ['a sequence of 0', [{ ...headsOf(1)[0], sequence: 0 }], /positive integer/],
      ['an upper-case hash', [{ ...headsOf(1)[0], headHash: 'A'.repeat(64) }], /lower-case hex/],
      ['an empty firmId', [{ ...headsOf(1)[0], firmId: '' }], /firmId/],
    ])('refuses %s', (_what, heads, message) => {
      expect(() => digestRoot(heads)).toThrow(DigestInputError);
      expect(() => digestRoot(heads)).toThrow(message);
    });
  });

  describe('signDigest and verifyDigest', () => {
    const heads = headsOf(7);
    const digest = signDigest(heads, signing.privateKey, KEY_ID, META);

    it('commits to the watermark, the count and the root, and names the key', () => {
      expect(digest).toEqual({
        ...META,
        chains: 7,
        root: digestRoot(heads),
        keyId: KEY_ID,
        signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
      });
    });

    it('signs the canonical JSON of the digest without its signature', () => {
      const { signature: _signature, ...unsigned } = digest;
      expect(signedBytes(unsigned).toString()).toBe(
        `{"chains":7,"createdAt":"2026-06-30T15:00:05Z","digestId":"digest-0001","keyId":"${KEY_ID}","root":"${digest.root}","upTo":"2026-06-30T15:00:00Z"}`,
      );
    });

    it('verifies with the public key, also after a JSON round trip', () => {
      expect(verifyDigest(digest, signing.publicKey)).toEqual({ ok: true });
      expect(verifyDigest(JSON.parse(JSON.stringify(digest)), signing.publicKey)).toEqual({ ok: true });
      expect(verifyDigest(digest, signing.publicKey, { heads, expectedKeyId: KEY_ID })).toEqual({ ok: true });
    });

    it('is deterministic (Ed25519): the same digest twice has the same signature', () => {
      expect(signDigest([...heads].reverse(), signing.privateKey, KEY_ID, META)).toEqual(digest);
    });

    it('fails, saying so, when another key signed it', () => {
      const other = generateKeyPairSync('ed25519');
      const forged = signDigest(heads, other.privateKey, KEY_ID, META);
      const result = verifyDigest(forged, signing.publicKey);
      expect(result).toMatchObject({ ok: false, reason: 'signature-invalid' });
      expect(!result.ok && result.detail).toMatch(
        /does not verify with the given Ed25519 public key: another key signed it/,
      );
      expect(!result.ok && result.detail).toContain(KEY_ID);
    });

    it('fails with key-mismatch when the digest names a key the verifier does not expect', () => {
      const other = generateKeyPairSync('ed25519');
      const rotated = signDigest(heads, other.privateKey, 'audit-digest-2027-1', META);
      expect(verifyDigest(rotated, signing.publicKey, { expectedKeyId: KEY_ID })).toMatchObject({
        ok: false,
        reason: 'key-mismatch',
        detail: expect.stringContaining('"audit-digest-2027-1", expected "audit-digest-2026-1"'),
      });
    });

    it.each([
      ['root', { root: digestRoot(headsOf(6)) }],
      ['chains', { chains: 8 }],
      ['upTo', { upTo: '2026-06-30T16:00:00Z' }],
      ['createdAt', { createdAt: '2026-06-30T15:00:06Z' }],
      ['digestId', { digestId: 'digest-0002' }],
      ['keyId', { keyId: 'audit-digest-2026-2' }],
    ])('fails when %s was changed after signing', (_field, change) => {
      expect(verifyDigest({ ...digest, ...change }, signing.publicKey)).toMatchObject({
        ok: false,
        reason: 'signature-invalid',
      });
    });

    it('fails when the signature was changed', () => {
      const bytes = Buffer.from(digest.signature, 'base64');
      bytes[10] ^= 0x01;
      expect(
        verifyDigest({ ...digest, signature: bytes.toString('base64') }, signing.publicKey),
      ).toMatchObject({
        ok: false,
        reason: 'signature-invalid',
      });
    });

    it('fails when the heads given do not match the signed root or count', () => {
      const altered = heads.map((h, i) => (i === 3 ? { ...h, headHash: hashOf('rewritten') } : h));
      expect(verifyDigest(digest, signing.publicKey, { heads: altered })).toMatchObject({
        ok: false,
        reason: 'root-mismatch',
      });
      expect(verifyDigest(digest, signing.publicKey, { heads: heads.slice(1) })).toMatchObject({
        ok: false,
        reason: 'chain-count-mismatch',
      });
    });

    it.each([
      ['a signature of 32 bytes', { signature: Buffer.alloc(32).toString('base64') }, /64 bytes/],
      ['a signature in hex', { signature: 'ab'.repeat(64) + '!' }, /base64/],
      ['an upper-case root', { root: 'A'.repeat(64) }, /root/],
      ['a negative count', { chains: -1 }, /chains/],
      ['a watermark that is not RFC 3339', { upTo: 'yesterday' }, /RFC 3339/],
      ['no keyId', { keyId: '' }, /keyId/],
    ])('reports %s as malformed', (_what, change, detail) => {
      const result = verifyDigest({ ...digest, ...change } as SignedDigest, signing.publicKey);
      expect(result).toMatchObject({ ok: false, reason: 'malformed' });
      expect(!result.ok && result.detail).toMatch(detail);
    });

    it('signs with a key read from a configured seed, verifiable with its public half', () => {
      const key = parseSigningKey(Buffer.alloc(32, 7).toString('base64'));
      const signed = signDigest(heads, key, 'seed-key', META);
      expect(verifyDigest(signed, publicKeyOf(key))).toEqual({ ok: true });
      expect(verifyDigest(signed, signing.publicKey)).toMatchObject({
        ok: false,
        reason: 'signature-invalid',
      });
    });

    it('refuses to sign with a public key, a non-Ed25519 key or an invalid watermark', () => {
      expect(() => signDigest(heads, signing.publicKey, KEY_ID, META)).toThrow(/Ed25519 private key/);
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      expect(() => signDigest(heads, ec.privateKey, KEY_ID, META)).toThrow(/Ed25519 private key/);
      expect(() => signDigest(heads, signing.privateKey, KEY_ID, { ...META, upTo: '2026-06-30' })).toThrow(
        DigestInputError,
      );
    });
  });

  describe('inclusion proofs: one firm checked against a signed digest, without the others', () => {
    describe.each([1, 2, 3, 7, 100])('with %i firms', (n) => {
      const heads = headsOf(n);
      const digest = signDigest(heads, signing.privateKey, KEY_ID, META);

      it('proves every firm’s head', () => {
        for (const head of heads) {
          const proof = proveInclusion(heads, head.firmId);
          expect(proof).toMatchObject({ ...head, treeSize: n });
          // Offline, the verifier has the digest, the proof and the firm's own chain: nothing of other firms.
          const offline = JSON.parse(JSON.stringify({ digest, proof }));
          expect(verifyDigest(offline.digest, signing.publicKey)).toEqual({ ok: true });
          expect(verifyInclusion(offline.proof, offline.digest)).toEqual({ ok: true });
        }
      });

      it('fails for a wrong head hash, a wrong sequence or a wrong firm', () => {
        for (const head of heads) {
          const proof = proveInclusion(heads, head.firmId);
          for (const wrong of [
            { ...proof, headHash: hashOf('another head') },
            { ...proof, sequence: proof.sequence + 1 },
            { ...proof, firmId: 'ffffffff-0000-4000-8000-000000000000' },
          ]) {
            expect(verifyInclusion(wrong, digest)).toMatchObject({ ok: false, reason: 'root-mismatch' });
          }
        }
      });

      it('fails against a digest of other heads', () => {
        const later = headsOf(n).map((h) => ({
          ...h,
          sequence: h.sequence + 1,
          headHash: hashOf(`next ${h.firmId}`),
        }));
        const nextDigest = signDigest(later, signing.privateKey, KEY_ID, {
          ...META,
          digestId: 'digest-0002',
        });
        const proof = proveInclusion(heads, heads[n - 1].firmId);
        expect(verifyInclusion(proof, nextDigest)).toMatchObject({ ok: false, reason: 'root-mismatch' });
      });
    });

    it('fails when another head is swapped in at the same position with its own path', () => {
      const heads = headsOf(7);
      const digest = signDigest(heads, signing.privateKey, KEY_ID, META);
      const proofOf3 = proveInclusion(heads, heads[3].firmId);
      const proofOf4 = proveInclusion(heads, heads[4].firmId);
      const mixed = { ...proofOf4, path: proofOf3.path };
      expect(verifyInclusion(mixed, digest)).toMatchObject({ ok: false, reason: 'root-mismatch' });
      expect(verifyInclusion({ ...proofOf4, leafIndex: 3 }, digest)).toMatchObject({
        ok: false,
        reason: 'root-mismatch',
      });
    });

    it('fails when the proof is for a tree of another size', () => {
      const heads = headsOf(7);
      const digest = signDigest(heads, signing.privateKey, KEY_ID, META);
      const proof = proveInclusion(heads, heads[2].firmId);
      expect(verifyInclusion({ ...proof, treeSize: 8 }, digest)).toMatchObject({
        ok: false,
        reason: 'tree-size-mismatch',
      });
    });

    it('reports a malformed proof', () => {
      const heads = headsOf(3);
      const digest = signDigest(heads, signing.privateKey, KEY_ID, META);
      const proof = proveInclusion(heads, heads[0].firmId);
      expect(verifyInclusion({ ...proof, path: ['zz'] }, digest)).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
      expect(verifyInclusion({ ...proof, sequence: 0 }, digest)).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    });

    it('cannot prove a firm without a head', () => {
      expect(() => proveInclusion(headsOf(3), 'no-such-firm')).toThrow(/no head/);
    });
  });
});
