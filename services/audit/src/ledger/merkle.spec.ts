import { createHash } from 'node:crypto';
import { auditPath, leafHash, merkleRoot, nodeHash, rootFromAuditPath } from './merkle';

// The leaves and roots of the Certificate Transparency reference tests (RFC 6962 trees of 1…8 leaves).
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const leaves = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(merkleRoot([]).toString('hex')).toBe(createHash('sha256').digest('hex'));
  });

  it.each(CT_ROOTS.map((root, i) => [i + 1, root]))(
    'gives the reference root of a tree of %i leaves',
    (n, root) => {
      expect(merkleRoot(CT_LEAVES.slice(0, n as number)).toString('hex')).toBe(root);
    },
  );

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    expect(leafHash(a)).toEqual(sha(Buffer.from([0]), a));
    expect(nodeHash(a, b)).toEqual(sha(Buffer.from([1]), a, b));
    expect(merkleRoot([a, b])).toEqual(nodeHash(leafHash(a), leafHash(b)));
  });

  it('cannot pass a node off as a leaf (second-preimage resistance of the prefixes)', () => {
    const [a, b] = leaves(2);
    const concatenated = Buffer.concat([leafHash(a), leafHash(b)]);
    expect(merkleRoot([concatenated])).not.toEqual(merkleRoot([a, b]));
  });

  describe('audit paths', () => {
    it.each([1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100])('lead every leaf of a tree of %i to its root', (n) => {
      const tree = leaves(n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const path = auditPath(tree, i);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(rootFromAuditPath(tree[i], i, n, path)).toEqual(root);
      }
    });

    it('lead a wrong leaf, a wrong index or a wrong size elsewhere', () => {
      const tree = leaves(7);
      const root = merkleRoot(tree);
      const path = auditPath(tree, 5);
      expect(rootFromAuditPath(Buffer.from('leaf X'), 5, 7, path)).not.toEqual(root);
      expect(rootFromAuditPath(tree[5], 4, 7, path)).not.toEqual(root);
      expect(rootFromAuditPath(tree[5], 5, 6, path)).not.toEqual(root);
    });

    it('depend on the tree size given: verifyInclusion takes it from the signed digest', () => {
      // Leaf 5 has the same path shape in trees of 7 and 8: the size must come from a trusted source.
      const tree = leaves(7);
      expect(rootFromAuditPath(tree[5], 5, 8, auditPath(tree, 5))).toEqual(merkleRoot(tree));
    });

    it('refuse paths that cannot fit the tree', () => {
      const tree = leaves(7);
      const path = auditPath(tree, 5);
      expect(rootFromAuditPath(tree[5], 7, 7, path)).toBeUndefined();
      expect(rootFromAuditPath(tree[5], -1, 7, path)).toBeUndefined();
      expect(rootFromAuditPath(tree[5], 5, 7, [...path, path[0]])).toBeUndefined();
      expect(rootFromAuditPath(tree[5], 5, 7, path.slice(1))).toBeUndefined();
      expect(() => auditPath(tree, 7)).toThrow(RangeError);
    });
  });
});
