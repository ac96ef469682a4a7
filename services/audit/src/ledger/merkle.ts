import { createHash } from 'node:crypto';

/*
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), with SHA-256:
 *   MTH({})     = SHA-256()
 *   MTH({d})    = SHA-256(0x00 ‖ d)                               leaf hash
 *   MTH(D[0:n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))      k = largest power of two < n
 * The prefixes keep a leaf from passing for a node. Audit paths and their verification follow RFC 6962 §2.1.1
 * and RFC 9162 §2.1.3.2.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const leafHash = (leaf: Buffer): Buffer =>
  createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();

export const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over already-hashed leaves. */
function rootOfHashes(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0];
  const k = split(hashes.length);
  return nodeHash(rootOfHashes(hashes.slice(0, k)), rootOfHashes(hashes.slice(k)));
}

export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  return rootOfHashes(leaves.map(leafHash));
}

/** The audit path of leaf `index`: sibling subtree hashes from the leaf up to the root. */
export function auditPath(leaves: readonly Buffer[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leaves.length}`);
  }
  const path = (hashes: readonly Buffer[], m: number): Buffer[] => {
    if (hashes.length === 1) return [];
    const k = split(hashes.length);
    return m < k
      ? [...path(hashes.slice(0, k), m), rootOfHashes(hashes.slice(k))]
      : [...path(hashes.slice(k), m - k), rootOfHashes(hashes.slice(0, k))];
  };
  return path(leaves.map(leafHash), index);
}

/** The root an audit path leads to from a leaf; undefined when the path cannot fit a tree of `treeSize`. */
export function rootFromAuditPath(
  leaf: Buffer,
  index: number,
  treeSize: number,
  path: readonly Buffer[],
): Buffer | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
    return undefined;
  }
  // Safe integers exceed 32 bits: halve with Math.floor, not >>.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(leaf);
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}
