import type { Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** A partition as the bus sees it: its first retained offset, the next offset to be written, and how far the
 * audit's consumer group committed. */
export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly earliest: bigint;
  readonly next: bigint;
  /** The group's committed offset (the next one it will read); null when it never committed. */
  readonly committed: bigint | null;
}

/** Offsets of one partition missing from the ledger, grouped into runs of one explanation. */
export interface ExplainedRun {
  readonly kind: 'dead-lettered' | 'duplicate' | 'missing';
  readonly from: bigint;
  readonly to: bigint;
  readonly count: number;
}

/** A ledger entry that does not match the message at its recorded position. */
export interface Mismatch {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string;
  readonly firmId: string;
  /** The bus message's event id and key at that offset; null when the bus has no message there. */
  readonly busEventId: string | null;
  readonly busFirmId: string | null;
}

/** What the completeness check asks of the bus. */
export interface BusView {
  readonly kind: 'embedded' | 'kafka';
  offsets(topics: readonly string[], group: string): Promise<PartitionOffsets[]>;
  /**
   * Why offsets from..to of a partition are not in the ledger, read from the messages themselves: sent to the
   * DLQ by the group, a second delivery of an event the ledger holds at another offset, or unexplained.
   * Undefined when the bus cannot say without consuming the topic (Kafka).
   */
  explain?(
    topic: string,
    partition: number,
    from: bigint,
    to: bigint,
    group: string,
  ): Promise<ExplainedRun[]>;
  /** Ledger entries whose position on the bus holds another event (or nothing). */
  mismatches?(topics: readonly string[], limit: number): Promise<Mismatch[]>;
}

/**
 * The embedded bus (ADR 8): its tables are in the same database, so the check reads the published messages
 * themselves — offsets, event ids (`ce_id`), keys and the dead letters of the topic.
 */
export class EmbeddedBusView implements BusView {
  readonly kind = 'embedded';
  private readonly s: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad bus schema ${schema}`);
    this.s = `"${schema}"`;
  }

  async offsets(topics: readonly string[], group: string): Promise<PartitionOffsets[]> {
    const rows: {
      topic: string;
      partition: number;
      next: string;
      earliest: string | null;
      committed: string | null;
    }[] = await this.dataSource.query(
      `SELECT p.topic, p.partition, p.next_offset::text AS next,
                (SELECT min(m."offset") FROM ${this.s}.messages m
                  WHERE m.topic = p.topic AND m.partition = p.partition)::text AS earliest,
                c.committed_offset::text AS committed
           FROM ${this.s}.partitions p
           LEFT JOIN ${this.s}.committed_offsets c
             ON c.consumer_group = $2 AND c.topic = p.topic AND c.partition = p.partition
          WHERE p.topic = ANY($1::text[])
          ORDER BY p.topic, p.partition`,
      [topics, group],
    );
    return rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      next: BigInt(r.next),
      earliest: BigInt(r.earliest ?? r.next),
      committed: r.committed === null ? null : BigInt(r.committed),
    }));
  }

  async explain(
    topic: string,
    partition: number,
    from: bigint,
    to: bigint,
    group: string,
  ): Promise<ExplainedRun[]> {
    const rows: { kind: ExplainedRun['kind']; first: string; last: string; count: number }[] =
      await this.dataSource.query(
        `WITH dead AS (
           SELECT DISTINCT (headers->>'dlq-original-offset')::bigint AS off FROM ${this.s}.messages
            WHERE topic = $1 || '.dlq' AND headers->>'dlq-original-topic' = $1
              AND (headers->>'dlq-original-partition')::int = $2 AND headers->>'dlq-consumer-group' = $5
         ), absent AS (
           SELECT m."offset",
                  CASE WHEN d.off IS NOT NULL THEN 'dead-lettered'
                       WHEN EXISTS (SELECT 1 FROM ledger_entries e
                                     WHERE e.firm_id = m.key AND e.event_id = m.headers->>'ce_id') THEN 'duplicate'
                       ELSE 'missing' END AS kind
             FROM ${this.s}.messages m LEFT JOIN dead d ON d.off = m."offset"
            WHERE m.topic = $1 AND m.partition = $2 AND m."offset" BETWEEN $3 AND $4
              AND NOT EXISTS (SELECT 1 FROM ledger_entries e
                               WHERE e.topic = m.topic AND e.partition = m.partition AND e."offset" = m."offset")
         )
         SELECT kind, min("offset")::text AS first, max("offset")::text AS last, count(*)::int AS count
           FROM (SELECT kind, "offset", "offset" - row_number() OVER (PARTITION BY kind ORDER BY "offset") AS run
                   FROM absent) runs
          GROUP BY kind, run ORDER BY min("offset")`,
        [topic, partition, from.toString(), to.toString(), group],
      );
    return rows.map((r) => ({ kind: r.kind, from: BigInt(r.first), to: BigInt(r.last), count: r.count }));
  }

  async mismatches(topics: readonly string[], limit: number): Promise<Mismatch[]> {
    const rows: {
      topic: string;
      partition: number;
      offset: string;
      event_id: string;
      firm_id: string;
      bus_event_id: string | null;
      bus_key: string | null;
    }[] = await this.dataSource.query(
      `SELECT e.topic, e.partition, e."offset"::text AS "offset", e.event_id, e.firm_id,
              m.headers->>'ce_id' AS bus_event_id, m.key AS bus_key
         FROM ledger_entries e
         LEFT JOIN ${this.s}.messages m
           ON m.topic = e.topic AND m.partition = e.partition AND m."offset" = e."offset"
        WHERE e.topic = ANY($1::text[])
          AND (m.topic IS NULL OR m.headers->>'ce_id' IS DISTINCT FROM e.event_id OR m.key IS DISTINCT FROM e.firm_id)
        ORDER BY e.topic, e.partition, e."offset" LIMIT $2`,
      [topics, limit],
    );
    return rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      eventId: r.event_id,
      firmId: r.firm_id,
      busEventId: r.bus_event_id,
      busFirmId: r.bus_key,
    }));
  }
}

/**
 * Apache Kafka: low and high watermarks and the group's committed offsets from the admin API. Messages are
 * not read, so offsets missing from the ledger below the committed offset stay unexplained (a dead letter
 * or a re-sent duplicate looks the same as a loss): read `<topic>.dlq` to tell them apart.
 */
export class KafkaBusView implements BusView {
  readonly kind = 'kafka';

  constructor(private readonly admin: () => Promise<Admin>) {}

  async offsets(topics: readonly string[], group: string): Promise<PartitionOffsets[]> {
    const admin = await this.admin();
    try {
      const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
      const result: PartitionOffsets[] = [];
      for (const topic of topics) {
        const marks = await admin.fetchTopicOffsets(topic);
        const ofTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const mark of marks) {
          const at = ofTopic.find((p) => p.partition === mark.partition)?.offset;
          result.push({
            topic,
            partition: mark.partition,
            earliest: BigInt(mark.low),
            next: BigInt(mark.high),
            committed: at === undefined || at === '-1' ? null : BigInt(at),
          });
        }
      }
      return result.sort((a, b) =>
        a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
      );
    } finally {
      await admin.disconnect();
    }
  }
}
