import type { KeyObject } from 'node:crypto';
import {
  proveInclusion,
  verifyFirmExport,
  type FirmExport,
  type FirmExportVerification,
  type LedgerEntry,
} from '../ledger';
import type { Digests } from '../digests/digests';
import type { LedgerReader } from '../store/ledger-reader';

/** An export as VERIFY.md describes it (entries, digest, proof), with what it is and when it was made. */
export interface FirmExportDocument extends FirmExport {
  readonly format: 'baton-audit-export/1';
  readonly firmId: string;
  readonly exportedAt: string;
  readonly entries: LedgerEntry[];
}

/**
 * One firm's chain with a signed digest that covers its last entry (one is signed now if none does) and the
 * firm's inclusion proof in it: verifiable offline with the public key alone (VERIFY.md, `baton-audit verify`).
 */
export async function exportFirm(
  firmId: string,
  parts: { reader: LedgerReader; digests: Digests },
): Promise<FirmExportDocument> {
  const entries = await parts.reader.entries(firmId);
  const last = entries.at(-1)!;
  const digest = await parts.digests.covering(last.recordedAt);
  const heads = await parts.reader.headsAt(digest.upTo);
  return {
    format: 'baton-audit-export/1',
    firmId,
    exportedAt: new Date().toISOString(),
    entries,
    digest,
    proof: proveInclusion(heads, firmId),
  };
}

/** The export checked as an auditor would (used in the PDF report, which states the result). */
export const checkExport = (exported: FirmExportDocument, publicKey: KeyObject): FirmExportVerification =>
  verifyFirmExport(exported, publicKey, { expectedKeyId: exported.digest.keyId });
