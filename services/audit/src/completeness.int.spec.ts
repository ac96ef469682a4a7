import { randomUUID } from 'node:crypto';
import { eventAbout } from './testing/events';
import { startAuditHarness, type AuditHarness } from './testing/audit.harness';
import type { CompletenessReport, PartitionReport } from './completeness/completeness';

jest.setTimeout(60_000);

const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
const TIME = kst(Date.now() - 86_400_000);

const cases = (firmId: string, n: number) =>
  Array.from({ length: n }, () =>
    eventAbout(firmId, 'relay.case-opened.v1', { caseId: randomUUID() }, { time: TIME }),
  );

/**
 * The completeness check on the embedded bus: the ledger against the bus's own tables, per topic and
 * partition. Each anomaly is made for real — a ledger row deleted, a message the ledger dead-letters, a
 * message delivered twice, an entry moved to another offset, messages published while the ledger is stopped.
 */
describe('completeness of the ledger against what was published', () => {
  let h: AuditHarness;
  beforeAll(async () => {
    h = await startAuditHarness();
  });
  afterAll(() => h?.close());

  const report = async (): Promise<CompletenessReport> => {
    const answer = await h.request('/completeness');
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const partitionOf = (r: CompletenessReport, topic: string, partition: number): PartitionReport =>
    r.partitions.find((p) => p.topic === topic && p.partition === partition)!;
  const count = async () =>
    (await h.sql.query('SELECT count(*)::int AS n FROM ledger_entries')).rows[0].n as number;

  /** Waits until the audit's consumer group committed past the offsets just produced. */
  async function consumed(positions: { topic: string; partition: number; offset: string }[]) {
    for (const p of positions)
      for (let until = Date.now() + 20_000; ;) {
        const { rows } = await h.sql.query(
          `SELECT committed_offset FROM bus.committed_offsets WHERE consumer_group = 'audit' AND topic = $1 AND partition = $2`,
          [p.topic, p.partition],
        );
        if (rows.length && BigInt(rows[0].committed_offset) > BigInt(p.offset)) break;
        if (Date.now() > until)
          throw new Error(`offset ${p.offset} of ${p.topic}/${p.partition} not consumed`);
        await new Promise((r) => setTimeout(r, 50));
      }
  }

  it('is complete when every published offset of the three topics is in the ledger', async () => {
    const firms = Array.from({ length: 8 }, () => randomUUID());
    const produced = await h.publish(firms.flatMap((f) => cases(f, 3)));
    await h.waitForEntries(24);
    await consumed(produced);
    const r = await report();
    expect(r).toMatchObject({ bus: 'embedded', consumerGroup: 'audit', complete: true, caughtUp: true });
    expect(r.totals).toMatchObject({
      published: 24,
      ledgered: 24,
      missing: 0,
      deadLettered: 0,
      pending: 0,
      mismatches: 0,
    });
    expect(r.partitions).toHaveLength(18);
    for (const p of r.partitions) {
      expect(p.ledgered).toBe(p.published.count);
      expect(p.gaps).toEqual([]);
    }
  });

  it('a ledger row deleted behind the ledger’s back is a missing offset, exactly there', async () => {
    const produced = await h.publish(cases(randomUUID(), 3));
    await consumed(produced);
    const victim = produced[1];
    const client = await h.sql.connect();
    try {
      await client.query("SET session_replication_role = 'replica'");
      await client.query(`DELETE FROM ledger_entries WHERE topic = $1 AND partition = $2 AND "offset" = $3`, [
        victim.topic,
        victim.partition,
        victim.offset,
      ]);
    } finally {
      await client.query("SET session_replication_role = 'origin'");
      client.release();
    }
    const r = await report();
    expect(r.complete).toBe(false);
    expect(r.totals.missing).toBe(1);
    expect(partitionOf(r, victim.topic, victim.partition).gaps).toEqual([
      { kind: 'missing', from: victim.offset, to: victim.offset, count: 1 },
    ]);
  });

  it('a message the ledger could not record is a dead-lettered offset; a second delivery is a duplicate', async () => {
    const firmId = randomUUID();
    const [good] = cases(firmId, 1);
    const broken = { ...cases(firmId, 1)[0], data: { caseId: 'not-a-uuid', firmId } };
    const before = await count();
    const produced = await h.publish([good]);
    const [poison] = await h.publish([broken]); // schema violation: the ledger's consumer dead-letters it
    const [again] = await h.publish([good]); // the same event published twice (at-least-once)
    await consumed([...produced, poison, again]);
    expect(await count()).toBe(before + 1);
    const r = await report();
    const gaps = partitionOf(r, poison.topic, poison.partition).gaps;
    expect(gaps).toEqual(
      expect.arrayContaining([
        { kind: 'dead-lettered', from: poison.offset, to: poison.offset, count: 1 },
        { kind: 'duplicate', from: again.offset, to: again.offset, count: 1 },
      ]),
    );
    expect(r.totals.deadLettered).toBe(1);
    expect(r.totals.duplicates).toBe(1);
    const dlq = await h.sql.query(
      `SELECT headers->>'dlq-reason' AS reason FROM bus.messages WHERE topic = 'baton.relay.v1.dlq'`,
    );
    expect(dlq.rows).toEqual([{ reason: 'schema-violation' }]);
  });

  it('an entry whose recorded offset holds another message on the bus is a mismatch', async () => {
    const produced = await h.publish(cases(randomUUID(), 2));
    await consumed(produced);
    const [first] = produced;
    const client = await h.sql.connect();
    try {
      await client.query("SET session_replication_role = 'replica'");
      await client.query(
        `UPDATE ledger_entries SET "offset" = "offset" + 1000000 WHERE topic = $1 AND partition = $2 AND "offset" = $3`,
        [first.topic, first.partition, first.offset],
      );
    } finally {
      await client.query("SET session_replication_role = 'origin'");
      client.release();
    }
    const r = await report();
    expect(r.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topic: first.topic,
          partition: first.partition,
          offset: String(BigInt(first.offset) + 1000000n),
          busEventId: null,
        }),
      ]),
    );
    // Its own offset now looks like a second delivery of an event the ledger holds elsewhere: the mismatch
    // is what tells the two apart.
    expect(partitionOf(r, first.topic, first.partition).gaps).toEqual(
      expect.arrayContaining([{ kind: 'duplicate', from: first.offset, to: first.offset, count: 1 }]),
    );
    expect(r.complete).toBe(false);
  });

  it('messages published while the ledger is stopped are pending, not missing', async () => {
    await h.audit.runtime.bus.close();
    const produced = await h.publish(cases(randomUUID(), 2));
    const r = await report();
    expect(r.caughtUp).toBe(false);
    expect(r.totals.pending).toBeGreaterThanOrEqual(2);
    for (const p of produced)
      expect(partitionOf(r, p.topic, p.partition).gaps).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'pending' })]),
      );
  });
});
