import type { ReplayEntry } from '../replay';
import type { LedgerReader } from './ledger-reader';

interface Cached {
  readonly entries: ReplayEntry[];
  /** recordedAt of each entry as epoch ms (non-decreasing along the chain): for binary search. */
  readonly recorded: number[];
}

/**
 * What replays read of recent firms' chains, kept in memory. Entries up to a firm's head never change (the
 * ledger is append-only), so a firm read before is brought up to its current head by reading only the
 * entries recorded since. Least recently used firms are dropped beyond `maxEntries` in all. Verification and
 * exports always read the database afresh: a row changed behind the ledger's back shows there.
 */
export class ReplayCache {
  private readonly firms = new Map<string, Cached>();
  private size = 0;

  constructor(
    private readonly reader: LedgerReader,
    private readonly maxEntries: number,
  ) {}

  /** The firm's entries 1…headSequence, those recorded by `recordedBy` only when given. */
  async entries(firmId: string, headSequence: number, recordedBy?: string): Promise<ReplayEntry[]> {
    let cached = this.firms.get(firmId);
    const have = cached?.entries.length ?? 0;
    if (!cached || have < headSequence) {
      const added = await this.reader.replayEntries(firmId, {
        afterSequence: have,
        upToSequence: headSequence,
      });
      const entries = [...(cached?.entries ?? []), ...added];
      const fresh: Cached = { entries, recorded: entries.map((e) => Date.parse(e.recordedAt)) };
      // Another request may have brought the firm further meanwhile: keep the longer.
      const current = this.firms.get(firmId);
      if (!current || current.entries.length < entries.length) {
        this.size += entries.length - (current?.entries.length ?? 0);
        cached = fresh;
      } else cached = current;
    }
    this.firms.delete(firmId);
    this.firms.set(firmId, cached);
    this.evict();
    const all = cached.entries.slice(0, headSequence);
    if (recordedBy === undefined) return all;
    return all.slice(0, upperBound(cached.recorded, Date.parse(recordedBy), all.length));
  }

  private evict(): void {
    for (const [firmId, cached] of this.firms) {
      if (this.size <= this.maxEntries || this.firms.size === 1) return;
      this.firms.delete(firmId);
      this.size -= cached.entries.length;
    }
  }
}

/** The number of leading values ≤ t (values non-decreasing), among the first `length`. */
function upperBound(values: readonly number[], t: number, length: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
