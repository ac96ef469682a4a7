import { isInstant } from '../ledger/chain';
import { EFFECTIVE_TIME_FIELD, knownEvent } from './known-events';
import { foldEntries } from './replay.fold';
import type { ReplayEntry, ReplayState } from './replay.state';

/*
 * Two questions about a firm at an instant T (bitemporal as-of replay):
 *
 * asKnownAt(T)    "What did the ledger know at T?" Entries with recordedAt ≤ T (the ledger's system time of
 *                 recording), folded in ledger order (sequence). This is what Baton showed at T: producers
 *                 apply their events in the same order, whatever dates the events carry.
 * asInEffectAt(T) "What was true in the world at T, as we know it now?" Entries whose business time
 *                 (effectiveAt below) is ≤ T, folded in business-time order (ties by sequence). A back-dated
 *                 event recorded after T counts here, and not in asKnownAt(T).
 */

/**
 * An entry's business time: the data field EFFECTIVE_TIME_FIELD names for a known contract (e.g. a growth
 * stage's effectiveAt, a relocation's relocatedAt); for other events (crisis-monitoring.*, unknown types) or
 * a field that is not an RFC 3339 instant, the envelope's `time` (the entry's occurredAt).
 */
export function effectiveAt(entry: ReplayEntry): string {
  const event = knownEvent(entry.payload);
  if (event !== undefined) {
    const value = (event.data as unknown as Record<string, unknown>)[EFFECTIVE_TIME_FIELD[event.type]];
    if (isInstant(value)) return value;
  }
  return entry.occurredAt;
}

/** The state as recorded by `at` (RFC 3339). @throws RangeError when `at` is not an instant. */
export function asKnownAt(entries: readonly ReplayEntry[], at: string): ReplayState {
  const t = instantOf(at);
  return foldEntries(inLedgerOrder(entries).filter((entry) => Date.parse(entry.recordedAt) <= t));
}

/**
 * The state in effect at `at` (RFC 3339), from everything recorded.
 * @throws RangeError when `at` is not an instant.
 */
export function asInEffectAt(entries: readonly ReplayEntry[], at: string): ReplayState {
  const t = instantOf(at);
  return foldEntries(inEffectOrder(entries).filter((entry) => Date.parse(effectiveAt(entry)) <= t));
}

/** Everything recorded, in ledger order: the state as known now. */
export function replayAll(entries: readonly ReplayEntry[]): ReplayState {
  return foldEntries(inLedgerOrder(entries));
}

export function inLedgerOrder(entries: readonly ReplayEntry[]): ReplayEntry[] {
  return [...entries].sort((a, b) => a.sequence - b.sequence);
}

/** By business time, then by sequence. */
export function inEffectOrder(entries: readonly ReplayEntry[]): ReplayEntry[] {
  return entries
    .map((entry) => ({ entry, t: Date.parse(effectiveAt(entry)) }))
    .sort((a, b) => a.t - b.t || a.entry.sequence - b.entry.sequence)
    .map(({ entry }) => entry);
}

function instantOf(at: string): number {
  if (!isInstant(at)) throw new RangeError(`"${at}" is not an RFC 3339 instant with an offset`);
  return Date.parse(at);
}
