import type { EventMetadata } from './event';

/** 0-based revision of an event within its stream. */
export type StreamRevision = number;

/** Optimistic concurrency expectation for an append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

/**
 * Position of an event in the store-wide order ("$all"). Compared lexicographically: `commit`, then
 * `prepare`. On PostgreSQL these are the appending transaction's id and the event's sequence number;
 * on KurrentDB the commit and prepare positions of the transaction log.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: GlobalPosition = Object.freeze({ commit: -1n, prepare: -1n });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function formatPosition(p: GlobalPosition): string {
  return `${p.commit}/${p.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match) throw new Error(`Not a global position: "${text}" (expected "<commit>/<prepare>")`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** An event to append. `id` makes re-appending harmless; it defaults to a new UUID. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly id?: string;
  readonly type: Type;
  readonly data: Data;
  /** Shape version of `data`; defaults to 1. See UpcasterRegistry. */
  readonly schemaVersion?: number;
  readonly metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly position: GlobalPosition;
  readonly type: Type;
  readonly data: Data;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata & { readonly recordedAt: string };
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  readonly nextExpectedRevision: StreamRevision;
  /** Global position of the last appended event. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  readonly fromRevision?: StreamRevision | 'start' | 'end';
  readonly maxCount?: number;
}

export interface ReadStreamResult {
  readonly events: RecordedEvent[];
  /** Revision of the stream's last event; undefined when the stream does not exist (or was deleted). */
  readonly currentRevision: StreamRevision | undefined;
}

/** The part of an event store the command-handling loop needs. */
export interface EventStreamStore {
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
}
