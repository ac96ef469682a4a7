import {
  caseOpenedV1,
  consentRevokedV1,
  firmRegisteredV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  handoffProposedV1,
} from '@baton/contracts';
import { published, record } from '../testing/fixtures';
import { asInEffectAt, asKnownAt, effectiveAt, replayAll } from './as-of';
import { diff } from './diff';

const registered = {
  event: published(firmRegisteredV1.type, firmRegisteredV1.example), // registeredAt 2026-03-02T09:00+09:00, region 26
  recordedAt: '2026-03-02T00:01:00Z',
};
// Moved on 1 July, told to Baton on 10 August: back-dated by 40 days.
const relocation = {
  event: published(
    firmRelocatedV1.type,
    {
      ...firmRelocatedV1.example,
      fromRegionCode: '26',
      toRegionCode: '48',
      relocatedAt: '2026-07-01T00:00:00+09:00',
    },
    { time: '2026-08-10T10:00:00+09:00' },
  ),
  recordedAt: '2026-08-10T01:00:05Z',
};

describe('as-of replay', () => {
  describe('a back-dated relocation: occurred 1 July, recorded 10 August', () => {
    const entries = record([registered, relocation]);

    it('is not known on 15 July, yet was in effect then', () => {
      const at = '2026-07-15T00:00:00+09:00';
      expect(asKnownAt(entries, at).registry.region).toBe('26');
      expect(asInEffectAt(entries, at).registry.region).toBe('48');
      expect(diff(asKnownAt(entries, at), asInEffectAt(entries, at))).toEqual([
        { path: '/registry/region', before: '26', after: '48' },
      ]);
    });

    it('agrees in both modes before it took effect and after it was recorded', () => {
      for (const [at, region] of [
        ['2026-06-30T23:59:59+09:00', '26'],
        ['2026-08-10T10:00:05+09:00', '48'],
        ['2027-01-01T00:00:00+09:00', '48'],
      ]) {
        expect(asKnownAt(entries, at).registry.region).toBe(region);
        expect(asInEffectAt(entries, at).registry.region).toBe(region);
      }
    });

    it('takes the business time from the data (relocatedAt), not the envelope’s decision time', () => {
      expect(entries[1].occurredAt).toBe('2026-08-10T10:00:00+09:00');
      expect(effectiveAt(entries[1])).toBe('2026-07-01T00:00:00+09:00');
      expect(asInEffectAt(entries, '2026-07-01T00:00:00+09:00').registry.region).toBe('48');
    });

    it('counts an entry recorded exactly at T as known, whatever offset T is written in', () => {
      expect(asKnownAt(entries, '2026-08-10T01:00:05Z').registry.region).toBe('48');
      expect(asKnownAt(entries, '2026-08-10T10:00:05+09:00').registry.region).toBe('48');
      expect(asKnownAt(entries, '2026-08-10T10:00:04.999+09:00').registry.region).toBe('26');
    });

    it('knows nothing before the first recording, and everything at the end', () => {
      expect(asKnownAt(entries, '2026-03-02T00:00:59Z').registry.status).toBe('unregistered');
      expect(replayAll(entries)).toEqual(asKnownAt(entries, '2099-01-01T00:00:00Z'));
      expect(replayAll(entries)).toEqual(asInEffectAt(entries, '2099-01-01T00:00:00Z'));
    });
  });

  it('a stage assessed ahead of its effective date is known before it is in effect', () => {
    const assessed = {
      event: published(growthStageAssessedV1.type, growthStageAssessedV1.example), // effective 1 April
      recordedAt: '2026-03-20T05:00:00Z',
    };
    const entries = record([registered, assessed]);
    const at = '2026-03-25T00:00:00+09:00';
    expect(asKnownAt(entries, at).registry.stage).toMatchObject({
      stage: 'leading',
      effectiveAt: '2026-04-01T00:00:00+09:00',
    });
    expect(asInEffectAt(entries, at).registry.stage).toEqual({
      stage: 'preliminary',
      effectiveAt: '2026-03-02T09:00:00+09:00',
    });
  });

  it('a consent revocation dated before it was recorded shows on the proposal only in effect', () => {
    const entries = record([
      registered,
      { event: published(caseOpenedV1.type, caseOpenedV1.example), recordedAt: '2026-03-16T01:00:00Z' },
      {
        event: published(handoffProposedV1.type, handoffProposedV1.example),
        recordedAt: '2026-05-04T05:00:00Z',
      },
      // The firm says it revoked on 6 May; the relay recorded it on 20 May.
      {
        event: published(consentRevokedV1.type, consentRevokedV1.example),
        recordedAt: '2026-05-20T01:00:00Z',
      },
    ]);
    const at = '2026-05-10T00:00:00+09:00';
    const caseId = caseOpenedV1.example.caseId;
    expect(asKnownAt(entries, at).cases[caseId].handoffs[0].times.consentRevokedAt).toBeUndefined();
    expect(asInEffectAt(entries, at).cases[caseId].handoffs[0].times.consentRevokedAt).toBe(
      '2026-05-06T10:00:00+09:00',
    );
    expect(diff(asKnownAt(entries, at), asInEffectAt(entries, at))).toEqual([
      {
        path: `/cases/${caseId}/handoffs/0/times/consentRevokedAt`,
        before: undefined,
        after: '2026-05-06T10:00:00+09:00',
      },
    ]);
  });

  it('folds in recording order when known, in business-time order when in effect', () => {
    // Two moves: one to 48 effective 1 July (recorded 10 July), then a correction recorded 20 July saying the
    // firm had in fact moved to 11 on 15 June.
    const toGyeongnam = published(firmRelocatedV1.type, {
      ...firmRelocatedV1.example,
      fromRegionCode: '26',
      toRegionCode: '48',
      relocatedAt: '2026-07-01T00:00:00+09:00',
    });
    const toSeoul = published(firmRelocatedV1.type, {
      ...firmRelocatedV1.example,
      fromRegionCode: '26',
      toRegionCode: '11',
      relocatedAt: '2026-06-15T00:00:00+09:00',
    });
    const entries = record([
      registered,
      { event: toGyeongnam, recordedAt: '2026-07-10T00:00:00Z' },
      { event: toSeoul, recordedAt: '2026-07-20T00:00:00Z' },
    ]);
    const at = '2026-07-25T00:00:00+09:00';
    expect(asKnownAt(entries, at).registry.region).toBe('11');
    expect(asInEffectAt(entries, at).registry.region).toBe('48');
    expect(asInEffectAt(entries, '2026-06-20T00:00:00+09:00').registry.region).toBe('11');
  });

  it('reads entries in ledger order whatever order they are given in', () => {
    const entries = record([registered, relocation]);
    const reversed = [...entries].reverse();
    expect(asKnownAt(reversed, '2026-09-01T00:00:00Z')).toEqual(asKnownAt(entries, '2026-09-01T00:00:00Z'));
    expect(replayAll(reversed).registry.region).toBe('48');
  });

  it('uses the envelope time for events it does not fold field by field', () => {
    const [warning] = record([
      published(
        'crisis-monitoring.warning-raised.v1',
        { warningId: 'w-1' },
        { time: '2026-07-01T09:00:00+09:00' },
      ),
    ]);
    expect(effectiveAt(warning)).toBe('2026-07-01T09:00:00+09:00');
    expect(Object.keys(asInEffectAt([warning], '2026-07-01T08:59:59+09:00').warnings)).toEqual([]);
    expect(Object.keys(asInEffectAt([warning], '2026-07-01T09:00:00+09:00').warnings)).toEqual(['w-1']);
  });

  it('falls back to the envelope time when a data time is missing or not RFC 3339', () => {
    const [odd] = record([
      published(
        firmRelocatedV1.type,
        { ...firmRelocatedV1.example, relocatedAt: 'next Monday' },
        { time: '2026-05-01T00:00:00+09:00' },
      ),
    ]);
    expect(effectiveAt(odd)).toBe('2026-05-01T00:00:00+09:00');
  });

  it.each(['2026-07-15', '2026-07-15T00:00:00', 'yesterday', ''])('refuses %j as an instant', (at) => {
    const entries = record([registered]);
    expect(() => asKnownAt(entries, at)).toThrow(RangeError);
    expect(() => asInEffectAt(entries, at)).toThrow(RangeError);
  });
});
