import { createHash } from 'node:crypto';
import {
  firmRegisteredV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  handoffProposedV1,
  caseOpenedV1,
} from '@baton/contracts';
import { FIRM_ID, published, record } from '../testing/fixtures';
import {
  GOLDEN_FIRST_HASH,
  GOLDEN_FIRST_INPUT,
  GOLDEN_PAYLOAD,
  GOLDEN_SECOND_HASH,
  GOLDEN_SECOND_INPUT,
} from '../testing/golden';
import { canonicalize } from './canonical';
import {
  appendEntry,
  entryHash,
  GENESIS_HASH,
  HASHED_FIELDS,
  LedgerAppendError,
  verifyChain,
  type ChainFailureReason,
  type LedgerEntry,
} from './chain';

const golden = () => appendEntry(undefined, GOLDEN_FIRST_INPUT);

const fiveEvents = () =>
  record([
    published(firmRegisteredV1.type, firmRegisteredV1.example, { actor: 'u-1', actoragency: 'agency-1' }),
    published(growthStageAssessedV1.type, growthStageAssessedV1.example),
    published(caseOpenedV1.type, caseOpenedV1.example, { correlationid: 'corr-case' }),
    published(handoffProposedV1.type, handoffProposedV1.example),
    published(firmRelocatedV1.type, { ...firmRelocatedV1.example, fromRegionCode: '26', toRegionCode: '48' }),
  ]);

/** A copy of the chain with entry `index` replaced by `change(entry)`. */
const tampered = (chain: LedgerEntry[], index: number, change: (entry: LedgerEntry) => LedgerEntry) =>
  chain.map((entry, i) => (i === index ? change(structuredClone(entry)) : entry));

describe('per-firm hash chain', () => {
  describe('appendEntry', () => {
    it('starts a chain at sequence 1 from the genesis hash, taking ids and times from the envelope', () => {
      const first = golden();
      expect(first).toMatchObject({
        firmId: FIRM_ID,
        sequence: 1,
        eventId: GOLDEN_PAYLOAD.id,
        eventType: 'firm-registry.firm-registered.v1',
        topic: 'baton.firm-registry.v1',
        partition: 3,
        offset: '42',
        occurredAt: '2026-03-02T09:00:00+09:00',
        recordedAt: '2026-03-02T00:00:05.123Z',
        payload: GOLDEN_PAYLOAD,
        previousHash: GENESIS_HASH,
      });
      expect(GENESIS_HASH).toBe('0'.repeat(64));
    });

    it('hashes SHA-256 over the canonical encoding of every field but hash (VERIFY.md’s worked example)', () => {
      const first = golden();
      expect(first.hash).toBe(GOLDEN_FIRST_HASH);
      const { hash: _hash, ...covered } = first;
      expect(createHash('sha256').update(canonicalize(covered), 'utf8').digest('hex')).toBe(
        GOLDEN_FIRST_HASH,
      );
      expect([...HASHED_FIELDS].sort()).toEqual(Object.keys(covered).sort());
    });

    it('links the next entry to the previous hash and numbers it 2 (VERIFY.md’s worked example)', () => {
      const second = appendEntry(golden(), GOLDEN_SECOND_INPUT);
      expect(second.sequence).toBe(2);
      expect(second.previousHash).toBe(GOLDEN_FIRST_HASH);
      expect(second.hash).toBe(GOLDEN_SECOND_HASH);
    });

    it('does not cover fields outside the eleven (a row id added by storage)', () => {
      const first = golden();
      expect(entryHash({ ...first, rowId: 991 } as LedgerEntry)).toBe(first.hash);
      expect(verifyChain([{ ...first, rowId: 991 } as LedgerEntry])).toMatchObject({ ok: true });
    });

    it('refuses an event about another firm', () => {
      const other = published(firmRegisteredV1.type, firmRegisteredV1.example, {
        subject: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      });
      expect(() =>
        appendEntry(golden(), {
          payload: other,
          topic: 't',
          partition: 0,
          offset: '1',
          recordedAt: '2026-03-02T00:01:00Z',
        }),
      ).toThrow(expect.objectContaining({ code: 'firm-mismatch' }));
    });

    it('refuses a recordedAt earlier than the previous entry’s (the ledger clock never goes back)', () => {
      const input = {
        payload: published(firmRelocatedV1.type, firmRelocatedV1.example),
        topic: 't',
        partition: 0,
        offset: '1',
        // 09:00:05+09:00 = 00:00:05Z: earlier than 00:00:05.123Z.
        recordedAt: '2026-03-02T09:00:05+09:00',
      };
      expect(() => appendEntry(golden(), input)).toThrow(
        expect.objectContaining({ code: 'recorded-at-regression' }),
      );
      // The same instant is fine.
      expect(appendEntry(golden(), { ...input, recordedAt: '2026-03-02T09:00:05.123+09:00' }).sequence).toBe(
        2,
      );
    });

    it.each([
      ['an envelope without id', { payload: { ...GOLDEN_PAYLOAD, id: '' } }, /"id"/],
      ['an envelope without subject', { payload: { ...GOLDEN_PAYLOAD, subject: undefined } }, /"subject"/],
      ['a time that is not RFC 3339', { payload: { ...GOLDEN_PAYLOAD, time: '2026-03-02' } }, /time/],
      ['a recordedAt without offset', { recordedAt: '2026-03-02T00:00:05' }, /recordedAt/],
      ['a negative partition', { partition: -1 }, /partition/],
      ['an offset that is not a decimal string', { offset: '0x2a' }, /offset/],
    ])('refuses %s', (_what, change, message) => {
      const input = {
        payload: GOLDEN_PAYLOAD,
        topic: 'baton.firm-registry.v1',
        partition: 3,
        offset: '42',
        recordedAt: '2026-03-02T00:00:05.123Z',
        ...change,
      } as Parameters<typeof appendEntry>[1];
      expect(() => appendEntry(undefined, input)).toThrow(LedgerAppendError);
      expect(() => appendEntry(undefined, input)).toThrow(message);
    });
  });

  describe('verifyChain', () => {
    it('accepts an untouched chain and returns its head', () => {
      const chain = fiveEvents();
      expect(verifyChain(chain)).toEqual({
        ok: true,
        count: 5,
        head: { firmId: FIRM_ID, sequence: 5, headHash: chain[4].hash },
      });
    });

    it('accepts the empty chain, with no head', () => {
      expect(verifyChain([])).toEqual({ ok: true, count: 0, head: undefined });
    });

    it('survives a JSON round trip (what an export is)', () => {
      const chain = fiveEvents();
      expect(verifyChain(JSON.parse(JSON.stringify(chain)))).toMatchObject({ ok: true, count: 5 });
    });

    // Every covered field, and the hash itself, of every entry: a change is found at exactly that entry.
    const mutations: [string, (e: LedgerEntry) => LedgerEntry, ChainFailureReason | ChainFailureReason[]][] =
      [
        [
          'firmId',
          (e) => ({ ...e, firmId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d' }),
          ['firm-mismatch', 'hash-mismatch'],
        ],
        ['sequence', (e) => ({ ...e, sequence: e.sequence + 10 }), 'sequence-gap'],
        ['eventId', (e) => ({ ...e, eventId: 'forged' }), 'hash-mismatch'],
        ['eventType', (e) => ({ ...e, eventType: 'relay.case-closed.v1' }), 'hash-mismatch'],
        ['topic', (e) => ({ ...e, topic: 'baton.audit.v1' }), 'hash-mismatch'],
        ['partition', (e) => ({ ...e, partition: e.partition + 1 }), 'hash-mismatch'],
        ['offset', (e) => ({ ...e, offset: `${e.offset}0` }), 'hash-mismatch'],
        ['occurredAt', (e) => ({ ...e, occurredAt: '2025-12-31T00:00:00+09:00' }), 'hash-mismatch'],
        ['recordedAt', (e) => ({ ...e, recordedAt: '2026-03-02T00:00:30Z' }), 'hash-mismatch'],
        [
          'payload.time',
          (e) => ({ ...e, payload: { ...e.payload, time: '2026-01-01T00:00:00Z' } }),
          'hash-mismatch',
        ],
        [
          'payload.actor',
          (e) => ({ ...e, payload: { ...e.payload, actor: 'someone-else' } }),
          'hash-mismatch',
        ],
        [
          'a field deep in payload.data',
          (e) => ({ ...e, payload: { ...e.payload, data: { ...(e.payload.data as object), firmId: 'x' } } }),
          'hash-mismatch',
        ],
        [
          'a field added to payload.data',
          (e) => ({ ...e, payload: { ...e.payload, data: { ...(e.payload.data as object), note: '비고' } } }),
          'hash-mismatch',
        ],
        ['previousHash', (e) => ({ ...e, previousHash: 'f'.repeat(64) }), 'broken-link'],
        [
          'hash',
          (e) => ({ ...e, hash: e.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
          'hash-mismatch',
        ],
      ];

    for (let index = 0; index < 5; index++) {
      it.each(mutations)(
        `finds a change of %s in entry ${index + 1} at entry ${index + 1}`,
        (_field, change, reason) => {
          const result = verifyChain(tampered(fiveEvents(), index, change));
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.failedAt).toBe(index + 1);
          expect(Array.isArray(reason) ? reason : [reason]).toContain(result.reason);
        },
      );
    }

    it('finds two entries swapped at the first of them', () => {
      const chain = fiveEvents();
      const swapped = [chain[0], chain[2], chain[1], chain[3], chain[4]];
      expect(verifyChain(swapped)).toMatchObject({ ok: false, failedAt: 2, reason: 'sequence-gap' });
    });

    it('finds a deleted entry where it is missing', () => {
      const chain = fiveEvents();
      expect(verifyChain([chain[0], chain[1], chain[3], chain[4]])).toMatchObject({
        ok: false,
        failedAt: 3,
        reason: 'sequence-gap',
      });
      expect(verifyChain(chain.slice(1))).toMatchObject({ ok: false, failedAt: 1, reason: 'sequence-gap' });
    });

    it('finds a deleted and renumbered entry by its broken link', () => {
      const chain = fiveEvents();
      const renumbered = [
        chain[0],
        chain[1],
        ...chain.slice(3).map((e) => ({ ...e, sequence: e.sequence - 1 })),
      ];
      const result = verifyChain(renumbered);
      expect(result).toMatchObject({ ok: false, failedAt: 3, reason: 'broken-link' });
    });

    it('finds an inserted entry, even a properly linked one, at the first entry it displaced', () => {
      const chain = fiveEvents();
      const forged = appendEntry(chain[1], {
        payload: published('relay.outcome-recorded.v1', { forged: true }),
        topic: 'baton.relay.v1',
        partition: 3,
        offset: '99',
        recordedAt: chain[1].recordedAt,
      });
      const inserted = [chain[0], chain[1], forged, ...chain.slice(2)];
      expect(verifyChain(inserted.slice(0, 3))).toMatchObject({ ok: true, count: 3 });
      expect(verifyChain(inserted)).toMatchObject({ ok: false, failedAt: 4, reason: 'sequence-gap' });
    });

    it('finds an inserted and renumbered tail by its broken link', () => {
      const chain = fiveEvents();
      const forged = appendEntry(chain[1], {
        payload: published('relay.outcome-recorded.v1', { forged: true }),
        topic: 'baton.relay.v1',
        partition: 3,
        offset: '99',
        recordedAt: chain[1].recordedAt,
      });
      const renumbered = [
        chain[0],
        chain[1],
        forged,
        ...chain.slice(2).map((e) => ({ ...e, sequence: e.sequence + 1 })),
      ];
      expect(verifyChain(renumbered)).toMatchObject({ ok: false, failedAt: 4, reason: 'broken-link' });
    });

    it('does not notice a dropped tail by itself: the head moves, which a signed digest pins', () => {
      const chain = fiveEvents();
      const truncated = verifyChain(chain.slice(0, 3));
      expect(truncated).toMatchObject({ ok: true, count: 3 });
      expect(truncated.ok && truncated.head?.headHash).not.toBe(chain[4].hash);
    });

    it('finds an event recorded twice (a redelivery the ledger should have absorbed)', () => {
      const event = published(caseOpenedV1.type, caseOpenedV1.example);
      const chain = record([published(firmRegisteredV1.type, firmRegisteredV1.example), event, event]);
      expect(verifyChain(chain)).toMatchObject({ ok: false, failedAt: 3, reason: 'duplicate-event' });
    });

    it('finds entry fields that disagree with the envelope, even under a correct hash', () => {
      const [first] = fiveEvents();
      const inconsistent = { ...first, eventId: 'not-the-payload-id' };
      const rehashed = { ...inconsistent, hash: entryHash(inconsistent) };
      expect(verifyChain([rehashed])).toMatchObject({ ok: false, failedAt: 1, reason: 'payload-mismatch' });
    });

    it('finds a recordedAt that goes back, even under correct hashes', () => {
      const [first, second] = fiveEvents();
      const earlier = { ...second, recordedAt: '2026-03-01T00:00:00Z' };
      const rehashed = { ...earlier, hash: entryHash(earlier) };
      expect(verifyChain([first, rehashed])).toMatchObject({
        ok: false,
        failedAt: 2,
        reason: 'recorded-at-regression',
      });
    });

    it('reports an entry that cannot be encoded or lacks a field as malformed', () => {
      const [first, second] = fiveEvents();
      const withNaN = { ...second, payload: { ...second.payload, data: { amount: NaN } } };
      expect(verifyChain([first, withNaN])).toMatchObject({ ok: false, failedAt: 2, reason: 'malformed' });
      const { topic: _topic, ...withoutTopic } = second;
      expect(verifyChain([first, withoutTopic as LedgerEntry])).toMatchObject({
        ok: false,
        failedAt: 2,
        reason: 'malformed',
        detail: 'no topic',
      });
    });

    it('says what differs', () => {
      const chain = fiveEvents();
      const result = verifyChain(tampered(chain, 2, (e) => ({ ...e, offset: '7' })));
      expect(result).toMatchObject({ ok: false, failedAt: 3, reason: 'hash-mismatch' });
      expect(!result.ok && result.detail).toContain(chain[2].hash);
    });
  });
});
