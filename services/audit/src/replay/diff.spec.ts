import { caseOpenedV1, firmRegisteredV1, handoffAcceptedV1, handoffProposedV1 } from '@baton/contracts';
import { published, record } from '../testing/fixtures';
import { diff } from './diff';
import { foldEntries } from './replay.fold';
import { initialReplayState, type ReplayState } from './replay.state';

const CASE = caseOpenedV1.example.caseId;
const entries = record([
  published(firmRegisteredV1.type, firmRegisteredV1.example),
  published(caseOpenedV1.type, caseOpenedV1.example),
  published(handoffProposedV1.type, handoffProposedV1.example),
  published(handoffAcceptedV1.type, handoffAcceptedV1.example),
]);
const after = (n: number) => foldEntries(entries.slice(0, n));

describe('diff of two replay states', () => {
  it('is empty for equal states', () => {
    expect(diff(after(4), after(4))).toEqual([]);
    expect(diff(initialReplayState(), initialReplayState())).toEqual([]);
  });

  it('lists changed leaves by JSON Pointer, members in name order', () => {
    expect(diff(after(0), after(1))).toEqual([
      { path: '/registry/industry', before: undefined, after: 'busan-ultra-precision-materials-parts' },
      { path: '/registry/profile/businessRegistrationNumber', before: undefined, after: '1234567890' },
      { path: '/registry/profile/name', before: undefined, after: '주식회사 한빛정밀' },
      { path: '/registry/region', before: undefined, after: '26' },
      { path: '/registry/registeredAt', before: undefined, after: '2026-03-02T09:00:00+09:00' },
      {
        path: '/registry/stage',
        before: undefined,
        after: { stage: 'preliminary', effectiveAt: '2026-03-02T09:00:00+09:00' },
      },
      { path: '/registry/status', before: 'unregistered', after: 'active' },
    ]);
  });

  it('reports a new case once, whole, and a new array item once', () => {
    const changes = diff(after(1), after(2));
    expect(changes.map((c) => c.path)).toEqual(['/batonHolders/0', `/cases/${CASE}`]);
    expect(changes[1].after).toEqual(after(2).cases[CASE]);
  });

  it('goes into arrays item by item: an accepted hand-off changes its status, the holder and the holdings', () => {
    expect(diff(after(3), after(4))).toEqual([
      { path: '/batonHolders/0/to', before: undefined, after: '2026-05-07T11:20:00+09:00' },
      {
        path: '/batonHolders/1',
        before: undefined,
        after: {
          caseId: CASE,
          agencyId: handoffAcceptedV1.example.toAgencyId,
          phase: 'commercialisation',
          from: '2026-05-07T11:20:00+09:00',
        },
      },
      { path: `/cases/${CASE}/handoffs/0/status`, before: 'pending', after: 'accepted' },
      {
        path: `/cases/${CASE}/handoffs/0/times/acceptedAt`,
        before: undefined,
        after: '2026-05-07T11:20:00+09:00',
      },
      {
        path: `/cases/${CASE}/holderAgencyId`,
        before: caseOpenedV1.example.holderAgencyId,
        after: handoffAcceptedV1.example.toAgencyId,
      },
      { path: `/cases/${CASE}/phase`, before: 'technology-development', after: 'commercialisation' },
    ]);
  });

  it('is antisymmetric: B→A swaps before and after', () => {
    const forward = diff(after(2), after(4));
    const backward = diff(after(4), after(2));
    expect(backward).toEqual(
      forward.map(({ path, before, after }) => ({ path, before: after, after: before })),
    );
  });

  it('escapes "/" and "~" in member names (RFC 6901)', () => {
    const base = initialReplayState();
    const withPeriod = (name: string): ReplayState => ({
      ...base,
      registry: { ...base.registry, indicators: { [name]: { reportedAt: '2026-04-20T14:30:00+09:00' } } },
    });
    expect(diff(base, withPeriod('2026/Q1~draft')).map((c) => c.path)).toEqual([
      '/registry/indicators/2026~1Q1~0draft',
    ]);
  });

  it('treats a member holding undefined as absent', () => {
    const base = initialReplayState();
    const explicit = { ...base, registry: { ...base.registry, region: undefined } };
    expect(diff(base, explicit)).toEqual([]);
  });

  it('reports a value replaced by null as one change', () => {
    const base = initialReplayState();
    const withCode = { ...base, registry: { ...base.registry, profile: { ksicCode: 'C29' } } };
    const removed = { ...base, registry: { ...base.registry, profile: { ksicCode: null } } };
    expect(diff(withCode, removed)).toEqual([
      { path: '/registry/profile/ksicCode', before: 'C29', after: null },
    ]);
  });
});
