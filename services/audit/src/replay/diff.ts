import type { ReplayState } from './replay.state';

/** One difference: `path` is a JSON Pointer (RFC 6901); an absent value is `undefined`. */
export interface StateChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * What differs from state A to state B (e.g. asKnownAt(T1) vs asKnownAt(T2), or known vs in effect), leaf by
 * leaf: objects member by member (names in code-unit order), arrays index by index. A member or item present
 * on one side only is one change with `undefined` on the other side, however deep it is.
 */
export function diff(before: ReplayState, after: ReplayState): StateChange[] {
  const changes: StateChange[] = [];
  compare(before, after, '', changes);
  return changes;
}

function compare(a: unknown, b: unknown, path: string, changes: StateChange[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) changes.push({ path: `${path}/${i}`, before: undefined, after: b[i] });
      else if (i >= b.length) changes.push({ path: `${path}/${i}`, before: a[i], after: undefined });
      else compare(a[i], b[i], `${path}/${i}`, changes);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const name of names) {
      const at = `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (a[name] === undefined && b[name] === undefined) continue;
      if (a[name] === undefined || b[name] === undefined) {
        changes.push({ path: at, before: a[name], after: b[name] });
      } else {
        compare(a[name], b[name], at, changes);
      }
    }
    return;
  }
  changes.push({ path, before: a, after: b });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
