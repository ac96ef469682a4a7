import { REGIONS } from '@baton/contracts';
import { replayAll, timeline } from '../replay';
import type { FirmExportVerification } from '../ledger';
import type { FirmExportDocument } from './firm-exports';
import { paginate, renderPdf, type PdfLine } from './pdf';
import { romanize } from './romanize';

export interface ReportContext {
  readonly exported: FirmExportDocument;
  readonly verification: FirmExportVerification;
  readonly readBy: { readonly userId: string; readonly role: string };
  readonly publicKey: string;
}

const plain = (text: string): PdfLine => ({ text: romanize(text) });
const heading = (text: string): PdfLine => ({ text: romanize(text), bold: true });
const blank: PdfLine = { text: '' };

/**
 * The firm's ledger as a report for people (감사 보고서): what the firm is, whether its chain and the signed
 * digest verify, its state as known now, and its history line by line with the hashes that link it. Korean is
 * romanized (romanize.ts): the JSON export is the record, this is its readable summary.
 */
export function firmReportPdf(context: ReportContext): Buffer {
  const { exported, verification } = context;
  const { entries, digest, proof, firmId } = exported;
  const state = replayAll(entries);
  const registry = state.registry;
  const lines: PdfLine[] = [
    heading('Baton audit report - firm ledger'),
    plain(`Firm id: ${firmId}`),
    plain(
      `Business registration number: ${registry.profile.businessRegistrationNumber ?? 'not in the ledger'}`,
    ),
    plain(`Name (romanized): ${registry.profile.name ?? 'not in the ledger'}`),
    plain(
      `Region: ${registry.region ? `${registry.region} ${REGIONS[registry.region as keyof typeof REGIONS] ?? ''}` : '-'}; ` +
        `industry: ${registry.industry ?? '-'}; stage: ${registry.stage?.stage ?? '-'}; status: ${registry.status}`,
    ),
    plain(`Generated ${exported.exportedAt} for ${context.readBy.userId} (${context.readBy.role})`),
    blank,
    heading('Verification'),
    plain(
      verification.ok
        ? `VERIFIED: ${verification.count} entries; the hash chain holds and entries 1-${verification.anchoredSequence} are pinned by the signed digest below.`
        : `NOT VERIFIED (${verification.step}: ${verification.reason}): ${verification.detail}`,
    ),
    plain(
      `Digest ${digest.digestId}: watermark ${digest.upTo}, ${digest.chains} chains, signed ${digest.createdAt}`,
    ),
    plain(`  root      ${digest.root}`),
    plain(`  key id    ${digest.keyId}  (Ed25519 public key ${context.publicKey})`),
    plain(`  signature ${digest.signature}`),
    plain(`Inclusion proof: leaf ${proof.leafIndex} of ${proof.treeSize}, head sequence ${proof.sequence}`),
    plain(`  head hash ${proof.headHash}`),
    plain(
      'Check it yourself: the JSON export of this firm with services/audit/VERIFY.md, or `npx baton-audit verify <export.json> --public-key <file>`.',
    ),
    blank,
    heading('State as known now'),
    plain(
      `${Object.keys(state.cases).length} support case(s), ${
        Object.values(state.cases).filter((c) => c.status === 'open').length
      } open; ${Object.keys(state.warnings).length} crisis warning(s); ${state.other.length} event(s) not folded.`,
    ),
    ...Object.values(state.cases).map((c) =>
      plain(
        `  case ${c.caseId}: ${c.status}, phase ${c.phase}, held by ${c.holderAgencyId}, ${c.handoffs.length} hand-off(s), ${c.outcomes.length} outcome(s)`,
      ),
    ),
    blank,
    heading(`Timeline (${entries.length} entries, business time order)`),
  ];
  for (const item of timeline(entries)) {
    lines.push(
      plain(`#${item.sequence}  ${item.at}  (recorded ${item.recordedAt})  ${item.type}`),
      plain(`      ${item.summary}`),
    );
    if (item.actor || item.reason)
      lines.push(
        plain(
          `      by ${item.actor ?? '-'} (${item.actorRole ?? '-'}, agency ${item.agency ?? '-'})${item.reason ? `; reason: ${item.reason}` : ''}`,
        ),
      );
  }
  lines.push(blank, heading('Chain (ledger order): sequence, bus position, hash'));
  for (const e of entries)
    lines.push(plain(`#${e.sequence}  ${e.topic}/${e.partition}@${e.offset}  ${e.hash}`));
  lines.push(
    blank,
    plain(
      'Korean text is romanized (Revised Romanization, syllable by syllable) because this PDF uses the standard Courier font only; the JSON and CSV exports hold the original text.',
    ),
  );
  return renderPdf(paginate(lines, `Baton audit report ${firmId}`), {
    title: `Baton audit report ${firmId}`,
    author: romanize(context.readBy.userId),
    subject: 'Per-firm audit ledger: verification, state and timeline',
    created: new Date(exported.exportedAt),
  });
}
