// Diagnostics behind the benchmark (not part of `npm run bench:eventstore`): decomposes the cost of a
// single-event append at N writers into layers, from the raw ceiling up to the store, and reports for each
// layer events/s, latency, client and server CPU per event, WAL bytes, WAL syncs and transaction ids per
// event, and where the server's active backends were waiting (pg_stat_activity samples).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx libs/eventstore/bench/diagnose.ts
//
// BENCH_DIAG_WRITERS (default 16), BENCH_DIAG_APPENDS (default 20000), BENCH_POOL (default 16),
// BENCH_DIAG_VARIANTS (comma list), BENCH_DIAG_REPEAT (runs the selected variants this many times, interleaved). Server CPU is read from /proc, so it is only meaningful when the
// server runs on this machine.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '../src';
import { createBenchDatabase, progress, readNumber, startServer } from '@baton/testing/bench';
import { summarise, type BenchEvent } from './common';
import { ceilingTableSql } from './contenders';
import { batches, drive } from './tasks';

const WRITERS = Math.round(readNumber('BENCH_DIAG_WRITERS', 16));
const APPENDS = Math.round(readNumber('BENCH_DIAG_APPENDS', 20000));
const POOL = Math.round(readNumber('BENCH_POOL', 16));

interface Variant {
  readonly name: string;
  readonly what: string;
  open(
    url: string,
    schema: string,
  ): Promise<{ append(streamId: string, events: BenchEvent[]): Promise<void>; close(): Promise<void> }>;
}

function payload(events: readonly BenchEvent[]): string {
  return `[${events
    .map(
      (e) =>
        `{"id":"${randomUUID()}","type":${JSON.stringify(e.type)},"v":1,"data":${JSON.stringify(e.data)},"meta":${JSON.stringify(e.metadata)}}`,
    )
    .join(',')}]`;
}

/** The store's own NOTIFY scheme: at most one in flight, coalescing the rest. */
function notifier(pool: Pool, channel: string) {
  let inFlight = false;
  let pending = false;
  const schedule = (): void => {
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    pool
      .query('SELECT pg_notify($1, $2)', [channel, ''])
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (pending) {
          pending = false;
          schedule();
        }
      });
  };
  return schedule;
}

const variants: Variant[] = [
  {
    name: 'ceiling',
    what: 'raw INSERT, plain table, bigserial PK only',
    async open(url, schema) {
      const pool = new Pool({ connectionString: url, max: POOL });
      await pool.query(ceilingTableSql(schema));
      const text = `INSERT INTO "${schema}".events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ($1, 0, $2, $3, 1, $4, $5)`;
      return {
        append: async (s, [e]) =>
          void (await pool.query({
            name: 'c',
            text,
            values: [s, randomUUID(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
          })),
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'events-insert',
    what: 'raw INSERT into our events table (xid8 + identity PK, 3 secondary indexes), no function, no streams row',
    async open(url, schema) {
      const store = await PostgresEventStore.create({ connectionString: url, schema, poolSize: 1 });
      await store.close();
      const pool = new Pool({ connectionString: url, max: POOL });
      const text = `INSERT INTO "${schema}".events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ($1, 0, $2, $3, 1, $4, $5)`;
      return {
        append: async (s, [e]) =>
          void (await pool.query({
            name: 'e',
            text,
            values: [s, randomUUID(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
          })),
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'append-fn',
    what: "our append function called directly (the store's SQL), no NOTIFY, no client validation",
    async open(url, schema) {
      const store = await PostgresEventStore.create({ connectionString: url, schema, poolSize: 1 });
      await store.close();
      const pool = new Pool({ connectionString: url, max: POOL });
      const text = `SELECT next_revision::text, tx::text, pos::text, replayed FROM "${schema}".append($1, $2, $3::jsonb)`;
      return {
        append: async (s, events) =>
          void (await pool.query({ name: 'a', text, values: [s, 'any', payload(events)] })),
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'append-fn+notify',
    what: "append function + the store's coalesced pg_notify on the same pool",
    async open(url, schema) {
      const store = await PostgresEventStore.create({ connectionString: url, schema, poolSize: 1 });
      await store.close();
      const pool = new Pool({ connectionString: url, max: POOL });
      const notify = notifier(pool, `${schema}_appended`);
      const text = `SELECT next_revision::text, tx::text, pos::text, replayed FROM "${schema}".append($1, $2, $3::jsonb)`;
      return {
        append: async (s, events) => {
          await pool.query({ name: 'a', text, values: [s, 'any', payload(events)] });
          notify();
        },
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'store',
    what: 'PostgresEventStore.appendToStream (what the benchmark measures as ours)',
    async open(url, schema) {
      const store = await PostgresEventStore.create({ connectionString: url, schema, poolSize: POOL });
      return {
        append: async (s, events) =>
          void (await store.appendToStream(s, events, { expectedRevision: 'any' })),
        close: () => store.close(),
      };
    },
  },
];

function postgresCpuTicks(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (comm !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    } catch {
      // the process went away
    }
  }
  return ticks;
}

function machineCpu(): { busy: number; total: number } {
  const [line] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const v = line.split(/\s+/).slice(1).map(Number);
  const idle = v[3] + v[4];
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function walStats(c: Client) {
  const { rows } = await c.query(
    `SELECT pg_current_wal_lsn()::text AS lsn, wal_records::text AS records, wal_fpi::text AS fpi, wal_sync::text AS syncs,
            wal_write::text AS writes, pg_snapshot_xmax(pg_current_snapshot())::text AS next_xid FROM pg_stat_wal`,
  );
  return rows[0] as {
    lsn: string;
    records: string;
    fpi: string;
    syncs: string;
    writes: string;
    next_xid: string;
  };
}

async function main() {
  const server = await startServer(progress);
  const db = await createBenchDatabase(server.adminUrl);
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  const only = process.env.BENCH_DIAG_VARIANTS?.split(',');
  const hz = 100; // USER_HZ
  const rows: Record<string, unknown>[] = [];
  try {
    let n = 0;
    const selected = variants.filter((v) => !only || only.includes(v.name));
    const repeat = Math.round(readNumber('BENCH_DIAG_REPEAT', 1));
    for (const variant of Array.from({ length: repeat }, () => selected).flat()) {
      const schema = `d${++n}`;
      const appender = await variant.open(db.url, schema);
      await drive(WRITERS, batches('w', Math.max(WRITERS * 5, APPENDS / 10), 1), (s, e) =>
        appender.append(s, e),
      );
      await admin.query('CHECKPOINT');
      const plan = batches('m', APPENDS, 1);
      const lat = new Float64Array(APPENDS);
      const waits = new Map<string, number>();
      let samples = 0;
      let sampling = true;
      const sampler = (async () => {
        const c = new Client({ connectionString: db.url });
        await c.connect();
        while (sampling) {
          const { rows: act } = await c.query(
            `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w FROM pg_stat_activity
              WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
          );
          samples++;
          for (const r of act) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.end();
      })();
      const w0 = await walStats(admin);
      const pg0 = postgresCpuTicks();
      const m0 = machineCpu();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await drive(WRITERS, plan, async (s, e, i) => {
        const t = performance.now();
        await appender.append(s, e);
        lat[i] = performance.now() - t;
      });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pg1 = postgresCpuTicks();
      const m1 = machineCpu();
      sampling = false;
      await sampler;
      const w1 = await walStats(admin);
      await appender.close();
      const walBytes = Number(
        (await admin.query(`SELECT pg_wal_lsn_diff($1, $2)::bigint AS d`, [w1.lsn, w0.lsn])).rows[0].d,
      );
      const l = summarise(lat);
      const top = [...waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${(v / samples).toFixed(1)}`);
      const row = {
        variant: variant.name,
        events_per_s: Math.round(APPENDS / seconds),
        p50_ms: +l.p50.toFixed(2),
        p99_ms: +l.p99.toFixed(2),
        client_cpu_us_per_event: Math.round((cpu.user + cpu.system) / APPENDS),
        server_cpu_us_per_event: Math.round((((pg1 - pg0) / hz) * 1e6) / APPENDS),
        machine_busy: +((m1.busy - m0.busy) / (m1.total - m0.total)).toFixed(2),
        wal_bytes_per_event: Math.round(walBytes / APPENDS),
        wal_records_per_event: +((Number(w1.records) - Number(w0.records)) / APPENDS).toFixed(2),
        wal_syncs_per_1000_events: Math.round(((Number(w1.syncs) - Number(w0.syncs)) / APPENDS) * 1000),
        xids_per_event: +((Number(w1.next_xid) - Number(w0.next_xid)) / APPENDS).toFixed(2),
        active_backends_by_wait: top.join(', '),
      };
      rows.push(row);
      progress(`${variant.name} (${variant.what}): ${JSON.stringify(row)}`);
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  } finally {
    await admin.end();
    await db.drop();
    await server.stop();
  }
  process.stdout.write(`\nSingle-event appends, ${WRITERS} writers, ${APPENDS} appends, pool ${POOL}\n`);
  console.table(rows);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
