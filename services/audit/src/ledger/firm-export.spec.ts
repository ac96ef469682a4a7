import { generateKeyPairSync } from 'node:crypto';
import {
  caseOpenedV1,
  firmRegisteredV1,
  growthStageAssessedV1,
  handoffProposedV1,
  indicatorsReportedV1,
} from '@baton/contracts';
import { published, record } from '../testing/fixtures';
import {
  EXAMPLE_PUBLIC_KEY_HEX,
  GOLDEN_DIGEST,
  GOLDEN_FIRST_INPUT,
  GOLDEN_PROOF,
  GOLDEN_SECOND_INPUT,
} from '../testing/golden';
import { appendEntry, entryHash, verifyChain, type ChainHead, type LedgerEntry } from './chain';
import { proveInclusion, signDigest } from './digest';
import { verifyFirmExport } from './firm-export';
import { parseVerificationKey } from './keys';

const signing = generateKeyPairSync('ed25519');
const FIRM_A = '11111111-1111-4111-8111-111111111111';
const FIRM_B = '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c';
const FIRM_C = '99999999-9999-4999-8999-999999999999';

/** A firm's chain of `n` events, recorded one minute apart from 2026-03-02T00:00Z. */
const chainOf = (subject: string, n: number): LedgerEntry[] =>
  record(
    [
      published(firmRegisteredV1.type, { ...firmRegisteredV1.example, firmId: subject }, { subject }),
      published(
        growthStageAssessedV1.type,
        { ...growthStageAssessedV1.example, firmId: subject },
        { subject },
      ),
      published(caseOpenedV1.type, { ...caseOpenedV1.example, firmId: subject }, { subject }),
      published(handoffProposedV1.type, { ...handoffProposedV1.example, firmId: subject }, { subject }),
      published(indicatorsReportedV1.type, { ...indicatorsReportedV1.example, firmId: subject }, { subject }),
    ].slice(0, n),
  );

const headOf = (entries: LedgerEntry[]): ChainHead => {
  const result = verifyChain(entries);
  if (!result.ok || result.head === undefined) throw new Error('fixture chain does not verify');
  return result.head;
};

// Watermark 00:02:30Z: entries 1–3 of each 5-entry chain (recorded 00:00, 00:01, 00:02) are covered.
const UP_TO = '2026-03-02T00:02:30Z';
const chains: Record<string, LedgerEntry[]> = {
  [FIRM_A]: chainOf(FIRM_A, 5),
  [FIRM_B]: chainOf(FIRM_B, 5),
  [FIRM_C]: chainOf(FIRM_C, 2),
};
const heads = [
  headOf(chains[FIRM_A].slice(0, 3)),
  headOf(chains[FIRM_B].slice(0, 3)),
  headOf(chains[FIRM_C]),
];
const digest = signDigest(heads, signing.privateKey, 'k1', {
  digestId: 'd-1',
  createdAt: '2026-03-02T00:03:00Z',
  upTo: UP_TO,
});
const exportOf = (firmId: string, entries = chains[firmId]) => ({
  entries,
  digest,
  proof: proveInclusion(heads, firmId),
});

describe('offline verification of one firm’s export', () => {
  it('accepts VERIFY.md’s worked example, which the Python reference verifier accepts too', () => {
    const first = appendEntry(undefined, GOLDEN_FIRST_INPUT);
    const entries = [first, appendEntry(first, GOLDEN_SECOND_INPUT)];
    const publicKey = parseVerificationKey(Buffer.from(EXAMPLE_PUBLIC_KEY_HEX, 'hex').toString('base64'));
    expect(verifyFirmExport({ entries, digest: GOLDEN_DIGEST, proof: GOLDEN_PROOF }, publicKey)).toEqual({
      ok: true,
      firmId: GOLDEN_PROOF.firmId,
      count: 2,
      anchoredSequence: 2,
    });
  });

  it('accepts a firm’s chain whose head at the watermark is in the signed digest', () => {
    expect(verifyFirmExport(exportOf(FIRM_B), signing.publicKey, { expectedKeyId: 'k1' })).toEqual({
      ok: true,
      firmId: FIRM_B,
      count: 5,
      anchoredSequence: 3,
    });
    expect(verifyFirmExport(exportOf(FIRM_C), signing.publicKey)).toMatchObject({
      ok: true,
      anchoredSequence: 2,
    });
  });

  it('needs nothing of the other firms: only the export travels, as JSON', () => {
    const exported = JSON.parse(JSON.stringify(exportOf(FIRM_A)));
    expect(verifyFirmExport(exported, signing.publicKey)).toMatchObject({ ok: true, firmId: FIRM_A });
  });

  it('finds a rewritten history that was re-chained consistently: the pinned head no longer matches', () => {
    const original = chains[FIRM_B];
    const rewritten: LedgerEntry[] = [];
    original.forEach((entry, i) => {
      const changed =
        i === 1
          ? {
              ...entry,
              payload: { ...entry.payload, data: { ...(entry.payload.data as object), stage: 'potential' } },
            }
          : entry;
      const relinked = { ...changed, previousHash: i === 0 ? changed.previousHash : rewritten[i - 1].hash };
      rewritten.push({ ...relinked, hash: entryHash(relinked) });
    });
    expect(verifyChain(rewritten)).toMatchObject({ ok: true });
    expect(verifyFirmExport(exportOf(FIRM_B, rewritten), signing.publicKey)).toMatchObject({
      ok: false,
      step: 'anchor',
      reason: 'head-mismatch',
    });
  });

  it('finds a chain cut short before the pinned head', () => {
    expect(verifyFirmExport(exportOf(FIRM_B, chains[FIRM_B].slice(0, 2)), signing.publicKey)).toMatchObject({
      ok: false,
      step: 'anchor',
      reason: 'head-missing',
    });
  });

  it('finds a tampered entry in the chain first', () => {
    const tampered = chains[FIRM_B].map((e, i) => (i === 3 ? { ...e, offset: '1000' } : e));
    expect(verifyFirmExport(exportOf(FIRM_B, tampered), signing.publicKey)).toMatchObject({
      ok: false,
      step: 'chain',
      reason: 'hash-mismatch',
      failedAt: 4,
    });
  });

  it('refuses another firm’s proof', () => {
    const mixed = { ...exportOf(FIRM_B), proof: proveInclusion(heads, FIRM_A) };
    expect(verifyFirmExport(mixed, signing.publicKey)).toMatchObject({
      ok: false,
      step: 'anchor',
      reason: 'firm-mismatch',
    });
  });

  it('refuses a digest signed by another key', () => {
    const other = generateKeyPairSync('ed25519');
    expect(verifyFirmExport(exportOf(FIRM_B), other.publicKey)).toMatchObject({
      ok: false,
      step: 'digest',
      reason: 'signature-invalid',
    });
  });

  it('refuses a proof that does not lead to the signed root', () => {
    const proof = { ...proveInclusion(heads, FIRM_B), headHash: chains[FIRM_B][3].hash, sequence: 4 };
    expect(verifyFirmExport({ ...exportOf(FIRM_B), proof }, signing.publicKey)).toMatchObject({
      ok: false,
      step: 'inclusion',
      reason: 'root-mismatch',
    });
  });

  it('refuses a head that is not the last entry recorded by the watermark', () => {
    // A digest that claims entry 2 of B was the head at 00:02:30, though entry 3 was recorded at 00:02.
    const early = [heads[0], headOf(chains[FIRM_B].slice(0, 2)), heads[2]];
    const lying = signDigest(early, signing.privateKey, 'k1', {
      digestId: 'd-2',
      createdAt: UP_TO,
      upTo: UP_TO,
    });
    const result = verifyFirmExport(
      { entries: chains[FIRM_B], digest: lying, proof: proveInclusion(early, FIRM_B) },
      signing.publicKey,
    );
    expect(result).toMatchObject({ ok: false, step: 'anchor', reason: 'watermark-mismatch' });
  });
});
