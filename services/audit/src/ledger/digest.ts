import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalBytes } from './canonical';
import { isInstant, type ChainHead } from './chain';
import { auditPath, merkleRoot, rootFromAuditPath } from './merkle';

/**
 * A signed commitment to the head of every firm's chain at one ledger watermark (서명된 원장 요약). Published
 * periodically; a firm's export is verified against one with an inclusion proof, without the other firms.
 */
export interface SignedDigest {
  readonly digestId: string;
  /** When the digest was made (ledger system time), RFC 3339. */
  readonly createdAt: string;
  /**
   * The ledger watermark, RFC 3339: every entry recorded at or before it is covered (each firm's head is its
   * last entry with recordedAt ≤ upTo), and no entry recorded after it.
   */
  readonly upTo: string;
  /** How many firm chains (leaves) the tree has. */
  readonly chains: number;
  /** Merkle root over the sorted heads, lower-case hex. */
  readonly root: string;
  /** Names the signing key, as configured; verifiers look the public key up by it. */
  readonly keyId: string;
  /** Ed25519 signature over the canonical encoding of the other six fields, base64 (64 bytes). */
  readonly signature: string;
}

export interface DigestMetadata {
  readonly digestId: string;
  readonly createdAt: string;
  readonly upTo: string;
}

export type UnsignedDigest = Omit<SignedDigest, 'signature'>;

/** Bad input to digest functions (duplicate firms, malformed heads). */
export class DigestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigestInputError';
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A leaf of the digest tree: the JCS bytes of `{"firmId":…,"headHash":…,"sequence":…}`. */
export function digestLeaf(head: ChainHead): Buffer {
  return canonicalBytes({ firmId: head.firmId, headHash: head.headHash, sequence: head.sequence });
}

/**
 * The heads in leaf order: by firmId, compared as UTF-16 code units (as JCS sorts member names).
 * @throws DigestInputError on a malformed head or a firm named twice.
 */
export function sortHeads(heads: readonly ChainHead[]): ChainHead[] {
  for (const head of heads) {
    if (typeof head.firmId !== 'string' || head.firmId === '') {
      throw new DigestInputError('head without firmId');
    }
    if (!Number.isSafeInteger(head.sequence) || head.sequence < 1) {
      throw new DigestInputError(`head of ${head.firmId}: sequence must be a positive integer`);
    }
    if (!HEX64.test(head.headHash)) {
      throw new DigestInputError(`head of ${head.firmId}: headHash must be 64 lower-case hex digits`);
    }
  }
  const sorted = [...heads].sort((a, b) => (a.firmId < b.firmId ? -1 : a.firmId > b.firmId ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].firmId === sorted[i - 1].firmId) {
      throw new DigestInputError(`firm ${sorted[i].firmId} has two heads`);
    }
  }
  return sorted;
}

/** The Merkle root (RFC 6962, SHA-256) over the heads' leaves in leaf order, lower-case hex. */
export function digestRoot(heads: readonly ChainHead[]): string {
  return merkleRoot(sortHeads(heads).map(digestLeaf)).toString('hex');
}

/** The bytes the signature covers: JCS of the digest without `signature`. */
export function signedBytes(digest: UnsignedDigest): Buffer {
  return canonicalBytes({
    chains: digest.chains,
    createdAt: digest.createdAt,
    digestId: digest.digestId,
    keyId: digest.keyId,
    root: digest.root,
    upTo: digest.upTo,
  });
}

/**
 * Signs a digest of `heads` (one per firm chain) with an Ed25519 key. Time and id come in `metadata`:
 * nothing here reads the clock.
 * @throws DigestInputError
 */
export function signDigest(
  heads: readonly ChainHead[],
  privateKey: KeyObject,
  keyId: string,
  metadata: DigestMetadata,
): SignedDigest {
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') {
    throw new DigestInputError('the signing key must be an Ed25519 private key');
  }
  if (keyId === '' || metadata.digestId === '') {
    throw new DigestInputError('keyId and digestId must not be empty');
  }
  if (!isInstant(metadata.createdAt) || !isInstant(metadata.upTo)) {
    throw new DigestInputError('createdAt and upTo must be RFC 3339 instants');
  }
  const unsigned: UnsignedDigest = {
    digestId: metadata.digestId,
    createdAt: metadata.createdAt,
    upTo: metadata.upTo,
    chains: heads.length,
    root: digestRoot(heads),
    keyId,
  };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), privateKey).toString('base64') };
}

export type DigestFailureReason =
  | 'malformed'
  /** The digest names another key than the verifier expects. */
  | 'key-mismatch'
  /** The signature does not verify: another key signed it, or a field changed after signing. */
  | 'signature-invalid'
  /** The heads given do not hash to the signed root. */
  | 'root-mismatch'
  /** The number of heads given differs from the signed `chains`. */
  | 'chain-count-mismatch';

export type DigestVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: DigestFailureReason; readonly detail: string };

export interface VerifyDigestOptions {
  /** Refuse a digest that names another key (key-mismatch) before checking the signature. */
  readonly expectedKeyId?: string;
  /** When the verifier holds every head (the ledger itself), also check they give the signed root. */
  readonly heads?: readonly ChainHead[];
}

/** Checks a digest's signature with an Ed25519 public key (and, given the heads, its root and count). */
export function verifyDigest(
  digest: SignedDigest,
  publicKey: KeyObject,
  options: VerifyDigestOptions = {},
): DigestVerification {
  const problem = digestShapeProblem(digest);
  if (problem !== undefined) return { ok: false, reason: 'malformed', detail: problem };
  if (options.expectedKeyId !== undefined && digest.keyId !== options.expectedKeyId) {
    return {
      ok: false,
      reason: 'key-mismatch',
      detail: `digest ${digest.digestId} names key "${digest.keyId}", expected "${options.expectedKeyId}"`,
    };
  }
  const signature = Buffer.from(digest.signature, 'base64');
  const valid =
    publicKey.asymmetricKeyType === 'ed25519' && verify(null, signedBytes(digest), publicKey, signature);
  if (!valid) {
    return {
      ok: false,
      reason: 'signature-invalid',
      detail:
        `the signature of digest ${digest.digestId} (key "${digest.keyId}") does not verify with the given ` +
        'Ed25519 public key: another key signed it, or a field changed after signing',
    };
  }
  if (options.heads !== undefined) {
    if (options.heads.length !== digest.chains) {
      return {
        ok: false,
        reason: 'chain-count-mismatch',
        detail: `${options.heads.length} heads given, the digest commits to ${digest.chains}`,
      };
    }
    const root = digestRoot(options.heads);
    if (root !== digest.root) {
      return {
        ok: false,
        reason: 'root-mismatch',
        detail: `heads give root ${root}, signed root is ${digest.root}`,
      };
    }
  }
  return { ok: true };
}

/** Proves that one firm's head is a leaf of a digest's tree. All fields are JSON. */
export interface InclusionProof {
  readonly firmId: string;
  readonly sequence: number;
  readonly headHash: string;
  /** 0-based position of the leaf among the sorted heads. */
  readonly leafIndex: number;
  readonly treeSize: number;
  /** RFC 6962 audit path, lower-case hex, from the leaf's sibling up to the root's child. */
  readonly path: readonly string[];
}

/** @throws DigestInputError when the firm has no head among `heads`. */
export function proveInclusion(heads: readonly ChainHead[], firmId: string): InclusionProof {
  const sorted = sortHeads(heads);
  const leafIndex = sorted.findIndex((head) => head.firmId === firmId);
  if (leafIndex < 0) throw new DigestInputError(`firm ${firmId} has no head in this digest`);
  const head = sorted[leafIndex];
  return {
    firmId: head.firmId,
    sequence: head.sequence,
    headHash: head.headHash,
    leafIndex,
    treeSize: sorted.length,
    path: auditPath(sorted.map(digestLeaf), leafIndex).map((hash) => hash.toString('hex')),
  };
}

export type InclusionFailureReason = 'malformed' | 'tree-size-mismatch' | 'root-mismatch';

export type InclusionVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: InclusionFailureReason; readonly detail: string };

/**
 * Checks that the proof's (firmId, sequence, headHash) is a leaf of the digest's tree. Check the digest's
 * signature (verifyDigest) as well: this trusts `digest.root` and `digest.chains` as given.
 */
export function verifyInclusion(
  proof: InclusionProof,
  digest: Pick<SignedDigest, 'root' | 'chains'>,
): InclusionVerification {
  if (
    typeof proof.firmId !== 'string' ||
    !Number.isSafeInteger(proof.sequence) ||
    proof.sequence < 1 ||
    !HEX64.test(proof.headHash) ||
    !Array.isArray(proof.path) ||
    !proof.path.every((hash) => HEX64.test(hash))
  ) {
    return { ok: false, reason: 'malformed', detail: 'the proof is not well-formed' };
  }
  if (proof.treeSize !== digest.chains) {
    return {
      ok: false,
      reason: 'tree-size-mismatch',
      detail: `the proof is for a tree of ${proof.treeSize}, the digest has ${digest.chains} chains`,
    };
  }
  const root = rootFromAuditPath(
    digestLeaf(proof),
    proof.leafIndex,
    proof.treeSize,
    proof.path.map((hash) => Buffer.from(hash, 'hex')),
  );
  if (root === undefined || root.toString('hex') !== digest.root) {
    return {
      ok: false,
      reason: 'root-mismatch',
      detail: `head ${proof.sequence} (${proof.headHash}) of ${proof.firmId} does not lead to ${digest.root}`,
    };
  }
  return { ok: true };
}

function digestShapeProblem(digest: SignedDigest): string | undefined {
  if (digest === null || typeof digest !== 'object') return 'the digest is not an object';
  for (const field of ['digestId', 'keyId'] as const) {
    if (typeof digest[field] !== 'string' || digest[field] === '') return `${field} is missing`;
  }
  if (!isInstant(digest.createdAt) || !isInstant(digest.upTo)) return 'createdAt or upTo is not RFC 3339';
  if (!Number.isSafeInteger(digest.chains) || digest.chains < 0) return 'chains is not a count';
  if (typeof digest.root !== 'string' || !HEX64.test(digest.root)) {
    return 'root is not 64 lower-case hex digits';
  }
  if (typeof digest.signature !== 'string' || !BASE64.test(digest.signature)) {
    return 'signature is not base64';
  }
  if (Buffer.from(digest.signature, 'base64').length !== 64) return 'signature is not 64 bytes';
  return undefined;
}
