import { appendEntry, type LedgerEntry } from '../ledger/chain';
import { FIRM_ID } from '../testing/fixtures';
import { firmEvents } from '../../bench/workload';
import { evolveReplay, foldEntries } from './replay.fold';
import { initialReplayState } from './replay.state';

/** The bench's long, mixed history of one firm: cases, hand-offs, outcomes, warnings, reports. */
function history(n: number): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  firmEvents(FIRM_ID, n).forEach((payload, i) =>
    entries.push(
      appendEntry(entries.at(-1), {
        payload,
        topic: 'baton.mixed.v1',
        partition: 0,
        offset: String(i),
        recordedAt: new Date(t0 + i * 1000).toISOString(),
      }),
    ),
  );
  return entries;
}

/** foldEntries updates its own intermediate collections in place (linear time); nothing else may notice. */
describe('foldEntries in place', () => {
  const entries = history(1500);

  it('gives exactly what folding event by event with the pure evolveReplay gives', () => {
    const pure = entries.reduce(evolveReplay, initialReplayState());
    expect(foldEntries(entries)).toEqual(pure);
    expect(Object.keys(pure.cases).length).toBeGreaterThan(50);
    expect(Object.keys(pure.warnings).length).toBeGreaterThan(50);
  });

  it('never changes a state it did not make, nor shares collections between two folds', () => {
    const prefix = foldEntries(entries.slice(0, 700));
    const snapshot = structuredClone(prefix);
    let state = prefix;
    for (const entry of entries.slice(700)) state = evolveReplay(state, entry);
    expect(prefix).toEqual(snapshot);
    const again = foldEntries(entries.slice(0, 700));
    foldEntries(entries);
    expect(again).toEqual(snapshot);
    expect(again.cases).not.toBe(prefix.cases);
  });

  it('costs a fraction of the copying fold on a long history (linear, not quadratic)', () => {
    const long = history(8000);
    // Alternating runs, the fastest of each kept: both see the same machine load.
    let inPlace = Infinity;
    let copying = Infinity;
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      foldEntries(long);
      inPlace = Math.min(inPlace, performance.now() - t0);
      t0 = performance.now();
      long.reduce(evolveReplay, initialReplayState());
      copying = Math.min(copying, performance.now() - t0);
    }
    expect(inPlace).toBeLessThan(copying / 2);
  });
});
