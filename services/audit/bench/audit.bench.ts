// `npm run bench:audit` — the audit ledger's costs, on real PostgreSQL with the service in its own process:
//
// 1. Ingest: ledger entries recorded per second while the service drains a backlog of contract events from
//    the embedded bus (inbox, per-firm head lock, hash chain, entry), measured on the ledger's own clock
//    (first to last recordedAt). Ceiling: the same rows INSERTed raw (no inbox, no chain, no lock) into a
//    table of the same shape, 100 rows per transaction, 3 connections (the consumer's 3 partitions at once).
// 2. As-of replay: GET /firms/{id}/state?asOf=T&mode=known|effective, one request at a time, T random
//    within the firm's life and the mode alternating, for a firm with 1,000 and one with 10,000 entries.
//    Goal: p99 < 50 ms at 1,000. Ceiling: the raw-pg SELECT of the same entries (no fold, no HTTP).
// 3. Chain verification: GET /firms/{id}/verification of the 10,000-entry firm (chain, head row, digest
//    signature, every firm's head at its watermark, inclusion and anchor), as entries per second. Ceiling:
//    verifyChain over the same 10,000 entries in the bench process (canonical encoding + SHA-256 only).
//
// Environment: DATABASE_URL (else embedded PostgreSQL); BENCH_FIRMS (other firms, default 200) ×
// BENCH_FIRM_ENTRIES (default 50); BENCH_REPLAYS_SMALL (default 400), BENCH_REPLAYS_LARGE (default 100);
// BENCH_OUTPUT_DIR (default docs/benchmarks). Progress on stderr, the table on stdout.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import {
  EmbeddedBusProducer,
  ensureEmbeddedTopics,
  ALL_TOPIC_SPECS,
  toBusMessage,
  type IntegrationEvent,
} from '@baton/messaging';
import {
  createBenchDatabase,
  finishEnvironment,
  goal,
  goalsText,
  killChildren,
  percentile,
  progress,
  readEnvironment,
  readNumber,
  REPO_ROOT,
  round,
  ServerChild,
  startServer,
  writeJson,
} from '@baton/testing/bench';
import { canonicalize, verifyChain, type LedgerEntry } from '../src/ledger';
import { topicOf } from '../src/testing/events';
import { metric, table, writeMarkdown, type Metric, type Report } from './report';
import { firmEvents } from './workload';

process.env.BENCH_T0 ??= String(Date.now());

const FIRMS = Math.round(readNumber('BENCH_FIRMS', 200));
const FIRM_ENTRIES = Math.round(readNumber('BENCH_FIRM_ENTRIES', 50));
const SMALL = 1_000;
const LARGE = 10_000;
const REPLAYS_SMALL = Math.round(readNumber('BENCH_REPLAYS_SMALL', 400));
const REPLAYS_LARGE = Math.round(readNumber('BENCH_REPLAYS_LARGE', 100));
const VERIFICATIONS = 5;
const OUTPUT_DIR = path.resolve(process.env.BENCH_OUTPUT_DIR ?? path.join(REPO_ROOT, 'docs/benchmarks'));
const P99_GOAL_MS = 50;
const AUDITOR = { 'x-baton-user': 'bench-auditor', 'x-baton-role': 'auditor' };

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(s, 50), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s[s.length - 1], 2),
    n: s.length,
  };
};

async function get(url: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const response = await fetch(url, { headers: AUDITOR });
  const body = await response.json();
  const ms = performance.now() - t0;
  if (response.status !== 200)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

async function main() {
  const t0 = performance.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  const server = await startServer(progress);
  const db = await createBenchDatabase(server.adminUrl);
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  let service: ServerChild | undefined;
  try {
    // --- given: a backlog on the bus -----------------------------------------------------------------------
    const small = randomUUID();
    const large = randomUUID();
    const others = Array.from({ length: FIRMS }, () => randomUUID());
    progress(`generating events: ${SMALL} + ${LARGE} + ${FIRMS} × ${FIRM_ENTRIES} …`);
    const events: IntegrationEvent[] = [
      ...firmEvents(small, SMALL),
      ...firmEvents(large, LARGE),
      ...others.flatMap((f) => firmEvents(f, FIRM_ENTRIES)),
    ];
    const pool = new Pool({ connectionString: db.url, max: 4 });
    await ensureEmbeddedTopics(pool, 'bus', ALL_TOPIC_SPECS);
    const producer = new EmbeddedBusProducer({ pool });
    for (let i = 0; i < events.length; i += 1000)
      await producer.produce(events.slice(i, i + 1000).map((e) => toBusMessage(topicOf(e.type), e)));
    progress(`published ${n0(events.length)} events on the embedded bus`);

    // --- 1. ingest ------------------------------------------------------------------------------------------
    service = await ServerChild.start('audit', path.join(__dirname, 'service.child.ts'), {
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      AUDIT_DIGEST_INTERVAL_MS: '3600000',
    });
    progress(`audit service at ${service.url}; draining the backlog …`);
    await service.windowStart();
    for (let said = 0; ;) {
      const n = Number((await admin.query('SELECT count(*) AS n FROM audit.ledger_entries')).rows[0].n);
      if (n >= events.length) break;
      if (performance.now() - said > 5000) {
        said = performance.now();
        progress(`  ${n0(n)} / ${n0(events.length)} recorded`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const ingestWindow = await service.windowEnd();
    const span = (
      await admin.query(
        `SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) * 1000 AS ms FROM audit.ledger_entries`,
      )
    ).rows[0].ms as number;
    const ingestRate = (events.length - 1) / (Number(span) / 1000);
    progress(
      `ingest: ${n0(events.length)} entries in ${(Number(span) / 1000).toFixed(1)} s = ${n0(ingestRate)} entries/s`,
    );

    // Ceiling: the same rows, raw.
    await admin.query(`CREATE TABLE public.raw_entries (LIKE audit.ledger_entries INCLUDING ALL)`);
    const rows = (
      await admin.query(
        `SELECT firm_id, sequence, event_id, event_type, topic, partition, "offset", occurred_at, recorded_at, payload::text AS payload, previous_hash, hash FROM audit.ledger_entries`,
      )
    ).rows;
    const batches: (typeof rows)[] = [];
    for (let i = 0; i < rows.length; i += 100) batches.push(rows.slice(i, i + 100));
    const rawStart = performance.now();
    let next = 0;
    await Promise.all(
      [0, 1, 2].map(async () => {
        const client = await pool.connect();
        try {
          while (next < batches.length) {
            const batch = batches[next++];
            await client.query('BEGIN');
            await client.query(
              `INSERT INTO public.raw_entries SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[], $9::timestamptz[], $10::json[], $11::text[], $12::text[])`,
              [
                batch.map((r) => r.firm_id),
                batch.map((r) => r.sequence),
                batch.map((r) => r.event_id),
                batch.map((r) => r.event_type),
                batch.map((r) => r.topic),
                batch.map((r) => r.partition),
                batch.map((r) => r.offset),
                batch.map((r) => r.occurred_at),
                batch.map((r) => r.recorded_at),
                batch.map((r) => r.payload),
                batch.map((r) => r.previous_hash),
                batch.map((r) => r.hash),
              ],
            );
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    const rawRate = rows.length / ((performance.now() - rawStart) / 1000);
    progress(`raw INSERT ceiling: ${n0(rawRate)} rows/s`);

    // --- 2. as-of replay --------------------------------------------------------------------------------------
    const span0 = async (firmId: string) =>
      (
        await admin.query(
          'SELECT min(recorded_at) AS first, max(recorded_at) AS last FROM audit.ledger_entries WHERE firm_id = $1',
          [firmId],
        )
      ).rows[0] as { first: Date; last: Date };
    const replay = async (firmId: string, n: number) => {
      const { first } = await span0(firmId);
      const from = first.getTime();
      const to = Date.now() - 1000;
      const service_: number[] = [];
      const raw: number[] = [];
      const entries: number[] = [];
      let cold = NaN;
      for (let i = 0; i < n + 10; i++) {
        const mode = i % 2 ? 'effective' : 'known';
        const asOf = new Date(from + Math.random() * (to - from)).toISOString();
        const { ms, body } = await get(`${service!.url}/firms/${firmId}/state?asOf=${asOf}&mode=${mode}`);
        const r0 = performance.now();
        await admin.query(
          `SELECT sequence, event_id, occurred_at, recorded_at, payload FROM audit.ledger_entries WHERE firm_id = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2) ORDER BY sequence`,
          [firmId, mode === 'known' ? asOf : null],
        );
        if (i === 0) cold = ms; // the first read of the firm: every entry from PostgreSQL
        if (i < 10) continue; // warm-up
        service_.push(ms);
        raw.push(performance.now() - r0);
        entries.push((body as { entries: number }).entries);
      }
      return {
        cold: round(cold, 2),
        service: summary(service_),
        raw: summary(raw),
        meanEntries: round(entries.reduce((a, b) => a + b, 0) / entries.length, 0),
      };
    };
    await service.windowStart();
    const replaySmall = await replay(small, REPLAYS_SMALL);
    progress(
      `as-of at ${SMALL}: p50 ${replaySmall.service.p50} ms, p99 ${replaySmall.service.p99} ms (raw SELECT p99 ${replaySmall.raw.p99} ms)`,
    );
    const replayLarge = await replay(large, REPLAYS_LARGE);
    progress(
      `as-of at ${LARGE}: p50 ${replayLarge.service.p50} ms, p99 ${replayLarge.service.p99} ms (raw SELECT p99 ${replayLarge.raw.p99} ms)`,
    );
    const replayWindow = await service.windowEnd();

    // --- 3. verification --------------------------------------------------------------------------------------
    const verifications: number[] = [];
    for (let i = 0; i < VERIFICATIONS + 1; i++) {
      const { ms, body } = await get(`${service.url}/firms/${large}/verification`);
      if (!(body as { ok: boolean }).ok)
        throw new Error(`verification failed: ${JSON.stringify(body).slice(0, 500)}`);
      if (i > 0) verifications.push(ms);
    }
    const verifyMs = summary(verifications).p50;
    const exported = (await get(`${service.url}/firms/${large}/export?format=json`)).body as {
      entries: LedgerEntry[];
    };
    const pure: number[] = [];
    for (let i = 0; i < VERIFICATIONS; i++) {
      const v0 = performance.now();
      if (!verifyChain(exported.entries).ok) throw new Error('the exported chain does not verify');
      pure.push(performance.now() - v0);
    }
    const pureMs = summary(pure).p50;
    const exportBytes = Buffer.byteLength(canonicalize(exported.entries as never));
    progress(
      `verification of ${LARGE}: ${round(verifyMs, 1)} ms via HTTP, ${round(pureMs, 1)} ms verifyChain in process`,
    );

    // --- report ---------------------------------------------------------------------------------------------
    const metrics: Metric[] = [
      metric(
        'ingest',
        'entries/s',
        'Ledger entries recorded per second draining a bus backlog (inbox + head lock + chain + entry)',
        {
          ours: ingestRate,
          ceiling: rawRate,
          peer: null,
        },
        {
          sample: events.length,
          note: 'ceiling: the same rows INSERTed raw, 100 per transaction, 3 connections',
        },
      ),
      metric(
        'as_of_1k_p50',
        'ms',
        `GET state as of a random instant, firm with ${SMALL} entries, p50`,
        {
          ours: replaySmall.service.p50,
          ceiling: replaySmall.raw.p50,
          peer: null,
        },
        { sample: replaySmall.service.n },
      ),
      metric(
        'as_of_1k_p99',
        'ms',
        `GET state as of a random instant, firm with ${SMALL} entries, p99 (goal < ${P99_GOAL_MS} ms)`,
        {
          ours: replaySmall.service.p99,
          ceiling: replaySmall.raw.p99,
          peer: null,
        },
        { sample: replaySmall.service.n },
      ),
      metric(
        'as_of_1k_first',
        'ms',
        `The first GET state of the ${SMALL}-entry firm (replay cache cold: every entry from PostgreSQL)`,
        { ours: replaySmall.cold, ceiling: null, peer: null },
        { sample: 1 },
      ),
      metric(
        'as_of_10k_first',
        'ms',
        `The first GET state of the ${LARGE}-entry firm (replay cache cold: every entry from PostgreSQL)`,
        { ours: replayLarge.cold, ceiling: null, peer: null },
        { sample: 1 },
      ),
      metric(
        'as_of_10k_p50',
        'ms',
        `GET state as of a random instant, firm with ${LARGE} entries, p50`,
        {
          ours: replayLarge.service.p50,
          ceiling: replayLarge.raw.p50,
          peer: null,
        },
        { sample: replayLarge.service.n },
      ),
      metric(
        'as_of_10k_p99',
        'ms',
        `GET state as of a random instant, firm with ${LARGE} entries, p99`,
        {
          ours: replayLarge.service.p99,
          ceiling: replayLarge.raw.p99,
          peer: null,
        },
        { sample: replayLarge.service.n },
      ),
      metric(
        'verification',
        'entries/s',
        `GET verification of the ${LARGE}-entry firm (chain, head, digest, all heads at the watermark, proof), median`,
        {
          ours: LARGE / (verifyMs / 1000),
          ceiling: LARGE / (pureMs / 1000),
          peer: null,
        },
        { sample: VERIFICATIONS, note: 'ceiling: verifyChain over the same entries in process' },
      ),
    ];
    const environment = await readEnvironment({
      script: 'bench:audit',
      server,
      db,
      admin,
      settings: ['fsync', 'synchronous_commit', 'shared_buffers', 'max_connections'],
      run: {
        firms: FIRMS + 2,
        entries_total: events.length,
        small_firm_entries: SMALL,
        large_firm_entries: LARGE,
        replay_requests_small: REPLAYS_SMALL,
        replay_requests_large: REPLAYS_LARGE,
        mean_entries_folded_small: replaySmall.meanEntries,
        mean_entries_folded_large: replayLarge.meanEntries,
        export_bytes_large: exportBytes,
      },
    });
    // The environment is read after the runs (it needs the database): the load at the start is the bench's.
    environment.load_average_at_start = loadAtStart;
    finishEnvironment(environment, t0);
    const goals = [
      goal(
        'As-of replay p99 < 50 ms for a firm with 1,000 entries',
        'as_of_1k_p99',
        replaySmall.service.p99,
        '<',
        P99_GOAL_MS,
        (met) =>
          `p99 ${replaySmall.service.p99} ms over ${replaySmall.service.n} requests${met ? '' : ` (goal ${P99_GOAL_MS} ms)`}`,
      ),
    ];
    const report: Report = {
      environment,
      metrics,
      goals,
      notes: [
        'Backlog: every event is published on the embedded bus before the service starts; the ingest rate is measured on the ledger clock (entries − 1 over the span from the first to the last recordedAt), so start-up is not counted.',
        `Workload per firm: registration first, then a repeating mix of indicator reports (40 %), profile amendments, stage assessments, support cases with hand-offs proposed and accepted and outcomes, and crisis warnings raised, changed and resolved; ${FIRMS} other firms of ${FIRM_ENTRIES} entries each share the bus.`,
        'As-of replay: closed loop, one request at a time after 10 warm-up requests; asOf uniform between the firm’s first recording and now, mode alternating known / effective (effective reads every entry and orders by business time). Every request also records the read in audit_reads. The service keeps replayed entries in memory (ReplayCache: entries up to the head never change), so after the first request of a firm it reads only its head row; the first requests are reported apart (as_of_*_first).',
        'Ceilings: raw-pg INSERT of the same rows (no inbox, chain or lock); raw-pg SELECT of the entries a replay reads (no fold, JSON or HTTP); verifyChain in process (no database, no digest).',
        'One machine: PostgreSQL, the service process and the bench process share the CPUs.',
      ],
      runs: {
        ingest: {
          entries: events.length,
          span_ms: Number(span),
          raw_rows_per_s: round(rawRate, 0),
          server: ingestWindow,
        },
        replay: { small: replaySmall, large: replayLarge, server: replayWindow },
        verification: { http_ms: summary(verifications), in_process_ms: summary(pure) },
      },
    };
    process.stdout.write(`${table(metrics)}\n\n${goalsText(goals)}`);
    writeJson(path.join(OUTPUT_DIR, 'audit.json'), report);
    await writeMarkdown(path.join(OUTPUT_DIR, 'audit.md'), report);
    progress(`wrote ${path.join(OUTPUT_DIR, 'audit.{json,md}')}`);
    if (!goals.every((g) => g.met)) process.exitCode = 1;
    await producer.close();
    await pool.end();
  } finally {
    await service?.stop().catch(() => undefined);
    await admin.end();
    await db.drop();
    await server.stop();
  }
}

process.on('SIGINT', () => {
  killChildren();
  process.exit(130);
});
main().catch((error) => {
  killChildren();
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
