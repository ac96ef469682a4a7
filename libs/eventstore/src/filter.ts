import type { EventFilter } from './port';

/** `$`-prefixed streams and types belong to the store itself (KurrentDB's system events). */
export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

export function nonEmpty(list: readonly string[] | undefined): readonly string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/**
 * Client-side check of the whole filter, system events excluded: what a subscription with this filter
 * delivers. KurrentDB applies it after the server's single filter; combined projections split a batch by it.
 */
export function matchesFilter(streamId: string, type: string, filter: EventFilter | undefined): boolean {
  if (isSystemEvent(streamId, type)) return false;
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes && !prefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  const types = nonEmpty(filter?.eventTypes);
  if (types && !types.includes(type)) return false;
  return true;
}
