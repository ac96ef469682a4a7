// The machine around the bench: the Kafka broker (KAFKA_BROKERS, or one started with deploy/kafka/kafka.sh
// and stopped at the end), CPU time per process group from /proc, and PostgreSQL's counters.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Client } from 'pg';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const KAFKA_SCRIPT = path.join(REPO_ROOT, 'deploy/kafka/kafka.sh');

export interface Broker {
  readonly brokers: string[];
  readonly mode: 'KAFKA_BROKERS' | 'started by the bench';
  readonly port: number;
  readonly version: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function runScript(command: 'start' | 'stop', port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SCRIPT, command], {
      cwd: REPO_ROOT,
      env: { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(port + 1) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`kafka.sh ${command} exited with ${code}`)),
    );
  });
}

/** The broker's process (a kafka.sh broker: its config lives in baton-kafka-<port>). */
function brokerProcess(port: number): { pid: number; version: string | undefined } | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!cmdline.includes('kafka.Kafka') || !cmdline.includes(`baton-kafka-${port}/server.properties`))
      continue;
    const version = /baton\/kafka\/([^/]+)\/lib/.exec(cmdline)?.[1];
    return { pid: Number(entry), version };
  }
  return undefined;
}

function pinnedKafkaVersion(): string {
  const pom = fs.readFileSync(path.join(REPO_ROOT, 'deploy/kafka/pom.xml'), 'utf8');
  return process.env.KAFKA_VERSION ?? /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
}

export async function openBroker(log: (msg: string) => void): Promise<Broker> {
  const external = process.env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (external?.length) {
    const port = Number(external[0].split(':').pop());
    const found = brokerProcess(port);
    log(`Kafka: KAFKA_BROKERS=${external.join(',')}${found ? ` (broker pid ${found.pid})` : ''}`);
    return {
      brokers: external,
      mode: 'KAFKA_BROKERS',
      port,
      version: found?.version ?? `unknown (external broker; deploy/kafka pins ${pinnedKafkaVersion()})`,
      pid: found?.pid,
      stop: async () => undefined,
    };
  }
  let port = Number(process.env.BENCH_KAFKA_PORT ?? 19392);
  for (let tries = 0; (await portInUse(port)) || (await portInUse(port + 1)); tries++) {
    if (tries >= 10)
      throw new Error('no free port pair for a Kafka broker (set KAFKA_BROKERS or BENCH_KAFKA_PORT)');
    port += 10;
  }
  log(`Kafka: no KAFKA_BROKERS, starting a broker on 127.0.0.1:${port} with deploy/kafka/kafka.sh ...`);
  let out = '';
  for (let attempt = 1; ; attempt++) {
    try {
      out = await runScript('start', port);
      break;
    } catch (error) {
      // kafka.sh's random KRaft cluster id starts with '-' one time in 64, and kafka-storage then takes it
      // for an option ("--cluster-id/-t: expected one argument"): a new start draws a new id.
      if (attempt >= 3) throw error;
      log(`Kafka: start failed (${(error as Error).message}); trying again`);
    }
  }
  const line = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (!line) throw new Error(`kafka.sh start printed no KAFKA_BROKERS line: ${out}`);
  const found = brokerProcess(port);
  let stopped = false;
  return {
    brokers: line.slice('KAFKA_BROKERS='.length).trim().split(','),
    mode: 'started by the bench',
    port,
    version: found?.version ?? pinnedKafkaVersion(),
    pid: found?.pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      log(`Kafka: stopping the broker on port ${port}`);
      await runScript('stop', port);
    },
  };
}

// --- CPU time per process group ------------------------------------------------------------------------

export { cpuSnapshot, cpuUse, type CpuSnapshot, type CpuUse } from '@baton/testing/bench';

// --- PostgreSQL counters for the bench database ---------------------------------------------------------

export interface PgCounters {
  readonly commits: number;
  readonly rollbacks: number;
  readonly inserted: number;
  readonly updated: number;
  readonly walLsn: string;
}

export async function pgCounters(admin: Client, database: string): Promise<PgCounters> {
  const { rows } = await admin.query(
    `SELECT xact_commit::bigint::text AS commits, xact_rollback::bigint::text AS rollbacks,
            tup_inserted::bigint::text AS inserted, tup_updated::bigint::text AS updated,
            pg_current_wal_lsn()::text AS lsn
       FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const r = rows[0];
  return {
    commits: Number(r.commits),
    rollbacks: Number(r.rollbacks),
    inserted: Number(r.inserted),
    updated: Number(r.updated),
    walLsn: r.lsn,
  };
}

export async function pgDelta(
  admin: Client,
  before: PgCounters,
  after: PgCounters,
): Promise<{ commits: number; rollbacks: number; inserted: number; updated: number; wal_bytes: number }> {
  const { rows } = await admin.query('SELECT pg_wal_lsn_diff($1, $2)::bigint::text AS bytes', [
    after.walLsn,
    before.walLsn,
  ]);
  return {
    commits: after.commits - before.commits,
    rollbacks: after.rollbacks - before.rollbacks,
    inserted: after.inserted - before.inserted,
    updated: after.updated - before.updated,
    wal_bytes: Number(rows[0].bytes),
  };
}
