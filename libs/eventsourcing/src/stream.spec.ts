import { deterministicUuid } from './deterministic-id';
import { fold } from './decider';
import { comparePositions, formatPosition, parsePosition, START } from './stream';
import { sampleDecider } from './testing/baton-sample';

describe('global positions', () => {
  it('compare by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 1n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 1n })).toBe(0);
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 1n })).toBe(1);
    expect(comparePositions(START, { commit: 0n, prepare: 0n })).toBe(-1);
  });

  it('round-trip through text, and refuse what is not a position', () => {
    const p = { commit: 123456789012345n, prepare: 42n };
    expect(parsePosition(formatPosition(p))).toEqual(p);
    expect(() => parsePosition('12-3')).toThrow(/Not a global position/);
  });
});

describe('deterministicUuid', () => {
  it('is stable per name, distinct across names, and shaped like a UUID', () => {
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
    expect(deterministicUuid('a')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('fold', () => {
  it('folds events into state from the initial state', () => {
    expect(
      fold(sampleDecider, [
        { type: 'CaseOpened', data: { caseId: 'c', holder: 'a' } },
        { type: 'HandoffProposed', data: { caseId: 'c', to: 'b' } },
        { type: 'HandoffAccepted', data: { caseId: 'c', by: 'b' } },
      ]),
    ).toEqual({ status: 'held', holder: 'b' });
  });
});
