import {
  proveInclusion,
  verifyChain,
  verifyDigest,
  verifyFirmExport,
  type ChainFailureReason,
  type LedgerEntry,
  type SignedDigest,
} from '../ledger';
import type { Digests } from '../digests/digests';
import type { KeyRing } from '../digests/key-ring';
import type { FirmHead, LedgerReader } from '../store/ledger-reader';

/** Where on the bus the failing entry was read: to find the original message. */
export interface EntryLocation {
  readonly sequence: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly recordedAt: string;
}

export type ChainCheck =
  | { readonly ok: true; readonly entries: number; readonly headSequence: number; readonly headHash: string }
  | {
      readonly ok: false;
      /** The position (= the sequence it should carry) of the first entry that fails. */
      readonly failedAt: number;
      readonly reason: ChainFailureReason;
      readonly detail: string;
      readonly entry: EntryLocation | null;
    };

export type DigestCheck =
  | {
      readonly ok: true;
      readonly digestId: string;
      readonly upTo: string;
      readonly keyId: string;
      readonly root: string;
      /** Entries 1…anchoredSequence are pinned by the signed digest; later ones by the chain only. */
      readonly anchoredSequence: number;
    }
  | {
      readonly ok: false;
      readonly digestId: string | null;
      readonly step: 'signature' | 'ledger-root' | 'digest' | 'inclusion' | 'anchor' | 'chain';
      readonly reason: string;
      readonly detail: string;
    }
  | {
      /** Nothing to check against yet: no digest, or every entry was recorded after the latest one. */
      readonly ok: null;
      readonly reason: 'no-digest' | 'not-yet-anchored';
      readonly detail: string;
    };

export interface FirmVerification {
  readonly firmId: string;
  readonly verifiedAt: string;
  readonly ok: boolean;
  readonly chain: ChainCheck;
  /** The firm's head row (what appends continue from) agrees with the chain's last entry. */
  readonly head: { readonly ok: boolean; readonly detail?: string };
  readonly digest: DigestCheck;
}

/**
 * A firm's ledger checked as an auditor would check an export of it (VERIFY.md), plus what only the ledger
 * itself can check: the chain (§3); the head row; the latest signed digest's signature with the configured
 * key; the heads of every chain at its watermark recomputed from the entries, which must give the signed root
 * (so a chain cut short or rewritten and re-linked anywhere in the ledger is caught); the firm's inclusion
 * proof and anchor (§5–6).
 */
export async function verifyFirm(
  firmId: string,
  head: FirmHead,
  parts: { reader: LedgerReader; digests: Digests; keys: KeyRing },
): Promise<FirmVerification> {
  const entries = await parts.reader.entries(firmId);
  const chain = checkChain(entries);
  const last = entries.at(-1);
  const headOk = last !== undefined && last.sequence === head.sequence && last.hash === head.headHash;
  const headCheck = headOk
    ? { ok: true }
    : {
        ok: false,
        detail: `the head row says sequence ${head.sequence} (${head.headHash}); the chain ends at ${
          last ? `sequence ${last.sequence} (${last.hash})` : 'no entry'
        }: entries were removed or added behind the ledger's back`,
      };
  const digest = await checkDigest(firmId, entries, parts);
  return {
    firmId,
    verifiedAt: new Date().toISOString(),
    ok: chain.ok && headCheck.ok && digest.ok !== false,
    chain,
    head: headCheck,
    digest,
  };
}

function checkChain(entries: readonly LedgerEntry[]): ChainCheck {
  const result = verifyChain(entries);
  if (result.ok)
    return {
      ok: true,
      entries: result.count,
      headSequence: result.head?.sequence ?? 0,
      headHash: result.head?.headHash ?? '',
    };
  const failing = entries[result.failedAt - 1];
  return {
    ok: false,
    failedAt: result.failedAt,
    reason: result.reason,
    detail: result.detail,
    entry: failing
      ? {
          sequence: failing.sequence,
          eventId: failing.eventId,
          eventType: failing.eventType,
          topic: failing.topic,
          partition: failing.partition,
          offset: failing.offset,
          recordedAt: failing.recordedAt,
        }
      : null,
  };
}

async function checkDigest(
  firmId: string,
  entries: readonly LedgerEntry[],
  parts: { reader: LedgerReader; digests: Digests; keys: KeyRing },
): Promise<DigestCheck> {
  const digest: SignedDigest | undefined = await parts.digests.latest();
  if (!digest)
    return {
      ok: null,
      reason: 'no-digest',
      detail: 'no digest signed by a configured key yet: the chain is checked, nothing pins its head',
    };
  const fail = (step: Extract<DigestCheck, { ok: false }>['step'], reason: string, detail: string) =>
    ({ ok: false, digestId: digest.digestId, step, reason, detail }) as const;
  const key = parts.keys.publicKey(digest.keyId)!;
  const signature = verifyDigest(digest, key, { expectedKeyId: digest.keyId });
  if (!signature.ok) return fail('signature', signature.reason, signature.detail);

  const heads = await parts.reader.headsAt(digest.upTo);
  const ledger = verifyDigest(digest, key, { heads });
  if (!ledger.ok)
    return fail(
      'ledger-root',
      ledger.reason,
      `${ledger.detail}: the ledger's chains at ${digest.upTo} are not what digest ${digest.digestId} signed — an entry at or before the watermark was changed, removed or added (in this firm's chain or another's)`,
    );
  if (!heads.some((h) => h.firmId === firmId))
    return {
      ok: null,
      reason: 'not-yet-anchored',
      detail: `every entry of the firm was recorded after the latest digest's watermark (${digest.upTo}); the next digest will pin them`,
    };
  const exported = verifyFirmExport({ entries, digest, proof: proveInclusion(heads, firmId) }, key, {
    expectedKeyId: digest.keyId,
  });
  if (!exported.ok) return fail(exported.step, exported.reason, exported.detail);
  return {
    ok: true,
    digestId: digest.digestId,
    upTo: digest.upTo,
    keyId: digest.keyId,
    root: digest.root,
    anchoredSequence: exported.anchoredSequence,
  };
}
