import type { KeyObject } from 'node:crypto';
import { verifyChain, type ChainFailureReason, type LedgerEntry } from './chain';
import {
  verifyDigest,
  verifyInclusion,
  type DigestFailureReason,
  type InclusionFailureReason,
  type InclusionProof,
  type SignedDigest,
} from './digest';

/** What an auditor receives for one firm: its whole chain, a signed digest and the firm's inclusion proof. */
export interface FirmExport {
  readonly entries: readonly LedgerEntry[];
  readonly digest: SignedDigest;
  readonly proof: InclusionProof;
}

export type AnchorFailureReason =
  /** The proof is about another firm than the chain. */
  | 'firm-mismatch'
  /** The chain has no entry with the proven sequence. */
  | 'head-missing'
  /** The chain's entry at the proven sequence has another hash: the chain changed after the digest. */
  | 'head-mismatch'
  /** The proven head was recorded after the watermark, or a later entry was recorded by it. */
  | 'watermark-mismatch';

export type FirmExportVerification =
  | {
      readonly ok: true;
      readonly firmId: string;
      readonly count: number;
      /** Entries 1…anchoredSequence are pinned by the signed digest; later ones only by the chain. */
      readonly anchoredSequence: number;
    }
  | ExportFailure<'chain', ChainFailureReason, { readonly failedAt: number }>
  | ExportFailure<'digest', DigestFailureReason>
  | ExportFailure<'inclusion', InclusionFailureReason>
  | ExportFailure<'anchor', AnchorFailureReason>;

type ExportFailure<Step extends string, Reason extends string, Extra = unknown> = {
  readonly ok: false;
  readonly step: Step;
  readonly reason: Reason;
  readonly detail: string;
} & Extra;

/**
 * The offline check of one firm's export, needing nothing of other firms: the chain verifies; the digest's
 * signature verifies with the given public key; the proof puts the firm's head in the digest's tree; and that
 * head is the chain's entry at the proven sequence, the last one recorded by the digest's watermark.
 */
export function verifyFirmExport(
  exported: FirmExport,
  publicKey: KeyObject,
  options: { expectedKeyId?: string } = {},
): FirmExportVerification {
  const { entries, digest, proof } = exported;
  const chain = verifyChain(entries);
  if (!chain.ok) {
    return { ok: false, step: 'chain', reason: chain.reason, failedAt: chain.failedAt, detail: chain.detail };
  }
  const signature = verifyDigest(digest, publicKey, { expectedKeyId: options.expectedKeyId });
  if (!signature.ok) return { ok: false, step: 'digest', reason: signature.reason, detail: signature.detail };
  const inclusion = verifyInclusion(proof, digest);
  if (!inclusion.ok) {
    return { ok: false, step: 'inclusion', reason: inclusion.reason, detail: inclusion.detail };
  }

  const anchor = (reason: AnchorFailureReason, detail: string): FirmExportVerification => ({
    ok: false,
    step: 'anchor',
    reason,
    detail,
  });
  const firmId = chain.head?.firmId;
  if (firmId !== proof.firmId) {
    return anchor(
      'firm-mismatch',
      `the proof is about firm ${proof.firmId}, the chain about ${firmId ?? 'no firm'}`,
    );
  }
  const head = entries[proof.sequence - 1];
  if (head === undefined) {
    return anchor(
      'head-missing',
      `the chain has ${entries.length} entries, the digest pins entry ${proof.sequence}`,
    );
  }
  if (head.hash !== proof.headHash) {
    return anchor(
      'head-mismatch',
      `entry ${proof.sequence} hashes to ${head.hash}, the digest pins ${proof.headHash}`,
    );
  }
  const upTo = Date.parse(digest.upTo);
  const next = entries[proof.sequence];
  if (Date.parse(head.recordedAt) > upTo || (next !== undefined && Date.parse(next.recordedAt) <= upTo)) {
    return anchor('watermark-mismatch', `entry ${proof.sequence} is not the last recorded by ${digest.upTo}`);
  }
  return { ok: true, firmId, count: entries.length, anchoredSequence: proof.sequence };
}
