// Counts the SQL statements a server process sends through the pg driver (every pool and client: TypeORM,
// the event store, the bus), by statement text — how many round trips to PostgreSQL one request costs.
// Installed by service.child.ts before the service loads; a Map increment per query.
import pg from 'pg';

const counts = new Map<string, number>();
let installed = false;

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

export function installQueryCounter(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
    // Keyed by the raw text (a Map lookup; normalised only when reported).
    if (typeof text === 'string') counts.set(text, (counts.get(text) ?? 0) + 1);
    return original.apply(this, args);
  };
}

export type QueryCounts = ReadonlyMap<string, number>;

export function queryCounts(): QueryCounts {
  return new Map(counts);
}

/** Statements sent since `before`, most frequent first. */
export function queriesSince(before: QueryCounts): { total: number; top: { sql: string; count: number }[] } {
  const delta = new Map<string, number>();
  let total = 0;
  for (const [text, n] of counts) {
    const d = n - (before.get(text) ?? 0);
    if (d <= 0) continue;
    total += d;
    const sql = normalise(text);
    delta.set(sql, (delta.get(sql) ?? 0) + d);
  }
  const top = [...delta].map(([sql, count]) => ({ sql, count })).sort((a, b) => b.count - a.count);
  return { total, top: top.slice(0, 20) };
}
