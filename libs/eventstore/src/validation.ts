import type { NewEvent } from '@baton/eventsourcing';
import { EventTooLargeError, InvalidEventError, InvalidStreamIdError } from './errors';

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) throw new InvalidStreamIdError(streamId);
}

/** The serialised form the adapters store, computed once while validating. */
export interface ValidatedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** Checks every event before anything is written, so a bad batch writes nothing. */
export function validateEvents(
  events: readonly NewEvent[],
  maxEventBytes: number,
  newId: () => string,
): ValidatedEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('At least one event is required', 'events', 'non-empty');
  }
  return events.map((event, i) => {
    if (event === null || typeof event !== 'object') {
      throw new InvalidEventError(`Event ${i} is not an object`, `events[${i}]`, 'object');
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidEventError(`Event ${i} has no type`, `events[${i}].type`, 'required');
    }
    if (!EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError(
        `Event ${i} type ${JSON.stringify(event.type)} must start with a letter and use letters, digits and _ . : - (max 200)`,
        `events[${i}].type`,
        'event-type-format',
      );
    }
    if (event.id !== undefined && (typeof event.id !== 'string' || !UUID.test(event.id))) {
      throw new InvalidEventError(`Event ${i} id must be a UUID`, `events[${i}].id`, 'uuid');
    }
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidEventError(
        `Event ${i} schemaVersion must be an integer >= 1`,
        `events[${i}].schemaVersion`,
        'positive-integer',
      );
    }
    if (event.data === undefined) {
      throw new InvalidEventError(`Event ${i} has no data`, `events[${i}].data`, 'required');
    }
    let dataJson: string;
    let metadataJson: string;
    try {
      dataJson = JSON.stringify(event.data);
      metadataJson = JSON.stringify(event.metadata ?? {});
    } catch (error) {
      throw new InvalidEventError(
        `Event ${i} is not JSON-serialisable: ${(error as Error).message}`,
        `events[${i}].data`,
        'json',
      );
    }
    if (dataJson.includes('\\u0000') || metadataJson.includes('\\u0000')) {
      throw new InvalidEventError(
        `Event ${i} contains a NUL character`,
        `events[${i}].data`,
        'no-nul-characters',
      );
    }
    const size = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (size > maxEventBytes) throw new EventTooLargeError(i, size, maxEventBytes);
    return {
      id: (event.id ?? newId()).toLowerCase(),
      type: event.type,
      schemaVersion,
      dataJson,
      metadataJson,
    };
  });
}

export function escapeLike(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}
