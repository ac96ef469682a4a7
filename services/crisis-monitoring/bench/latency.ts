// The latency part: an indicator report published on the bus as the firm registry would, until the warning
// it raises reaches a ministry dashboard over GET /warnings/live — and the raw-pg ceiling of the same shape,
// INSERT a row → a LISTEN connection is notified of it.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { firmRegisteredV1, TOPICS } from '@baton/contracts';
import { EmbeddedBusProducer, toBusMessage, type BusMessage } from '@baton/messaging';
import { REGION_CODES, type RegionCode } from '@baton/reference-data';
import {
  cpuSnapshot,
  latencySummary,
  openEventStream,
  openLoop,
  progress,
  round,
  type CpuUse,
  type EventStream,
  type LatencySummary,
  type LoopSample,
  type ServerChild,
  type WindowResult,
} from '@baton/testing/bench';
import { Client, Pool } from 'pg';
import { cpuSince } from './cpu';

const REGIONS: readonly RegionCode[] = REGION_CODES.filter((r) => r !== '50');
/** Sales of the prior year and of the reported year: a 60% drop, the `alert` level of sales-drop-yoy. */
const PRIOR_SALES = 1_000_000_000;
const DROPPED_SALES = 400_000_000;
export const PRIOR_PERIOD = '2025';
export const REPORTED_PERIOD = '2026';
export const MINISTRY = { 'x-baton-user': 'bench-ministry', 'x-baton-role': 'ministry' };
const RAISED = 'crisis-monitoring.warning-raised.v1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function firmEvent(
  type: string,
  data: { firmId: string } & Record<string, unknown>,
  time: string,
): BusMessage {
  return toBusMessage(TOPICS.firmRegistry.name, {
    id: randomUUID(),
    source: '/baton/firm-registry',
    type,
    specversion: '1.0',
    subject: data.firmId,
    time,
    datacontenttype: 'application/json',
    data,
  });
}

/** The report that raises the warning: this year's sales 60% below last year's. */
export function dropReport(firmId: string): BusMessage {
  const reportedAt = new Date().toISOString();
  return firmEvent(
    'firm-registry.indicators-reported.v1',
    { firmId, period: REPORTED_PERIOD, sales: DROPPED_SALES, reportedAt },
    reportedAt,
  );
}

// --- given: the firms -----------------------------------------------------------------------------------

export interface Given {
  readonly firms: number;
  readonly facts: number;
  readonly publish_s: number;
  /** From the first send until the service had recorded every fact. */
  readonly ingest_s: number;
  readonly ingest_facts_per_s: number;
}

/**
 * Registers `n` firms as the registry would (firm-registered.v1, then the prior year's indicators-reported.v1,
 * the pair in one partition by firm id), in sends of 500 messages, and waits until the service recorded every
 * fact (crisis_monitoring.firm_facts). Nothing in these raises a warning (one year of sales only).
 */
export async function registerFirms(
  producer: EmbeddedBusProducer,
  admin: Client,
  n: number,
): Promise<{ firmIds: string[]; given: Given }> {
  const firmIds = Array.from({ length: n }, () => randomUUID());
  const t0 = performance.now();
  const priorAt = new Date(Date.now() - 86_400_000).toISOString();
  const messages = firmIds.flatMap((firmId, k) => [
    firmEvent(
      'firm-registry.firm-registered.v1',
      {
        ...firmRegisteredV1.example,
        firmId,
        businessRegistrationNumber: String(1_000_000_000 + k),
        name: `벤치기업 ${k}`,
        regionCode: REGIONS[k % REGIONS.length],
        industryId: 'bench-industry',
        registeredAt: '2024-01-10T00:00:00+09:00',
      },
      '2024-01-10T00:00:00+09:00',
    ),
    firmEvent(
      'firm-registry.indicators-reported.v1',
      { firmId, period: PRIOR_PERIOD, sales: PRIOR_SALES, reportedAt: priorAt },
      priorAt,
    ),
  ]);
  for (let i = 0; i < messages.length; i += 500) await producer.send(messages.slice(i, i + 500));
  const publishS = (performance.now() - t0) / 1000;
  progress(
    `published ${messages.length.toLocaleString('en-US')} firm-registry events in ${publishS.toFixed(1)} s; waiting for the service to record them`,
  );
  let last = 0;
  let lastLog = performance.now();
  for (;;) {
    const { rows } = await admin.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM crisis_monitoring.firm_facts',
    );
    const facts = Number(rows[0].n);
    if (facts >= messages.length) break;
    if (performance.now() - lastLog > 5000) {
      progress(
        `  recorded ${facts.toLocaleString('en-US')} of ${messages.length.toLocaleString('en-US')} facts`,
      );
      lastLog = performance.now();
      if (facts === last) throw new Error(`the service recorded no fact for 5 s (at ${facts})`);
      last = facts;
    }
    await sleep(100);
  }
  const ingestS = (performance.now() - t0) / 1000;
  progress(
    `the service recorded ${messages.length.toLocaleString('en-US')} facts ${ingestS.toFixed(1)} s after the first send`,
  );
  return {
    firmIds,
    given: {
      firms: n,
      facts: messages.length,
      publish_s: round(publishS, 2),
      ingest_s: round(ingestS, 2),
      ingest_facts_per_s: Math.round(messages.length / ingestS),
    },
  };
}

// --- the ministry's dashboard ------------------------------------------------------------------------------

/** The one SSE connection the service phases are observed on, and what arrived on it. */
export class Dashboard {
  private stream: EventStream | undefined;
  /** Firm id → the sample awaiting its warning. */
  readonly awaiting = new Map<string, LoopSample>();
  raised = 0;
  /** warning-raised events for a firm already seen (a warning raised twice). */
  duplicates = 0;
  /** warning-raised events that came after their sample was censored (counted lost). */
  late = 0;
  other = 0;
  ended: string | undefined;
  private readonly seen = new Set<string>();

  async open(url: string): Promise<void> {
    this.stream = await openEventStream(
      `${url}/warnings/live`,
      MINISTRY,
      (event, at) => {
        if (event.event !== RAISED) {
          this.other++;
          return;
        }
        const firmId = (JSON.parse(event.data) as { data: { firmId: string } }).data.firmId;
        this.raised++;
        if (this.seen.has(firmId)) this.duplicates++;
        this.seen.add(firmId);
        const sample = this.awaiting.get(firmId);
        if (!sample) return;
        this.awaiting.delete(firmId);
        if (sample.censored) this.late++;
        else sample.latency = at - sample.sentAt;
      },
      (error) => {
        this.ended = error ? error.message : 'the stream ended';
        progress(`SSE stream ended: ${this.ended}`);
      },
    );
  }

  close(): Promise<void> {
    return this.stream?.close() ?? Promise.resolve();
  }
}

// --- one phase ---------------------------------------------------------------------------------------------

export interface PhaseRun {
  readonly target: 'service' | 'ceiling';
  readonly round: number | 'warmup' | 'profile';
  readonly scheduled: number;
  readonly sent_s: number;
  readonly achieved_per_s: number;
  readonly delivered: number;
  readonly lost: number;
  readonly errors: number;
  readonly latency: LatencySummary;
  readonly ack: { readonly p50: number; readonly p99: number };
  readonly late_ms_max: number;
  /** After the phase: until the service had raised every warning so far (0 when it had). */
  readonly settle_s: number;
  readonly cpu: CpuUse;
  readonly steal_share: number;
  /** Share of the machine (all cores) used by processes outside this bench (other work on the machine). */
  readonly other_share: number;
  readonly server: WindowResult | null;
  readonly error_examples: string[];
  readonly samples: LoopSample[];
}

interface PhaseOptions {
  readonly rate: number;
  readonly drainMs: number;
}

function phaseRun(
  target: PhaseRun['target'],
  round_: PhaseRun['round'],
  samples: LoopSample[],
  sentS: number,
  errors: string[],
  cpu: CpuUse,
  server: WindowResult | null,
  settleS: number,
): PhaseRun {
  const cores = os.cpus().length;
  const machine = Math.max(cpu.wall_s * cores, 1e-9);
  const ack = latencySummary(samples.map((s) => s.ack));
  return {
    target,
    round: round_,
    scheduled: samples.length,
    sent_s: round(sentS, 2),
    achieved_per_s: round(samples.length / Math.max(sentS, 1e-9), 1),
    delivered: samples.filter((s) => !s.censored).length,
    lost: samples.filter((s) => s.censored).length,
    errors: errors.length,
    latency: latencySummary(samples.map((s) => s.latency)),
    ack: { p50: ack.p50, p99: ack.p99 },
    late_ms_max: round(Math.max(0, ...samples.map((s) => s.late)), 2),
    settle_s: round(settleS, 2),
    cpu,
    steal_share: round(cpu.cpu_s.steal / machine, 3),
    other_share: round(cpu.cpu_s.other_processes / machine, 3),
    server,
    error_examples: errors.slice(0, 5),
    samples,
  };
}

/**
 * `count` drop reports open-loop at `rate`/s, each for a firm of its own (so each raises exactly one warning),
 * timed from just before the producer's send to the warning-raised event for that firm on the dashboard.
 * Then, if the service is behind, waits (up to `settleMaxMs`) until it raised every warning so far, so that
 * the next phase starts from an idle service.
 */
export async function runService(
  options: PhaseOptions & { readonly settleMaxMs: number },
  service: ServerChild,
  producer: EmbeddedBusProducer,
  dashboard: Dashboard,
  firmIds: readonly string[],
  round_: PhaseRun['round'],
  /** warning-raised events the dashboard should have received before this phase. */
  expectedBefore: number,
): Promise<PhaseRun> {
  const errors: string[] = [];
  await service.windowStart();
  const cpu0 = cpuSnapshot();
  const { samples, sentS } = await openLoop({
    count: firmIds.length,
    ratePerS: options.rate,
    drainMs: options.drainMs,
    start: (i, sample, done) => {
      const firmId = firmIds[i];
      dashboard.awaiting.set(firmId, sample);
      producer
        .send([dropReport(firmId)])
        .then(() => {
          sample.ack = performance.now() - sample.sentAt;
        })
        .catch((error: Error) => {
          errors.push(`send: ${error.message}`);
          dashboard.awaiting.delete(firmId);
        })
        .finally(done);
    },
    pending: () => dashboard.awaiting.size,
  });
  const cpu = cpuSince(cpu0, { service: service.pid, bench: process.pid });
  const server = await service.windowEnd();
  // Censored samples stay awaited until the service settled, so that a late warning counts as late.
  const t = performance.now();
  const expected = expectedBefore + samples.length - errors.length;
  while (dashboard.raised < expected && performance.now() - t < options.settleMaxMs) await sleep(20);
  const settleS = (performance.now() - t) / 1000;
  dashboard.awaiting.clear();
  return phaseRun('service', round_, samples, sentS, errors, cpu, server, settleS);
}

// --- the ceiling ----------------------------------------------------------------------------------------------

export const CEILING_CHANNEL = 'bench_ceiling';

export class Ceiling {
  private listener: Client | undefined;
  private pool: Pool | undefined;
  private readonly awaiting = new Map<string, LoopSample>();

  async open(url: string): Promise<void> {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`
      CREATE SCHEMA bench_ceiling;
      CREATE TABLE bench_ceiling.reports (
        event_id uuid PRIMARY KEY, firm_id uuid NOT NULL, data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());`);
    await admin.end();
    this.listener = new Client({ connectionString: url, application_name: 'bench-ceiling-listener' });
    // A lost listener shows as lost rows; the error itself must not crash the bench (e.g. on cleanup).
    this.listener.on('error', (error) => progress(`ceiling listener: ${error.message}`));
    await this.listener.connect();
    this.listener.on('notification', (n) => {
      const at = performance.now();
      const sample = this.awaiting.get(n.payload ?? '');
      if (!sample) return;
      this.awaiting.delete(n.payload!);
      sample.latency = at - sample.sentAt;
    });
    await this.listener.query(`LISTEN ${CEILING_CHANNEL}`);
    this.pool = new Pool({ connectionString: url, max: 4, application_name: 'bench-ceiling' });
    this.pool.on('error', (error) => progress(`ceiling pool: ${error.message}`));
  }

  /** The same reports, open loop at the same rate: one INSERT (autocommit) that notifies the row's id. */
  async run(
    options: PhaseOptions,
    count: number,
    service: ServerChild,
    round_: PhaseRun['round'],
  ): Promise<PhaseRun> {
    const errors: string[] = [];
    const cpu0 = cpuSnapshot();
    const { samples, sentS } = await openLoop({
      count,
      ratePerS: options.rate,
      drainMs: options.drainMs,
      start: (_i, sample, done) => {
        const eventId = randomUUID();
        const firmId = randomUUID();
        const message = dropReport(firmId);
        this.awaiting.set(eventId, sample);
        this.pool!.query(
          `WITH r AS (INSERT INTO bench_ceiling.reports (event_id, firm_id, data) VALUES ($1, $2, $3) RETURNING event_id)
           SELECT pg_notify('${CEILING_CHANNEL}', event_id::text) FROM r`,
          [eventId, firmId, message.value.toString('utf8')],
        )
          .then(() => {
            sample.ack = performance.now() - sample.sentAt;
          })
          .catch((error: Error) => {
            errors.push(error.message);
            this.awaiting.delete(eventId);
          })
          .finally(done);
      },
      pending: () => this.awaiting.size,
    });
    this.awaiting.clear();
    const cpu = cpuSince(cpu0, { service: service.pid, bench: process.pid });
    return phaseRun('ceiling', round_, samples, sentS, errors, cpu, null, 0);
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }
}
