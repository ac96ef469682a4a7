import type { DataSource } from 'typeorm';
import type { BusView, Mismatch, PartitionOffsets } from './bus-view';

export type GapKind =
  /** Below the group's committed offset, not in the ledger, not explained: an entry lost or deleted. */
  | 'missing'
  /** The audit's consumer sent the message to `<topic>.dlq` (it could not be recorded). */
  | 'dead-lettered'
  /** A second delivery (at-least-once publishing) of an event the ledger holds at another offset. */
  | 'duplicate'
  /** At or past the committed offset: not consumed yet (lag), not a loss. */
  | 'pending';

export interface Gap {
  readonly kind: GapKind;
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

export interface PartitionReport {
  readonly topic: string;
  readonly partition: number;
  /** Offsets the bus still holds: earliest…next−1. */
  readonly published: { readonly earliest: string; readonly next: string; readonly count: number };
  readonly consumedUpTo: string | null;
  readonly ledgered: number;
  readonly missing: number;
  readonly deadLettered: number;
  readonly duplicates: number;
  readonly pending: number;
  /** Runs of absent offsets, in offset order (at most COMPLETENESS_MAX_GAPS; the counts are exact). */
  readonly gaps: Gap[];
  readonly gapsTruncated: boolean;
}

export interface CompletenessReport {
  readonly checkedAt: string;
  readonly bus: 'embedded' | 'kafka';
  readonly consumerGroup: string;
  /** Nothing missing or dead-lettered, and no entry disagrees with the bus. Lag (pending) is allowed. */
  readonly complete: boolean;
  /** Also nothing pending. */
  readonly caughtUp: boolean;
  readonly totals: {
    readonly published: number;
    readonly ledgered: number;
    readonly missing: number;
    readonly deadLettered: number;
    readonly duplicates: number;
    readonly pending: number;
    readonly mismatches: number;
  };
  readonly partitions: PartitionReport[];
  /** Entries whose recorded position holds another event on the bus, or none (embedded bus only). */
  readonly mismatches: Mismatch[];
  /** Why some offsets could not be explained. */
  readonly notes: string[];
}

interface Range {
  from: bigint;
  to: bigint;
}

/**
 * Compares the ledger with what the services published, per topic and partition. Every ledger entry keeps the
 * topic, partition and offset it was read from; an offset the bus holds that no entry has is a gap. Gaps at or
 * past the consumer group's committed offset are pending (lag); the others are explained from the bus where
 * it can (dead letters, duplicate deliveries) or reported as missing.
 */
export async function checkCompleteness(
  dataSource: DataSource,
  bus: BusView,
  options: { topics: readonly string[]; group: string; maxGaps: number },
): Promise<CompletenessReport> {
  const checkedAt = new Date().toISOString();
  const offsets = await bus.offsets(options.topics, options.group);
  const stats: { topic: string; partition: number; n: number; first: string; last: string }[] =
    await dataSource.query(
      `SELECT topic, partition, count(*)::int AS n, min("offset")::text AS first, max("offset")::text AS last
         FROM ledger_entries WHERE topic = ANY($1::text[]) GROUP BY topic, partition`,
      [options.topics],
    );
  const holes: { topic: string; partition: number; first: string; last: string }[] = await dataSource.query(
    `SELECT topic, partition, (previous + 1)::text AS first, ("offset" - 1)::text AS last
       FROM (SELECT topic, partition, "offset",
                    lag("offset") OVER (PARTITION BY topic, partition ORDER BY "offset") AS previous
               FROM ledger_entries WHERE topic = ANY($1::text[])) o
      WHERE "offset" > previous + 1
      ORDER BY topic, partition, "offset"`,
    [options.topics],
  );
  const key = (topic: string, partition: number) => `${partition}:${topic}`;
  const statsOf = new Map(stats.map((s) => [key(s.topic, s.partition), s]));
  const holesOf = new Map<string, Range[]>();
  for (const h of holes) {
    const list = holesOf.get(key(h.topic, h.partition)) ?? [];
    list.push({ from: BigInt(h.first), to: BigInt(h.last) });
    holesOf.set(key(h.topic, h.partition), list);
  }

  const notes: string[] = [];
  if (!bus.explain)
    notes.push(
      `${bus.kind}: messages are not read, so a missing offset below the committed offset may also be a dead letter (see <topic>.dlq) or a duplicate delivery`,
    );
  const partitions: PartitionReport[] = [];
  for (const p of offsets) {
    const s = statsOf.get(key(p.topic, p.partition));
    partitions.push(await partitionReport(p, s, holesOf.get(key(p.topic, p.partition)) ?? [], bus, options));
  }
  const mismatches = bus.mismatches ? await bus.mismatches(options.topics, 1000) : [];
  const sum = (pick: (p: PartitionReport) => number) => partitions.reduce((n, p) => n + pick(p), 0);
  const totals = {
    published: sum((p) => p.published.count),
    ledgered: stats.reduce((n, s) => n + s.n, 0),
    missing: sum((p) => p.missing),
    deadLettered: sum((p) => p.deadLettered),
    duplicates: sum((p) => p.duplicates),
    pending: sum((p) => p.pending),
    mismatches: mismatches.length,
  };
  return {
    checkedAt,
    bus: bus.kind,
    consumerGroup: options.group,
    complete: totals.missing === 0 && totals.deadLettered === 0 && totals.mismatches === 0,
    caughtUp: totals.pending === 0,
    totals,
    partitions,
    mismatches,
    notes,
  };
}

async function partitionReport(
  p: PartitionOffsets,
  s: { n: number; first: string; last: string } | undefined,
  holes: Range[],
  bus: BusView,
  options: { group: string; maxGaps: number },
): Promise<PartitionReport> {
  // Offsets the bus holds (earliest…next−1) that no entry has: before the first entry, between entries, after
  // the last one.
  const absent: Range[] = [];
  const add = (from: bigint, to: bigint) => {
    const a = from > p.earliest ? from : p.earliest;
    const b = to < p.next - 1n ? to : p.next - 1n;
    if (a <= b) absent.push({ from: a, to: b });
  };
  if (!s) add(p.earliest, p.next - 1n);
  else {
    add(p.earliest, BigInt(s.first) - 1n);
    for (const h of holes) add(h.from, h.to);
    add(BigInt(s.last) + 1n, p.next - 1n);
  }
  const committed = p.committed ?? p.earliest;
  const runs: { kind: GapKind; from: bigint; to: bigint; count: number }[] = [];
  for (const range of absent) {
    if (range.from < committed) {
      const to = range.to < committed - 1n ? range.to : committed - 1n;
      runs.push(
        ...(bus.explain
          ? await bus.explain(p.topic, p.partition, range.from, to, options.group)
          : [{ kind: 'missing' as const, from: range.from, to, count: Number(to - range.from + 1n) }]),
      );
    }
    const pendingFrom = range.from > committed ? range.from : committed;
    if (pendingFrom <= range.to)
      runs.push({
        kind: 'pending',
        from: pendingFrom,
        to: range.to,
        count: Number(range.to - pendingFrom + 1n),
      });
  }
  const count = (kind: GapKind) => runs.filter((r) => r.kind === kind).reduce((n, r) => n + r.count, 0);
  return {
    topic: p.topic,
    partition: p.partition,
    published: {
      earliest: p.earliest.toString(),
      next: p.next.toString(),
      count: Number(p.next - p.earliest),
    },
    consumedUpTo: p.committed === null ? null : p.committed.toString(),
    ledgered: s?.n ?? 0,
    missing: count('missing'),
    deadLettered: count('dead-lettered'),
    duplicates: count('duplicate'),
    pending: count('pending'),
    gaps: runs.slice(0, options.maxGaps).map((r) => ({
      kind: r.kind,
      from: r.from.toString(),
      to: r.to.toString(),
      count: r.count,
    })),
    gapsTruncated: runs.length > options.maxGaps,
  };
}
