// Diagnostics (not part of `npm run bench:eventstore`): where the server's time goes in one single-event
// append. Builds copies of our append function with parts removed, drives each with pgbench (a C client,
// so the Node client's CPU is out of the picture) at 16 connections, and reports transactions/s and the
// server's CPU per append (all postgres processes, from /proc — the server must run on this machine).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx libs/eventstore/bench/diagnose-append-sql.ts
//
// Needs `pgbench` on PATH (or PGBENCH=/path/to/pgbench). BENCH_DIAG_SECONDS (default 8), BENCH_DIAG_REPEAT
// (default 2, interleaved), BENCH_DIAG_WRITERS (default 16).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrations } from '../src/postgres/schema';
import { createBenchDatabase, median, progress, readNumber, startServer } from '@baton/testing/bench';

const SECONDS = Math.round(readNumber('BENCH_DIAG_SECONDS', 8));
const REPEAT = Math.round(readNumber('BENCH_DIAG_REPEAT', 2));
const CLIENTS = Math.round(readNumber('BENCH_DIAG_WRITERS', 16));
const PGBENCH = process.env.PGBENCH ?? 'pgbench';

const DATA = JSON.stringify({
  caseId: 'case-1',
  firmId: 'firm-1',
  region: 'north-east',
  amount: 12,
  note: 'Follow-up call scheduled with the firm owner about the bridging support application.',
});
const META = JSON.stringify({
  correlationId: '5e0a5a4b-1f8a-4c55-9b0f-5bb2c1f0e0a1',
  occurredAt: '2025-03-14T09:26:53.589Z',
  actor: { userId: 'user-42', role: 'case-worker', agencyId: 'agency-7' },
});
const PAYLOAD = `jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'type', 'CaseOpened', 'v', 1, 'data', '${DATA}'::jsonb, 'meta', '${META}'::jsonb))`;
const STREAM = `'case-' || gen_random_uuid()`;

/** Our append function with the idempotency lookup and/or the streams-table work cut out. */
function variantFunction(schema: string, cut: { idempotency?: boolean; streams?: boolean }): string {
  let fn = migrations(schema)[1];
  const checkStart = fn.indexOf('      -- A re-append of the same event ids');
  const expectedCheck = fn.indexOf('      IF (p_expected = ');
  if (cut.idempotency) fn = fn.slice(0, checkStart) + fn.slice(expectedCheck);
  if (cut.streams) {
    const lock = fn.indexOf('      SELECT revision, deleted INTO v_current');
    const insert = fn.indexOf('      RETURN QUERY\n        WITH inserted AS');
    fn = `${fn.slice(0, lock)}      v_current := -1;\n${fn.slice(insert)}`;
  }
  return fn;
}

const variants = [
  {
    name: 'plain-insert',
    what: "INSERT into the ceiling's plain table (bigserial PK only)",
    script: `INSERT INTO v_plain.plain (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (${STREAM}, 0, gen_random_uuid(), 'CaseOpened', 1, '${DATA}'::jsonb, '${META}'::jsonb);`,
  },
  {
    name: 'events-insert',
    what: 'INSERT into our events table (xid8 + identity PK, 3 secondary indexes)',
    script: `INSERT INTO v_events.events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (${STREAM}, 0, gen_random_uuid(), 'CaseOpened', 1, '${DATA}'::jsonb, '${META}'::jsonb);`,
  },
  {
    name: 'recordset-insert',
    what: '+ rows from the jsonb payload via jsonb_to_recordset (plain SQL, no function)',
    script: `INSERT INTO v_recordset.events (stream_id, revision, event_id, type, schema_version, data, metadata) SELECT ${STREAM}, x.ord - 1, x.id, x.type, x.v, x.data, x.meta FROM ROWS FROM (jsonb_to_recordset(${PAYLOAD}) AS (id uuid, type text, v integer, data jsonb, meta jsonb)) WITH ORDINALITY AS x(id, type, v, data, meta, ord);`,
  },
  {
    name: 'fn-insert-only',
    what: '+ inside the plpgsql function (RETURN QUERY, pg_current_xact_id), no streams row, no idempotency lookup',
    script: `SELECT * FROM v_fn_insert.append(${STREAM}, 'any', ${PAYLOAD});`,
  },
  {
    name: 'fn-no-idempotency',
    what: '+ the streams row (SELECT ... FOR UPDATE, INSERT ... ON CONFLICT DO NOTHING)',
    script: `SELECT * FROM v_fn_streams.append(${STREAM}, 'any', ${PAYLOAD});`,
  },
  {
    name: 'fn-full',
    what: '+ the idempotency lookup by event id = our append function as shipped',
    script: `SELECT * FROM v_full.append(${STREAM}, 'any', ${PAYLOAD});`,
  },
];

function postgresCpuTicks(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const f = stat.slice(close + 2).split(' ');
      // utime, stime, and cutime, cstime (backends that exited were reaped by the postmaster)
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // gone
    }
  }
  return ticks;
}

async function main() {
  const server = await startServer(progress);
  const db = await createBenchDatabase(server.adminUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-diag-'));
  const c = new Client({ connectionString: db.url });
  await c.connect();
  const results: Record<string, { tps: number[]; cpu: number[] }> = {};
  try {
    for (const [schema, cut] of [
      ['v_events', {}],
      ['v_recordset', {}],
      ['v_fn_insert', { idempotency: true, streams: true }],
      ['v_fn_streams', { idempotency: true }],
      ['v_full', {}],
    ] as const) {
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.query(migrations(schema)[0]);
      await c.query(variantFunction(schema, cut));
    }
    await c.query(`CREATE SCHEMA v_plain; CREATE TABLE v_plain.plain (id bigserial PRIMARY KEY, stream_id text NOT NULL,
      revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL, schema_version integer NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
    const u = new URL(db.url);
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
    for (let r = 0; r < REPEAT; r++) {
      for (const v of variants) {
        const file = path.join(dir, `${v.name}.sql`);
        fs.writeFileSync(file, `${v.script}\n`);
        await c.query('CHECKPOINT');
        const before = postgresCpuTicks();
        const out = execFileSync(
          PGBENCH,
          [
            '-h',
            u.hostname,
            '-p',
            u.port || '5432',
            '-U',
            decodeURIComponent(u.username),
            '-n',
            '-M',
            'prepared',
            '-c',
            String(CLIENTS),
            '-j',
            '2',
            '-T',
            String(SECONDS),
            '-f',
            file,
            db.name,
          ],
          { env, encoding: 'utf8' },
        );
        await new Promise((res) => setTimeout(res, 500)); // let the postmaster reap the backends
        const ticks = postgresCpuTicks() - before;
        const tx = Number(/actually processed: (\d+)/.exec(out)?.[1]);
        const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
        const usPerTx = ((ticks / 100) * 1e6) / tx; // USER_HZ = 100
        (results[v.name] ??= { tps: [], cpu: [] }).tps.push(Math.round(tps));
        results[v.name].cpu.push(Math.round(usPerTx));
        progress(
          `round ${r + 1} ${v.name}: ${Math.round(tps)} tx/s, server CPU ${Math.round(usPerTx)} µs/append`,
        );
      }
    }
  } finally {
    await c.end();
    await db.drop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\nServer-side cost of one single-event append, pgbench ${CLIENTS} clients, ${SECONDS} s × ${REPEAT}\n`,
  );
  console.table(
    variants.map((v) => ({
      variant: v.name,
      adds: v.what,
      'server CPU µs/append (median)': median(results[v.name].cpu),
      'server CPU µs/append (runs)': results[v.name].cpu.join(' / '),
      'tx/s (runs)': results[v.name].tps.join(' / '),
    })),
  );
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
