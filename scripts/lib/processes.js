// The service processes of `npm start`: each its own Node process from its TypeScript sources (the SWC
// register hook, as `npm run start:<service>` and the e2e specs do), in its own process group so that the
// terminal's Ctrl-C reaches only the orchestrator, which then stops them in order. Output goes to a log file
// per service; the last lines are kept to show when a service dies.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: node runs it as is, no build step */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const KEEP_LINES = 40;

/**
 * Spawns `node -r libs/platform/runtime/register.js <main>`; resolves with the URL it logs as `listening`.
 * `onExit(code, signal, lastLines)` is called whenever it ends.
 */
function startService({ name, main, env, logFile, timeoutMs = 120_000 }) {
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'libs/platform/runtime/register.js'), path.join(ROOT, main)],
    { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = fs.createWriteStream(logFile, { flags: 'w' });
  const lines = [];
  let partial = '';
  let url;
  let resolveListening;
  const listening = new Promise((resolve) => (resolveListening = resolve));
  const take = (chunk) => {
    log.write(chunk);
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop();
    for (const line of parts) {
      lines.push(line);
      if (lines.length > KEEP_LINES) lines.shift();
      if (!url) {
        const match = /"url":"(http:\/\/[^"]+)","msg":"listening"/.exec(line);
        if (match) resolveListening((url = match[1]));
      }
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);

  let exit;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      if (partial) lines.push(partial);
      log.end();
      resolve((exit = { code, signal }));
    }),
  );

  const service = {
    name,
    pid: child.pid,
    get url() {
      return url;
    },
    lastLines: () => lines.slice(),
    exited,
    hasExited: () => exit !== undefined,
    /** Resolves with the URL, or rejects when the process ends or stays silent too long. */
    ready: Promise.race([
      listening,
      exited.then((e) => {
        throw new ServiceDied(service, e);
      }),
      new Promise((_, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s (log: ${logFile})`)),
          timeoutMs,
        );
        listening.finally(() => clearTimeout(timer));
        exited.finally(() => clearTimeout(timer));
      }),
    ]),
    /** SIGTERM (the service closes its HTTP server, bus consumers and runners), SIGKILL after `graceMs`. */
    async stop(graceMs = 15_000) {
      if (exit) return exit;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    kill: () => signalGroup(child.pid, 'SIGKILL'),
  };
  service.ready.catch(() => undefined);
  return service;
}

class ServiceDied extends Error {
  constructor(service, { code, signal }) {
    super(`${service.name} exited ${signal ? `on ${signal}` : `with code ${code}`}`);
    this.service = service;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

// ── memory ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Resident memory of a process in bytes: RSS, and PSS where Linux gives it (shared pages divided among the
 * processes sharing them — PostgreSQL's shared buffers, the node binary — so that sums are not inflated).
 */
function memoryOf(pid) {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN) * 1024;
    return { rss: kb('Rss'), pss: kb('Pss') };
  } catch {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
      return { rss, pss: NaN };
    } catch {
      return psMemory(pid);
    }
  }
}

function psMemory(pid) {
  try {
    const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return { rss: kb * 1024, pss: NaN };
  } catch {
    return { rss: NaN, pss: NaN };
  }
}

/** The pids whose parent is `pid` (PostgreSQL's backends and workers under the postmaster). */
function childrenOf(pid) {
  if (fs.existsSync('/proc')) {
    return fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  }
  try {
    return execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter(([, ppid]) => ppid === pid)
      .map(([p]) => p);
  } catch {
    return [];
  }
}

const mib = (bytes) => (Number.isNaN(bytes) ? '     ?' : `${(bytes / 2 ** 20).toFixed(0).padStart(6)}`);

/** The memory table `--rss`, SIGUSR2 and the `r` key print: every process of the system and the total. */
function memoryReport(processes, postgresPid) {
  const rows = processes.map(({ name, pid }) => ({ name, pid, count: 1, ...memoryOf(pid) }));
  const backends = childrenOf(postgresPid);
  const pg = [postgresPid, ...backends].map(memoryOf);
  rows.push({
    name: `postgres (${backends.length + 1} processes)`,
    pid: postgresPid,
    rss: pg.reduce((s, m) => s + m.rss, 0),
    pss: pg.reduce((s, m) => s + m.pss, 0),
  });
  const total = { rss: rows.reduce((s, r) => s + r.rss, 0), pss: rows.reduce((s, r) => s + r.pss, 0) };
  const width = Math.max(...rows.map((r) => r.name.length), 5);
  const out = [
    `  ${'process'.padEnd(width)}  ${'pid'.padStart(7)}  RSS MiB  PSS MiB`,
    ...rows.map(
      (r) => `  ${r.name.padEnd(width)}  ${String(r.pid).padStart(7)}  ${mib(r.rss)}   ${mib(r.pss)}`,
    ),
    `  ${'total'.padEnd(width)}  ${''.padStart(7)}  ${mib(total.rss)}   ${mib(total.pss)}`,
    '  RSS counts pages shared between processes (PostgreSQL shared buffers, the node binary) once in every',
    '  process that maps them; PSS splits them among those processes, so the PSS total is what the system uses.',
  ];
  return {
    rows,
    total,
    text: out.join('\n'),
  };
}

module.exports = { startService, ServiceDied, memoryReport, signalGroup };
