import type { RecordedEvent } from '@baton/eventsourcing';
import { matchesFilter, type EventFilter } from '@baton/eventstore';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * Several read models of one service fed by one runner: one subscription, one transaction and one
 * checkpoint per batch instead of one each. Each part sees exactly the events its own filter selects, in
 * store order; the parts are applied one after another in the batch's transaction. They share a name (the
 * checkpoint, the lock) and so are rebuilt together.
 */
export function combineProjections(name: string, parts: readonly Projection[]): Projection {
  if (parts.length === 0) throw new Error(`combineProjections(${name}): no parts`);
  const names = new Set(parts.map((p) => p.name));
  if (names.size !== parts.length) throw new Error(`combineProjections(${name}): duplicate part names`);
  return {
    name,
    filter: unionOf(parts.map((p) => p.filter)),
    async apply(events: readonly RecordedEvent[], manager: EntityManager) {
      for (const part of parts) {
        const mine = events.filter((e) => matchesFilter(e.streamId, e.type, part.filter));
        if (mine.length > 0) await part.apply(mine, manager);
      }
    },
    async reset(manager: EntityManager) {
      for (const part of parts) await part.reset(manager);
    },
  };
}

/**
 * A filter the store can apply that lets through every event any part wants: the union of stream prefixes
 * when every part filters by prefixes only, otherwise no filter (the parts filter client-side).
 */
function unionOf(filters: readonly (EventFilter | undefined)[]): EventFilter | undefined {
  const prefixOnly = filters.every((f) => f?.streamPrefixes?.length && !f.eventTypes?.length);
  if (!prefixOnly) return undefined;
  return { streamPrefixes: [...new Set(filters.flatMap((f) => f!.streamPrefixes!))] };
}
