// `npm run bench:relay` — a baton hand-off as the receiving agency sees it: from sending
// POST /cases/:caseId/handoffs (대구테크노파크 → 대구창조경제혁신센터, nextPhase commercialisation) to the moment
// the receiver's inbox (GET /agencies/:ccei/inbox) first lists that proposalId, at a steady open-loop rate
// (default 100 hand-offs/s: each proposal is sent at its scheduled time, whether or not earlier ones were
// answered). Goal: p99 < 250 ms.
//
// Given (not measured): firms written into relay.firm_snapshots as the test harness does (the firm registry
// is not part of this measurement), and one case opened per proposal through POST /cases. The inbox is polled
// by a few pollers; as soon as a proposal is seen the receiver declines it (code at-capacity), so the open
// proposals in the inbox stay far below its 200-item cap (it is ordered by due time, so a new proposal would
// otherwise fall off its end) and nothing counts against the receiver's capacity (nothing is accepted).
//
// Ceiling, measured in the same run at the same rate: the raw-pg round trip of the same shape — INSERT one
// row into an inbox table, then SELECT the receiver's open rows by its key (ORDER BY due_at LIMIT 200) and
// find the row; then an UPDATE marks it declined (as the service's receiver does). Service and ceiling
// alternate in rounds. Prints a table on stdout (progress on stderr) and writes docs/benchmarks/relay.{json,md}.
//
// Environment: DATABASE_URL (else embedded PostgreSQL); BENCH_RATE (default 100/s); BENCH_ROUNDS (default
// 3) × BENCH_ROUND_S (default 10); BENCH_WARMUP_S (default 5); BENCH_POLLERS (default 1);
// BENCH_POLL_MS (default 10); BENCH_OUTPUT_DIR (default docs/benchmarks);
// BENCH_PROFILE=1 adds a diagnostic warm-up phase under the CPU profiler and prints its summary (stderr).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import {
  createBenchDatabase,
  finishEnvironment,
  goal,
  goalsText,
  percentile,
  progress,
  readEnvironment,
  readNumber,
  round,
  startServer,
  writeJson,
  type BenchDatabase,
  type BenchServer,
} from '@baton/testing/bench';
import { agencySeedId } from '../src/agencies/agency-seed';
import type { WindowResult } from '@baton/testing/bench';
import { fmt, metric, table, writeMarkdown, type Metric, type Report } from './report';
import { killChildren, REPO_ROOT, ServerChild } from '@baton/testing/bench';
import { cpuSnapshot, cpuUse, type CpuUse } from '@baton/testing/bench';

process.env.BENCH_T0 ??= String(Date.now());

const RATE = readNumber('BENCH_RATE', 100);
const ROUNDS = Math.round(readNumber('BENCH_ROUNDS', 3));
const ROUND_S = readNumber('BENCH_ROUND_S', 10);
const WARMUP_S = readNumber('BENCH_WARMUP_S', 5);
const POLLERS = Math.round(readNumber('BENCH_POLLERS', 1));
const POLL_MS = readNumber('BENCH_POLL_MS', 10);
const PROFILE = process.env.BENCH_PROFILE === '1';
const OUTPUT_DIR = path.resolve(process.env.BENCH_OUTPUT_DIR ?? path.join(REPO_ROOT, 'docs/benchmarks'));
const P99_GOAL_MS = 250;
/** After a phase's last proposal: how long a proposal may still take to show up before it counts as lost. */
const DRAIN_MS = 5000;
const STEAL_WARNING = 0.15;
const INBOX_CAP = 200;

const SENDER = agencySeedId('daegu-technopark');
const RECEIVER = agencySeedId('daegu-creative-economy-innovation-center');
const REGION = '27';
const staffOf = (agencyId: string) => ({
  'x-baton-user': `bench-${agencyId.slice(0, 8)}`,
  'x-baton-role': 'agency-staff',
  'x-baton-agency': agencyId,
});
const JSON_HEADERS = { 'content-type': 'application/json' };

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (v: number) => `${Math.round(v * 100)}%`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function versionOf(pkg: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

// --- given: firms and cases --------------------------------------------------------------------------------

interface OpenCase {
  readonly caseId: string;
  readonly firmId: string;
}

async function openCases(url: string, admin: Client, n: number): Promise<OpenCase[]> {
  const cases = Array.from({ length: n }, () => ({ caseId: randomUUID(), firmId: randomUUID() }));
  // As RelayHarness.knowFirm does: the relay already learned these firms from the firm registry.
  await admin.query(
    `INSERT INTO relay.firm_snapshots (firm_id, name, region_code, industry_id, status, updated_at)
     SELECT f, '벤치기업', $2, 'test-industry', 'active', now() FROM unnest($1::uuid[]) AS f`,
    [cases.map((c) => c.firmId), REGION],
  );
  const t0 = performance.now();
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const response = await fetch(`${url}/cases`, {
        method: 'POST',
        headers: { ...staffOf(SENDER), ...JSON_HEADERS },
        body: JSON.stringify({
          caseId: c.caseId,
          firmId: c.firmId,
          goals: ['시제품 개발'],
          phase: 'task-planning',
        }),
      });
      const text = await response.text();
      if (response.status !== 201) failures.push(`${response.status} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  if (failures.length) throw new Error(`${failures.length} cases not opened, e.g. ${failures[0]}`);
  progress(`opened ${n0(n)} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return cases;
}

function proposalBody(proposalId: string) {
  return {
    proposalId,
    toAgencyId: RECEIVER,
    reason: '사업화 단계로 인계',
    nextPhase: 'commercialisation',
    package: {
      summary: '요약',
      documents: [{ documentId: 'd1', title: '계획서', uri: 'https://docs.example/d1' }],
    },
    consent: {
      grantedBy: 'firm-contact',
      grantedAt: new Date().toISOString(),
      sharedWith: RECEIVER,
      items: ['d1'],
      includesSummary: true,
    },
  };
}

// --- one phase ---------------------------------------------------------------------------------------------

interface Sample {
  /** sent → visible to the receiver (ms); NaN if never. */
  visible: number;
  /** sent → the poll that first showed it was sent (ms): the lower bound of `visible`. */
  visible_lower: number;
  /** sent → the command's answer (ms). */
  ack: number;
  /** scheduled → sent (ms): how late the open-loop generator was. */
  late: number;
  /** sentAt (performance.now()), to censor a hand-off that never showed up. */
  sentAt: number;
  /** Never seen: `visible` is then the time until the bench stopped looking (a lower bound). */
  censored?: boolean;
}

interface PhaseRun {
  readonly target: 'service' | 'ceiling';
  readonly round: number | 'warmup';
  readonly scheduled: number;
  readonly sent_s: number;
  readonly achieved_per_s: number;
  readonly visible: number;
  readonly lost: number;
  readonly non_2xx: number;
  readonly errors: number;
  readonly decline_non_2xx: number;
  readonly max_inbox_items: number;
  readonly polls: number;
  readonly poll_ms_p50: number;
  readonly latency: { p50: number; p90: number; p99: number; max: number };
  readonly lower_bound: { p50: number; p99: number };
  readonly ack: { p50: number; p99: number };
  readonly late_ms_max: number;
  readonly cpu: CpuUse;
  readonly steal_share: number;
  readonly server: WindowResult | null;
  readonly samples: Sample[];
  readonly error_examples: string[];
}

function summarise(values: number[]) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return { p50: NaN, p90: NaN, p99: NaN, max: NaN };
  return {
    p50: round(percentile(s, 50), 2),
    p90: round(percentile(s, 90), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s[s.length - 1], 2),
  };
}

/**
 * Sends `count` hand-offs open-loop at RATE/s (each at its scheduled time) and waits until each is visible
 * to the receiver (or DRAIN_MS after the last one was sent). `send` starts one and resolves when the command
 * is answered; `visibleAt` is filled in by whoever watches the receiver's side.
 */
async function openLoop(
  count: number,
  start: (i: number, record: Sample, done: () => void) => void,
  pending: () => number,
): Promise<{ samples: Sample[]; sentS: number }> {
  const samples: Sample[] = [];
  const interval = 1000 / RATE;
  const t0 = performance.now() + 20;
  let outstanding = 0;
  for (let i = 0; i < count; i++) {
    const at = t0 + i * interval;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait - 0.5);
    while (performance.now() < at) {
      // spin for the last fraction of a millisecond
    }
    const record: Sample = {
      visible: NaN,
      visible_lower: NaN,
      ack: NaN,
      late: performance.now() - at,
      sentAt: performance.now(),
    };
    samples.push(record);
    outstanding++;
    start(i, record, () => outstanding--);
  }
  const sentS = (performance.now() - t0) / 1000;
  const deadline = performance.now() + DRAIN_MS;
  while ((outstanding > 0 || pending() > 0) && performance.now() < deadline) await sleep(5);
  const end = performance.now();
  for (const s of samples)
    if (!Number.isFinite(s.visible)) {
      s.visible = s.visible_lower = end - s.sentAt;
      s.censored = true;
    }
  return { samples, sentS };
}

function phaseRun(
  target: PhaseRun['target'],
  round_: PhaseRun['round'],
  samples: Sample[],
  sentS: number,
  counts: {
    non2xx: number;
    errors: number;
    declineNon2xx: number;
    maxInbox: number;
    polls: number;
    pollMs: number[];
    examples: string[];
  },
  cpu: CpuUse,
  server: WindowResult | null,
): PhaseRun {
  const visible = samples.filter((s) => !s.censored);
  const lat = summarise(samples.map((s) => s.visible));
  const lower = summarise(samples.map((s) => s.visible_lower));
  const ack = summarise(samples.map((s) => s.ack));
  const steal = cpu.cpu_s.steal / Math.max(cpu.wall_s * os.cpus().length, 1e-9);
  return {
    target,
    round: round_,
    scheduled: samples.length,
    sent_s: round(sentS, 2),
    achieved_per_s: round(samples.length / Math.max(sentS, 1e-9), 1),
    visible: visible.length,
    lost: samples.length - visible.length,
    non_2xx: counts.non2xx,
    errors: counts.errors,
    decline_non_2xx: counts.declineNon2xx,
    max_inbox_items: counts.maxInbox,
    polls: counts.polls,
    poll_ms_p50: summarise(counts.pollMs).p50,
    latency: lat,
    lower_bound: { p50: lower.p50, p99: lower.p99 },
    ack: { p50: ack.p50, p99: ack.p99 },
    late_ms_max: round(Math.max(0, ...samples.map((s) => s.late)), 2),
    cpu,
    steal_share: round(steal, 3),
    server,
    samples,
    error_examples: counts.examples.slice(0, 5),
  };
}

async function runService(
  service: ServerChild,
  cases: OpenCase[],
  from: number,
  count: number,
  round_: PhaseRun['round'],
): Promise<PhaseRun> {
  const watching = new Map<string, { record: Sample; sentAt: number; caseId: string }>();
  const counts = {
    non2xx: 0,
    errors: 0,
    declineNon2xx: 0,
    maxInbox: 0,
    polls: 0,
    pollMs: [] as number[],
    examples: [] as string[],
  };
  const declines: Promise<void>[] = [];
  const decline = (caseId: string, proposalId: string) =>
    fetch(`${service.url}/cases/${caseId}/handoffs/${proposalId}/decline`, {
      method: 'POST',
      headers: { ...staffOf(RECEIVER), ...JSON_HEADERS },
      body: JSON.stringify({ code: 'at-capacity' }),
    })
      .then(async (r) => {
        const text = await r.text();
        if (r.status < 200 || r.status > 299) {
          counts.declineNon2xx++;
          counts.examples.push(`decline ${r.status} ${text.slice(0, 200)}`);
        }
      })
      .catch((e: Error) => {
        counts.declineNon2xx++;
        counts.examples.push(`decline ${e.message}`);
      });

  let polling = true;
  const inboxUrl = `${service.url}/agencies/${RECEIVER}/inbox`;
  const poller = async (k: number) => {
    await sleep((k * POLL_MS) / POLLERS);
    while (polling) {
      const t0 = performance.now();
      try {
        const response = await fetch(inboxUrl, { headers: staffOf(RECEIVER) });
        const body = (await response.json()) as { items: { proposalId: string; caseId: string }[] };
        const t1 = performance.now();
        counts.polls++;
        counts.pollMs.push(t1 - t0);
        if (response.status !== 200) throw new Error(`inbox ${response.status}`);
        counts.maxInbox = Math.max(counts.maxInbox, body.items.length);
        for (const item of body.items) {
          const w = watching.get(item.proposalId);
          if (!w) continue;
          watching.delete(item.proposalId);
          w.record.visible = t1 - w.sentAt;
          w.record.visible_lower = Math.max(0, t0 - w.sentAt);
          declines.push(decline(w.caseId, item.proposalId));
        }
      } catch (e) {
        counts.errors++;
        counts.examples.push(`inbox poll: ${(e as Error).message}`);
      }
      const wait = t0 + POLL_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };
  const pollers = Array.from({ length: POLLERS }, (_, k) => poller(k));

  await service.windowStart();
  const cpu0 = cpuSnapshot();
  const { samples, sentS } = await openLoop(
    count,
    (i, record, done) => {
      const c = cases[from + i];
      const proposalId = randomUUID();
      const sentAt = performance.now();
      watching.set(proposalId, { record, sentAt, caseId: c.caseId });
      fetch(`${service.url}/cases/${c.caseId}/handoffs`, {
        method: 'POST',
        headers: { ...staffOf(SENDER), ...JSON_HEADERS },
        body: JSON.stringify(proposalBody(proposalId)),
      })
        .then(async (r) => {
          const text = await r.text();
          record.ack = performance.now() - sentAt;
          if (r.status < 200 || r.status > 299) {
            counts.non2xx++;
            counts.examples.push(`propose ${r.status} ${text.slice(0, 200)}`);
            watching.delete(proposalId);
          }
        })
        .catch((e: Error) => {
          counts.errors++;
          counts.examples.push(`propose ${e.message}`);
          watching.delete(proposalId);
        })
        .finally(done);
    },
    () => watching.size,
  );
  polling = false;
  await Promise.all(pollers);
  await Promise.all(declines);
  const cpu = cpuUse(cpu0, cpuSnapshot(), { server: service.pid, load_generator: process.pid });
  const server = await service.windowEnd();
  return phaseRun('service', round_, samples, sentS, counts, cpu, server);
}

const CEILING_DDL = `
  CREATE SCHEMA IF NOT EXISTS bench_ceiling;
  CREATE TABLE bench_ceiling.proposals (
    proposal_id uuid PRIMARY KEY, case_id uuid NOT NULL, firm_id uuid NOT NULL, from_agency uuid NOT NULL,
    to_agency uuid NOT NULL, reason text NOT NULL, next_phase text NOT NULL, status text NOT NULL,
    due_at timestamptz NOT NULL, expires_at timestamptz NOT NULL, proposed_at timestamptz NOT NULL,
    ended_at timestamptz, decline jsonb);
  CREATE INDEX ON bench_ceiling.proposals (to_agency, due_at, proposal_id) WHERE status IN ('pending', 'escalated');`;

async function runCeiling(pool: Pool, count: number, round_: PhaseRun['round']): Promise<PhaseRun> {
  const counts = {
    non2xx: 0,
    errors: 0,
    declineNon2xx: 0,
    maxInbox: 0,
    polls: 0,
    pollMs: [] as number[],
    examples: [] as string[],
  };
  const declines: Promise<unknown>[] = [];
  const cpu0 = cpuSnapshot();
  const { samples, sentS } = await openLoop(
    count,
    (_i, record, done) => {
      const proposalId = randomUUID();
      const sentAt = performance.now();
      (async () => {
        await pool.query(
          `INSERT INTO bench_ceiling.proposals (proposal_id, case_id, firm_id, from_agency, to_agency, reason,
             next_phase, status, due_at, expires_at, proposed_at)
           VALUES ($1, $2, $3, $4, $5, '사업화 단계로 인계', 'commercialisation', 'pending',
             now() + interval '7 days', now() + interval '21 days', now())`,
          [proposalId, randomUUID(), randomUUID(), SENDER, RECEIVER],
        );
        record.ack = performance.now() - sentAt;
        const t0 = performance.now();
        const { rows } = await pool.query<{ proposalId: string }>(
          `SELECT proposal_id AS "proposalId", case_id AS "caseId", firm_id AS "firmId", from_agency AS "from",
             to_agency AS "to", reason, next_phase AS "nextPhase", status, due_at AS "dueAt",
             expires_at AS "expiresAt", proposed_at AS "proposedAt", ended_at AS "endedAt", decline
           FROM bench_ceiling.proposals WHERE to_agency = $1 AND status IN ('pending', 'escalated')
           ORDER BY due_at, proposal_id LIMIT 200`,
          [RECEIVER],
        );
        const t1 = performance.now();
        counts.maxInbox = Math.max(counts.maxInbox, rows.length);
        if (!rows.some((r) => r.proposalId === proposalId)) throw new Error('inserted row not selected back');
        record.visible = t1 - sentAt;
        record.visible_lower = t0 - sentAt;
        declines.push(
          pool.query(
            `UPDATE bench_ceiling.proposals SET status = 'declined', ended_at = now(), decline = '{"code":"at-capacity"}'
             WHERE proposal_id = $1`,
            [proposalId],
          ),
        );
      })()
        .catch((e: Error) => {
          counts.errors++;
          counts.examples.push(e.message);
        })
        .finally(done);
    },
    () => 0,
  );
  await Promise.all(declines);
  const cpu = cpuUse(cpu0, cpuSnapshot(), { load_generator: process.pid });
  return phaseRun('ceiling', round_, samples, sentS, counts, cpu, null);
}

// --- report ------------------------------------------------------------------------------------------------------

function pooled(runs: PhaseRun[]) {
  const samples = runs.flatMap((r) => r.samples);
  const sent = runs.reduce((a, r) => a + r.sent_s, 0);
  const steal = runs.reduce((a, r) => a + r.steal_share * r.cpu.wall_s, 0);
  const wall = runs.reduce((a, r) => a + r.cpu.wall_s, 0);
  return {
    n: samples.length,
    rate: samples.length / Math.max(sent, 1e-9),
    latency: summarise(samples.map((s) => s.visible)),
    lower: summarise(samples.map((s) => s.visible_lower)),
    ack: summarise(samples.map((s) => s.ack)),
    lost: runs.reduce((a, r) => a + r.lost, 0),
    non2xx: runs.reduce((a, r) => a + r.non_2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    declineNon2xx: runs.reduce((a, r) => a + r.decline_non_2xx, 0),
    maxInbox: Math.max(...runs.map((r) => r.max_inbox_items)),
    lateMax: Math.max(...runs.map((r) => r.late_ms_max)),
    steal: steal / Math.max(wall, 1e-9),
  };
}

function roundLine(r: PhaseRun): string {
  const perHandoff = (s: number | undefined) =>
    s === undefined ? '—' : fmt((s * 1000) / Math.max(r.scheduled, 1), 'ms');
  return `| ${r.target} | ${r.round} | ${n0(r.scheduled)} | ${r.achieved_per_s} | ${fmt(r.latency.p50, 'ms')} | ${fmt(r.latency.p90, 'ms')} | ${fmt(r.latency.p99, 'ms')} | ${fmt(r.latency.max, 'ms')} | ${fmt(r.ack.p99, 'ms')} | ${r.lost} | ${r.non_2xx + r.errors} | ${r.max_inbox_items} | ${perHandoff(r.cpu.cpu_s.server)} | ${perHandoff(r.cpu.cpu_s.postgres)} | ${perHandoff(r.cpu.cpu_s.load_generator)} | ${pct(r.cpu.machine_busy)} | ${pct(r.steal_share)} |`;
}

// --- main ----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  const perRound = Math.round(RATE * ROUND_S);
  const warmup = Math.round(RATE * WARMUP_S);
  const needed = (PROFILE ? 2 : 1) * warmup + ROUNDS * perRound;
  progress(
    `relay bench: ${RATE} hand-offs/s open-loop, ${ROUNDS} rounds × ${ROUND_S} s after ${WARMUP_S} s warm-up, service and raw-pg ceiling interleaved; ${POLLERS} inbox pollers every ${POLL_MS} ms`,
  );
  let server: BenchServer | undefined;
  let db: BenchDatabase | undefined;
  let admin: Client | undefined;
  let pool: Pool | undefined;
  let service: ServerChild | undefined;
  const cleanup = async () => {
    await service?.stop().catch(() => undefined);
    killChildren();
    await pool?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    if (db) {
      await db.drop().catch((e) => progress(`could not drop ${db!.name}: ${(e as Error).message}`));
      progress(`database ${db.name} dropped`);
    }
    await server?.stop().catch(() => undefined);
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: cleaning up');
    killChildren();
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startServer(progress);
    db = await createBenchDatabase(server.adminUrl);
    progress(`database ${db.name} created`);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    const environment = await readEnvironment({
      script: 'bench:relay',
      server,
      db,
      admin,
      settings: [
        'fsync',
        'synchronous_commit',
        'wal_sync_method',
        'full_page_writes',
        'shared_buffers',
        'max_connections',
      ],
      commandEnv: [
        RATE !== 100 ? `BENCH_RATE=${RATE}` : '',
        ROUNDS !== 3 ? `BENCH_ROUNDS=${ROUNDS}` : '',
        ROUND_S !== 10 ? `BENCH_ROUND_S=${ROUND_S}` : '',
        WARMUP_S !== 5 ? `BENCH_WARMUP_S=${WARMUP_S}` : '',
        POLLERS !== 1 ? `BENCH_POLLERS=${POLLERS}` : '',
        POLL_MS !== 10 ? `BENCH_POLL_MS=${POLL_MS}` : '',
      ],
      services: {
        nestjs: versionOf('@nestjs/core'),
        fastify: versionOf('fastify'),
        typeorm: versionOf('typeorm'),
        pg: versionOf('pg'),
      },
      run: {
        rate_per_s: RATE,
        rounds: ROUNDS,
        round_s: ROUND_S,
        warmup_s: WARMUP_S,
        pollers: POLLERS,
        poll_interval_ms: POLL_MS,
        cases_opened: needed,
        sender: `${SENDER} (daegu-technopark)`,
        receiver: `${RECEIVER} (daegu-creative-economy-innovation-center)`,
      },
    });

    progress('starting the relay (child process) ...');
    service = await ServerChild.start('relay', path.join(__dirname, 'service.child.ts'), {
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    progress(`relay listening on ${service.url} (pid ${service.pid})`);
    const cases = await openCases(service.url, admin, needed);
    // The case board projection runs behind the commands: measure only once it has every case.
    const w0 = performance.now();
    for (;;) {
      const { rows } = await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM relay.cases');
      if (Number(rows[0].n) >= needed) break;
      if (performance.now() - w0 > 120_000) throw new Error(`case board at ${rows[0].n} of ${needed} cases`);
      await sleep(200);
    }
    progress(
      `case board caught up ${((performance.now() - w0) / 1000).toFixed(1)} s after the last POST /cases`,
    );
    await sleep(1000);

    await admin.query(CEILING_DDL);
    pool = new Pool({ connectionString: db.url, max: 4 });

    const runs: PhaseRun[] = [];
    let next = 0;
    if (PROFILE) {
      // Diagnostic only (BENCH_PROFILE=1): a short phase under the CPU profiler, printed, not reported.
      await service.profileStart();
      await runService(service, cases, next, warmup, 'warmup');
      next += warmup;
      const profile = await service.profileStop();
      process.stderr.write(`${JSON.stringify(profile, null, 1)}\n`);
    }
    progress(`warm-up: ${WARMUP_S} s of each`);
    runs.push(await runService(service, cases, next, warmup, 'warmup'));
    next += warmup;
    runs.push(await runCeiling(pool, Math.round(warmup / 2), 'warmup'));
    for (let r = 1; r <= ROUNDS; r++) {
      const order = r % 2 ? (['service', 'ceiling'] as const) : (['ceiling', 'service'] as const);
      for (const target of order) {
        const run =
          target === 'service'
            ? await runService(service, cases, next, perRound, r)
            : await runCeiling(pool, perRound, r);
        if (target === 'service') next += perRound;
        runs.push(run);
        progress(
          `round ${r} ${target}: ${run.achieved_per_s}/s, visible p50 ${fmt(run.latency.p50, 'ms')} p99 ${fmt(run.latency.p99, 'ms')} max ${fmt(run.latency.max, 'ms')} ms; lost ${run.lost}, non-2xx ${run.non_2xx}, errors ${run.errors}, max inbox ${run.max_inbox_items}, steal ${pct(run.steal_share)}`,
        );
      }
    }
    const errorLines = service.errorLines;
    const warnLines = service.warnLines;
    await service.stop();
    service = undefined;

    const measured = runs.filter((r) => r.round !== 'warmup');
    const ours = pooled(measured.filter((r) => r.target === 'service'));
    const ceil = pooled(measured.filter((r) => r.target === 'ceiling'));
    const allService = runs.filter((r) => r.target === 'service');
    const problems: string[] = [];
    const failures = allService.reduce((a, r) => a + r.non_2xx + r.errors, 0);
    if (failures)
      problems.push(`${failures} non-2xx answers or errors (proposals and inbox polls, warm-up included)`);
    const lost = allService.reduce((a, r) => a + r.lost, 0);
    if (lost)
      problems.push(`${lost} proposals never showed up in the inbox within ${DRAIN_MS} ms of the last send`);
    const declineFailures = allService.reduce((a, r) => a + r.decline_non_2xx, 0);
    if (declineFailures) problems.push(`${declineFailures} declines failed`);
    const maxInbox = Math.max(...allService.map((r) => r.max_inbox_items));
    if (maxInbox >= INBOX_CAP) problems.push(`the inbox reached its ${INBOX_CAP}-item cap`);
    if (ceil.errors || ceil.lost)
      problems.push(`ceiling: ${ceil.errors} errors, ${ceil.lost} rows not selected back`);
    if (errorLines) problems.push(`the relay logged ${errorLines} error line(s)`);
    const checks = { ok: problems.length === 0, problems, relay_warn_lines: warnLines };

    const stolen = measured
      .filter((r) => r.steal_share > STEAL_WARNING)
      .map((r) => ({ phase: `${r.target} round ${r.round}`, share: r.steal_share }));

    const m = (
      name: string,
      unit: 'ms' | 'handoffs/s',
      description: string,
      o: number,
      c: number | null,
      sample: number,
    ) => metric(name, unit, description, { ours: o, ceiling: c, peer: null }, { sample });
    const metrics: Metric[] = [
      m(
        'handoff_visible_p50',
        'ms',
        'POST /cases/:caseId/handoffs sent → the proposal first listed by GET /agencies/:receiver/inbox (ceiling: INSERT sent → SELECT by the receiver returned the row)',
        ours.latency.p50,
        ceil.latency.p50,
        ours.n,
      ),
      m('handoff_visible_p90', 'ms', 'as above, 90th percentile', ours.latency.p90, ceil.latency.p90, ours.n),
      m(
        'handoff_visible_p99',
        'ms',
        'as above, 99th percentile (goal < 250 ms)',
        ours.latency.p99,
        ceil.latency.p99,
        ours.n,
      ),
      m('handoff_visible_max', 'ms', 'as above, slowest', ours.latency.max, ceil.latency.max, ours.n),
      m(
        'handoff_visible_lower_bound_p99',
        'ms',
        'sent → the start of the poll that first showed it (the poll time excluded; the ceiling: sent → SELECT started)',
        ours.lower.p99,
        ceil.lower.p99,
        ours.n,
      ),
      m(
        'propose_ack_p50',
        'ms',
        'POST /cases/:caseId/handoffs sent → 201 received (ceiling: INSERT acknowledged)',
        ours.ack.p50,
        ceil.ack.p50,
        ours.n,
      ),
      m('propose_ack_p99', 'ms', 'as above, 99th percentile', ours.ack.p99, ceil.ack.p99, ours.n),
      m(
        'achieved_rate',
        'handoffs/s',
        `proposals sent ÷ sending time (target ${RATE}/s, open loop)`,
        ours.rate,
        ceil.rate,
        ours.n,
      ),
    ];
    const goals = [
      goal(
        `hand-off visible in the receiver's inbox p99 < ${P99_GOAL_MS} ms at a steady ${RATE}/s`,
        'handoff_visible_p99',
        ours.latency.p99,
        '<',
        P99_GOAL_MS,
        (met) =>
          `p99 ${fmt(ours.latency.p99, 'ms')} ms over ${n0(ours.n)} hand-offs at ${round(ours.rate, 1)}/s (p50 ${fmt(ours.latency.p50, 'ms')} ms, max ${fmt(ours.latency.max, 'ms')} ms; raw-pg ceiling p99 ${fmt(ceil.latency.p99, 'ms')} ms)${met ? '' : ` — ${fmt(ours.latency.p99 - P99_GOAL_MS, 'ms')} ms over`}${checks.ok ? '' : '; CHECKS FAILED'}`,
      ),
    ];
    const breakdown = [
      "Each row one phase; latency percentiles in ms (nearest rank). CPU per hand-off in ms (the relay process, every PostgreSQL process, the bench process with its pollers and the ceiling's pg pool); machine busy and steal as shares of all cores.",
      '',
      '| target | round | hand-offs | sent/s | p50 | p90 | p99 | max | ack p99 | lost | non-2xx + errors | max inbox items | relay CPU | PostgreSQL CPU | bench CPU | machine busy | steal |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(roundLine),
      '',
      `Inbox polls per service phase: ${runs
        .filter((r) => r.target === 'service')
        .map((r) => `${n0(r.polls)} (p50 ${fmt(r.poll_ms_p50, 'ms')} ms each)`)
        .join(', ')}. Relay event-loop utilisation per service phase: ${runs
        .filter((r) => r.server)
        .map((r) => r.server!.elu)
        .join(', ')}; SQL statements per hand-off: ${runs
        .filter((r) => r.server)
        .map((r) => round(r.server!.queries.total / Math.max(r.scheduled, 1), 1))
        .join(', ')} (proposal, inbox polls and decline together).`,
    ];
    const notes = [
      `Processes: PostgreSQL; the relay in a child process of its own — startRelay (main.ts) with DATABASE_URL to a fresh database, PORT 0, LOG_LEVEL=warn and otherwise RelayConfig's defaults, run with \`node -r libs/platform/runtime/register.js\` as \`npm run start:relay\` does; its SQL statements counted (a Map increment per query). The load, the inbox pollers and the ceiling come from the bench process (Node fetch / pg Pool of 4).`,
      `Given (not measured): ${n0(needed)} firms inserted into relay.firm_snapshots as RelayHarness.knowFirm does (the firm registry is not part of this measurement), then ${n0(needed)} cases opened by 대구테크노파크 (POST /cases, phase task-planning, region 27) — one case per proposal — and the case board projection waited for until it held every case.`,
      `Load: proposals 대구테크노파크 → 대구창조경제혁신센터 (nextPhase commercialisation, one document and covering consent), open loop at ${RATE}/s: proposal i is sent at t0 + i/${RATE} s whether or not earlier ones were answered (the generator was at most ${fmt(Math.max(ours.lateMax, ceil.lateMax), 'ms')} ms late). ${WARMUP_S} s warm-up (discarded), then ${ROUNDS} rounds of ${ROUND_S} s, service and ceiling alternating (who goes first alternates by round). Percentiles are nearest-rank over all measured hand-offs pooled (${n0(ours.n)} for the service).`,
      `Visibility: ${POLLERS} pollers each GET /agencies/<receiver>/inbox (as 대구창조경제혁신센터 staff) every ${POLL_MS} ms (staggered, so the inbox is read about every ${fmt(POLL_MS / POLLERS, 'ms')} ms). A hand-off that never showed up (lost) counts with the time until the bench stopped looking (${DRAIN_MS} ms after the phase's last send), a lower bound, so lost hand-offs raise the percentiles rather than drop out of them. A hand-off's latency runs from just before its POST is sent to when the first inbox answer listing its proposalId was received — so it includes up to one poll interval of sampling delay and one inbox request; the lower bound (sent → start of that poll) is reported too.`,
      `Inbox cap: the inbox lists at most ${INBOX_CAP} open proposals, earliest due first, so an inbox with more open proposals would hide new ones. The receiver declines each proposal (POST …/decline, code at-capacity) as soon as it has seen it; the open proposals in the inbox stayed at most ${maxInbox}. The declines are extra commands at the same rate (about ${RATE}/s), part of the load the relay handled while measured. Nothing is accepted, so the receiver's capacity is never used.`,
      "Ceiling: the raw-pg round trip of the same shape, in the same run at the same rate, through a pg Pool of 4 from the bench process: INSERT a row of the proposals shape into a table with the inbox's partial index, then SELECT the receiver's open rows by its key (the inbox query: ORDER BY due_at, proposal_id LIMIT 200) and find the row; then an UPDATE marks it declined (not timed, as the decline is not). No HTTP, no event store, no projection, no polling: what two PostgreSQL round trips cost here.",
      `Shared machine: "steal" is CPU time the hypervisor gave to other guests while this VM wanted to run. ${stolen.length ? `Phases that lost more than ${pct(STEAL_WARNING)} of the machine to steal: ${stolen.map((s) => `${s.phase} ${pct(s.share)}`).join(', ')}.` : `No measured phase lost more than ${pct(STEAL_WARNING)} of the machine to steal (${pct(ours.steal)} in the service phases, ${pct(ceil.steal)} in the ceiling's).`}`,
      'Durability: nothing relaxed for the benchmark (environment.server).',
      checks.ok
        ? `Checks: every proposal answered 2xx and every inbox poll 200 (no non-2xx, no errors), every proposal showed up in the inbox, every decline succeeded, the inbox never neared its cap, the ceiling selected back every row, and the relay logged no error (${warnLines} warning line(s)).`
        : `CHECKS FAILED: ${problems.join(' | ')}`,
    ];
    finishEnvironment(environment, t0);
    const report: Report = {
      environment,
      metrics,
      goals,
      notes,
      runs: {
        phases: runs.map(({ samples: _samples, ...r }) => r),
        pooled: { service: ours, ceiling: ceil },
        steal_over_threshold: stolen,
        checks,
        breakdown,
      },
    };

    const out = process.stdout;
    out.write(`\nRelay hand-off benchmark — ${environment.command}\n`);
    out.write(
      `PostgreSQL ${environment.server.version} (${environment.database_mode}), fsync=${environment.server.fsync}, synchronous_commit=${environment.server.synchronous_commit}; Node ${environment.node}, ${environment.cpus} cores\n\n`,
    );
    out.write(`${table(metrics)}\n\n`);
    out.write(`Goals:\n${goalsText(goals)}`);
    if (!checks.ok) out.write(`\nCHECKS FAILED: ${problems.join(' | ')}\n`);
    writeJson(path.join(OUTPUT_DIR, 'relay.json'), report);
    await writeMarkdown(path.join(OUTPUT_DIR, 'relay.md'), report, breakdown);
    out.write(
      `\nWrote ${path.join(OUTPUT_DIR, 'relay.json')} and relay.md (total ${environment.total_runtime_s} s)\n`,
    );
    if (!checks.ok) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  killChildren();
  process.exitCode = 1;
});
