// Pure translations between the event-store port and the KurrentDB client. No I/O here, so every rule that
// decides *what* is sent to or accepted from the server can be unit-tested without a server.
import {
  ANY,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AppendStreamState,
  type CurrentStreamState,
  type Filter,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import {
  comparePositions,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
  type StreamRevision,
} from '@baton/eventsourcing';
import { InvalidAppendError, InvalidEventError } from '../errors';
import type { EventFilter, StreamMetadata } from '../port';
import { nonEmpty } from '../filter';
export { isSystemEvent, matchesFilter } from '../filter';

/** Event-metadata key that carries our `schemaVersion` (KurrentDB has no field for it). Removed again on read. */
export const SCHEMA_VERSION_KEY = '$schemaVersion';

/**
 * A soft delete makes the server write `{"$tb": Int64.MaxValue}` to the stream's metastream. JSON.parse turns
 * that into 9223372036854775808 (a float), so anything above MAX_SAFE_INTEGER is read as "soft-deleted".
 */
export function isDeletedMarker(truncateBefore: unknown): boolean {
  return typeof truncateBefore === 'number' && truncateBefore > Number.MAX_SAFE_INTEGER;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected revisions

/** Port expected revision → the client's `streamState` for appends. Rejects anything else before a write. */
export function toAppendStreamState(expected: ExpectedRevision | undefined): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0)
        return BigInt(expected);
      throw new InvalidAppendError(
        `Invalid expected revision ${JSON.stringify(expected)}: use 'any', 'no_stream', 'stream_exists' or a revision >= 0`,
        'expectedRevision',
        'expected-revision',
      );
  }
}

/**
 * Port expected revision → the client's `deleteStream` option, which has no STREAM_EXISTS: for that one the
 * caller passes the stream's current revision (`currentRevision`), or gets `undefined` back when there is none.
 */
export function toDeleteExpectedRevision(
  expected: ExpectedRevision | undefined,
  currentRevision?: StreamRevision,
): typeof ANY | typeof NO_STREAM | bigint | undefined {
  if (expected === undefined || expected === 'any') return ANY;
  if (expected === 'stream_exists')
    return currentRevision === undefined ? undefined : BigInt(currentRevision);
  const state = toAppendStreamState(expected);
  return state === STREAM_EXISTS ? undefined : state;
}

/** How an expectation is spelt in WrongExpectedRevisionError.expected. */
export function describeExpected(expected: ExpectedRevision | undefined): string {
  return expected === undefined ? 'any' : String(expected);
}

/** The client's "actual state" of a stream → the port's actual revision (undefined: no stream). */
export function toActualRevision(
  actual: CurrentStreamState | bigint | number | undefined | null,
): number | undefined {
  if (actual === undefined || actual === null || actual === NO_STREAM) return undefined;
  const n = Number(actual);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Stream reads

export function toReadRevision(
  fromRevision: StreamRevision | 'start' | 'end' | undefined,
  direction: 'forwards' | 'backwards',
): ReadRevision {
  if (fromRevision === undefined) return direction === 'forwards' ? START : END;
  if (fromRevision === 'start') return START;
  if (fromRevision === 'end') return END;
  if (typeof fromRevision === 'number' && Number.isSafeInteger(fromRevision) && fromRevision >= 0) {
    return BigInt(fromRevision);
  }
  throw new RangeError(
    `fromRevision must be 'start', 'end' or an integer >= 0, got ${JSON.stringify(fromRevision)}`,
  );
}

export function checkMaxCount(maxCount: number | undefined, name = 'maxCount'): number | undefined {
  if (maxCount === undefined) return undefined;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${JSON.stringify(maxCount)}`);
  }
  return maxCount;
}

/**
 * The stream's last revision when a read already proves it, so no second round trip is needed:
 * - forwards, fewer events than asked for: the read hit the end, the last event is the last revision;
 * - backwards from the end: the first event is the last revision;
 * - backwards from a revision past the end: the server started at the last event.
 * Returns undefined when the read does not tell (the caller then asks the server).
 */
export function revisionKnownFromRead(read: {
  direction: 'forwards' | 'backwards';
  fromRevision: StreamRevision | 'start' | 'end' | undefined;
  maxCount: number | undefined;
  revisions: readonly StreamRevision[];
}): StreamRevision | undefined {
  const { direction, fromRevision, maxCount, revisions } = read;
  if (revisions.length === 0) return undefined;
  if (direction === 'forwards') {
    return maxCount === undefined || revisions.length < maxCount
      ? revisions[revisions.length - 1]
      : undefined;
  }
  if (fromRevision === undefined || fromRevision === 'end') return revisions[0];
  if (typeof fromRevision === 'number' && revisions[0] < fromRevision) return revisions[0];
  return undefined;
}

/**
 * A stream whose events are all truncated reads as empty, not as "not found". If its `$tb` was set by the server
 * when it re-created the stream after a soft delete (or by a metadata write to a soft-deleted stream), the stream's
 * last revision is `$tb - 1`.
 */
export function revisionFromTruncateBefore(
  metadata: ParsedStreamMetadata | undefined,
): StreamRevision | undefined {
  if (!metadata || metadata.deleted || metadata.truncateBefore <= 0) return undefined;
  return metadata.truncateBefore - 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Positions and $all

export function toGlobalPosition(position: {
  commit: bigint | number;
  prepare: bigint | number;
}): GlobalPosition {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}

/** Port checkpoint → where the client starts reading `$all`. Negative positions (the port's START) mean the start. */
export function toClientReadPosition(from: GlobalPosition | 'start' | 'end' | undefined): ReadPosition {
  if (from === undefined || from === 'start') return START;
  if (from === 'end') return END;
  if (from.commit < 0n || from.prepare < 0n) return START;
  return { commit: from.commit, prepare: from.prepare };
}

/**
 * The port's positions are EXCLUSIVE checkpoints; KurrentDB's readAll starts AT the given position. True when the
 * event at `position` comes strictly after `from` and must be returned.
 */
export function isAfterCheckpoint(
  position: GlobalPosition,
  from: GlobalPosition | 'start' | 'end' | undefined,
): boolean {
  if (from === undefined || from === 'start' || from === 'end') return true;
  return comparePositions(position, from) > 0;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
}

/** Server-side regex (the server's filter is prefix/regex based) that matches exactly one of `types`. */
export function exactEventTypesRegex(types: readonly string[]): string {
  return `^(?:${types.map(escapeRegExp).join('|')})$`;
}

/**
 * The one filter the server can apply (it takes a single stream-name OR event-type filter). Stream prefixes win
 * when both are given: a stream category is usually the narrower cut and the server matches prefixes natively.
 * Event types alone go as an anchored regex, which matches them exactly and also keeps `$` system types out.
 * Neither: "no system event types". The rest is applied client-side by `matchesFilter`.
 */
export function serverFilterFor(filter: EventFilter | undefined): Filter {
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes) return streamNameFilter({ prefixes: [...prefixes] });
  const types = nonEmpty(filter?.eventTypes);
  if (types) return eventTypeFilter({ regex: exactEventTypesRegex(types) });
  return excludeSystemEvents();
}

// ---------------------------------------------------------------------------------------------------------------
// Events

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** The metadata object written with an event: the caller's metadata plus our schema version, nothing else. */
export function toEventMetadata(
  metadataJson: string,
  schemaVersion: number,
  index = 0,
): Record<string, unknown> {
  const metadata: unknown = JSON.parse(metadataJson);
  if (!isPlainObject(metadata)) {
    throw new InvalidEventError(
      `Event ${index} metadata must be a JSON object`,
      `events[${index}].metadata`,
      'object',
    );
  }
  if (SCHEMA_VERSION_KEY in metadata) {
    throw new InvalidEventError(
      `Event ${index} metadata must not contain the reserved key ${SCHEMA_VERSION_KEY}`,
      `events[${index}].metadata`,
      'reserved-key',
    );
  }
  return { ...metadata, [SCHEMA_VERSION_KEY]: schemaVersion };
}

/** Splits stored event metadata into our schema version and the caller's metadata. */
export function fromEventMetadata(stored: unknown): {
  schemaVersion: number;
  metadata: Record<string, unknown>;
} {
  if (!isPlainObject(stored)) return { schemaVersion: 1, metadata: {} };
  const { [SCHEMA_VERSION_KEY]: version, ...metadata } = stored;
  const schemaVersion =
    typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
  return { schemaVersion, metadata };
}

/** The fields of the client's recorded event this adapter reads. */
export interface KurrentRecordedEventLike {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: { commit: bigint; prepare: bigint };
}

/**
 * Client event → port event. `commitPosition` (the resolved event's) stands in when the server sent no position
 * for a stream read.
 */
export function toRecordedEvent(event: KurrentRecordedEventLike, commitPosition?: bigint): RecordedEvent {
  const position = event.position
    ? toGlobalPosition(event.position)
    : commitPosition !== undefined
      ? { commit: commitPosition, prepare: commitPosition }
      : { commit: -1n, prepare: -1n };
  const { schemaVersion, metadata } = fromEventMetadata(event.metadata);
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.data,
    schemaVersion,
    metadata: { ...metadata, recordedAt: event.created.toISOString() },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Stream metadata ($$<stream>)

export interface ParsedStreamMetadata {
  readonly deleted: boolean;
  readonly truncateBefore: StreamRevision;
  readonly custom: Record<string, unknown>;
  /** Reserved (`$`-prefixed) keys, kept verbatim when the custom part is replaced. */
  readonly system: Record<string, unknown>;
}

/** Raw `$metadata` event data → our view. Custom metadata is every key that does not start with `$`. */
export function parseStreamMetadata(raw: unknown): ParsedStreamMetadata {
  const system: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  if (isPlainObject(raw)) {
    for (const [key, value] of Object.entries(raw)) (key.startsWith('$') ? system : custom)[key] = value;
  }
  const tb = system.$tb;
  const deleted = isDeletedMarker(tb);
  const truncateBefore = deleted
    ? Number.MAX_SAFE_INTEGER
    : typeof tb === 'number' && Number.isSafeInteger(tb) && tb > 0
      ? tb
      : 0;
  return { deleted, truncateBefore, custom, system };
}

export function toStreamMetadata(parsed: ParsedStreamMetadata): StreamMetadata {
  return { deleted: parsed.deleted, truncateBefore: parsed.truncateBefore, custom: parsed.custom };
}

/** Checks application metadata before anything is written: a JSON object whose keys do not start with `$`. */
export function assertCustomMetadata(custom: unknown): asserts custom is Record<string, unknown> {
  if (!isPlainObject(custom)) {
    throw new InvalidAppendError('Stream metadata must be a JSON object', 'metadata', 'object');
  }
  const reserved = Object.keys(custom).find((key) => key.startsWith('$'));
  if (reserved !== undefined) {
    throw new InvalidAppendError(
      `Stream metadata key ${JSON.stringify(reserved)} is reserved: keys starting with "$" belong to KurrentDB`,
      `metadata.${reserved}`,
      'reserved-key',
    );
  }
  try {
    JSON.stringify(custom);
  } catch (error) {
    throw new InvalidAppendError(
      `Stream metadata is not JSON-serialisable: ${(error as Error).message}`,
      'metadata',
      'json',
    );
  }
}

/**
 * The `$metadata` event to write: the stream's reserved keys as they were, plus the new custom part. A `$tb`
 * soft-delete marker cannot be written back (JSON numbers lose Int64.MaxValue's precision), so it is dropped.
 */
export function buildStreamMetadata(
  system: Record<string, unknown>,
  custom: Record<string, unknown>,
): Record<string, unknown> {
  const kept = { ...system };
  if ('$tb' in kept && !(typeof kept.$tb === 'number' && Number.isSafeInteger(kept.$tb))) delete kept.$tb;
  return { ...kept, ...custom };
}
