#!/usr/bin/env node
// `npm start`: the whole of Baton on one machine with only Node.js — embedded PostgreSQL (data kept in
// .baton/ and reused), the event store and the embedded bus on it, the gateway and every service as its own
// process, and a deterministic demo data set loaded once. Ctrl-C stops everything, PostgreSQL last.
//
//   npm start                 start (first start: initialise PostgreSQL, load the demo data)
//   npm start -- --reset      delete the data folder first and start afresh
//   npm start -- --no-demo    do not load the demo data
//   npm start -- --rss        print memory per process once ready, and again on `r` (or SIGUSR2)
//
// Environment: BATON_DATA_DIR (default .baton), BATON_PORT (gateway, default 3100; the services take the
// next four ports), BATON_PG_PORT (default 54329 when free), BATON_DEMO_FIRMS (default 2000), LOG_LEVEL.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: node runs it as is, no build step */
const { spawn } = require('node:child_process');
const { generateKeyPairSync } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startPostgres, isAlive } = require('./lib/embedded-postgres');
const { startService, ServiceDied, memoryReport, signalGroup } = require('./lib/processes');
const { DEMO_VERSION } = require('./demo-data');

const ROOT = path.resolve(__dirname, '..');
const ISSUER = 'baton-dev';

/** Started in this order (the gateway first: services fetch its JWKS on their first request). */
const SERVICES = [
  { name: 'gateway', main: 'services/gateway/src/main.ts' },
  { name: 'firm-registry', main: 'services/firm-registry/src/main.ts', upstream: 'FIRM_REGISTRY_URL' },
  { name: 'relay', main: 'services/relay/src/main.ts', upstream: 'RELAY_URL' },
  {
    name: 'crisis-monitoring',
    main: 'services/crisis-monitoring/src/main.ts',
    upstream: 'CRISIS_MONITORING_URL',
  },
  { name: 'audit', main: 'services/audit/src/main.ts', upstream: 'AUDIT_URL' },
];

const USAGE = `Usage: npm start [-- --reset] [-- --no-demo] [-- --rss]
  --reset    delete the data folder (${path.relative(process.cwd(), path.join(ROOT, '.baton')) || '.baton'}) first
  --no-demo  do not load the demo data set
  --rss      print memory per process once ready, and every time you press r (or send SIGUSR2)`;

function parseArgs(argv) {
  const options = { reset: false, demo: true, rss: false };
  for (const arg of argv) {
    if (arg === '--reset') options.reset = true;
    else if (arg === '--no-demo') options.demo = false;
    else if (arg === '--rss') options.rss = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`Unknown option ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return options;
}

const started = Date.now();
const say = (line) => process.stdout.write(`${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rel = (p) => path.relative(process.cwd(), p) || '.';

function intFromEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`${name} must be a whole number from ${min} to ${max}, not "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Processes of an earlier start that was killed (its run file survived): stop them before starting anew or
 * deleting the folder. Pids are checked against their command line where /proc has it (a pid may be reused).
 */
async function stopLeftovers(runFile) {
  if (!fs.existsSync(runFile)) return;
  let run;
  try {
    run = JSON.parse(fs.readFileSync(runFile, 'utf8'));
  } catch {
    run = {};
  }
  const cmdlineOf = (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return ''; // no /proc: trust the run file
    }
  };
  if (
    run.pid &&
    run.pid !== process.pid &&
    isAlive(run.pid) &&
    /start\.js/.test(cmdlineOf(run.pid) || 'start.js')
  )
    throw new Error(
      `Baton is already running from ${rel(path.dirname(runFile))} (pid ${run.pid}): stop it with Ctrl-C first`,
    );
  const leftovers = [
    ...(run.services ?? []).map((s) => ({ ...s, mark: 'register.js', signal: 'SIGTERM' })),
    ...(run.postgres ? [{ name: 'PostgreSQL', pid: run.postgres, mark: 'postgres', signal: 'SIGINT' }] : []),
  ];
  for (const { name, pid, mark, signal } of leftovers) {
    if (!isAlive(pid)) continue;
    const cmdline = cmdlineOf(pid);
    if (cmdline && !cmdline.includes(mark)) continue;
    say(`  ${name} from an earlier start is still running (pid ${pid}): stopping it`);
    if (name === 'PostgreSQL') process.kill(pid, signal);
    else signalGroup(pid, signal);
    for (let i = 0; i < 150 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  }
  fs.rmSync(runFile, { force: true });
}

/** The audit service's digest-signing key, made once and kept: digests stay verifiable across restarts. */
function auditSigningKey(dir) {
  const file = path.join(dir, 'audit-signing-key.pem');
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8');
}

/** A service's pino JSON line as a person reads it: time, level, message, the error if any. */
function readable(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || !entry.msg) return line;
  const err = entry.err
    ? `\n      ${String(entry.err.stack ?? entry.err.message)
        .split('\n')
        .join('\n      ')}`
    : '';
  return `${String(entry.time ?? '').slice(11, 19)} ${entry.level} ${entry.msg}${err}`;
}

/** What is running, for the shutdown path (signals, a crashed service, a failed start). */
const running = {
  services: [],
  loader: undefined,
  postgres: undefined,
  postgresStarting: undefined,
  stopping: false,
  stoppingSince: 0,
  runFile: undefined,
};

/** Gateway first (no new requests), then the services together (SIGTERM, wait), then PostgreSQL; exit. */
async function shutdown(code) {
  if (running.stopping) {
    // One Ctrl-C can arrive twice (from the terminal, and forwarded by npm): only a later one forces.
    if (Date.now() - running.stoppingSince < 2000) return;
    say('Stopping now (Ctrl-C again): killing the services');
    for (const s of running.services) s.kill();
    return;
  }
  running.stopping = true;
  running.stoppingSince = Date.now();
  running.loader?.stop();
  say(code === 0 ? '\nStopping Baton…' : 'Stopping Baton…');
  const gateway = running.services.find((s) => s.name === 'gateway');
  const stop = async (s) => {
    const t = Date.now();
    const exit = await s.stop();
    if (!s.crashed)
      say(`  ${s.name} stopped (${seconds(Date.now() - t)}${exit.signal === 'SIGKILL' ? ', killed' : ''})`);
  };
  if (gateway) await stop(gateway);
  await Promise.all(running.services.filter((s) => s !== gateway).map(stop));
  const postgres = running.postgres ?? (await running.postgresStarting?.catch(() => undefined));
  if (postgres) {
    const t = Date.now();
    await postgres.stop();
    say(`  PostgreSQL stopped (${seconds(Date.now() - t)})`);
  }
  if (running.runFile) fs.rmSync(running.runFile, { force: true });
  say(code === 0 ? 'Baton stopped.' : `Baton stopped after a failure (exit ${code}).`);
  process.exit(code);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = path.resolve(process.env.BATON_DATA_DIR || path.join(ROOT, '.baton'));
  const basePort = intFromEnv('BATON_PORT', 3100, 1024, 65530);
  const pgPort = process.env.BATON_PG_PORT ? intFromEnv('BATON_PG_PORT', 0, 1024, 65535) : undefined;
  const demoFirms = intFromEnv('BATON_DEMO_FIRMS', 2000, 20, 9999);
  const logDir = path.join(dir, 'logs');
  const runFile = path.join(dir, 'run.json');
  const markerFile = path.join(dir, 'demo-data.json');
  const services = running.services;

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));

  say(`Baton: starting from ${rel(dir)} (logs in ${rel(logDir)})`);
  if (options.reset && fs.existsSync(dir)) {
    await stopLeftovers(runFile);
    fs.rmSync(dir, { recursive: true, force: true });
    say(`--reset: deleted ${rel(dir)}`);
  }
  fs.mkdirSync(logDir, { recursive: true });
  // As root, PostgreSQL runs as the postgres user: it must be able to reach its folder inside this one.
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
  await stopLeftovers(runFile);
  // Claimed at once: a second start on this folder now refuses instead of stopping this one's processes.
  const writeRunFile = (extra = {}) =>
    fs.writeFileSync(runFile, JSON.stringify({ pid: process.pid, ...extra }));
  writeRunFile();
  running.runFile = runFile;

  const present = SERVICES.filter((s) => {
    if (fs.existsSync(path.join(ROOT, s.main))) return true;
    say(`Note: ${s.main} does not exist; ${s.name} is not started`);
    return false;
  });
  if (!present.some((s) => s.name === 'gateway'))
    throw new Error('the gateway (services/gateway/src/main.ts) is missing: nothing would issue tokens');
  const ports = new Map(present.map((s) => [s.name, basePort + SERVICES.indexOf(s)]));
  for (const [name, port] of ports)
    if (!(await portIsFree(port)))
      throw new Error(
        `port ${port} (${name}) is in use — is Baton already running? Stop it, or set BATON_PORT to another base port`,
      );

  let t = Date.now();
  running.postgresStarting = startPostgres({
    dir,
    logFile: path.join(logDir, 'postgres.log'),
    log: (line) => say(`  ${line}`),
    preferredPort: pgPort,
  });
  const postgres = await running.postgresStarting;
  running.postgres = postgres;
  writeRunFile({ postgres: postgres.pid });
  say(
    `  PostgreSQL ready on 127.0.0.1:${postgres.port} (${postgres.initialised ? 'new database' : 'existing data'}, ${seconds(Date.now() - t)})`,
  );
  postgres.onExit((code, signal) => {
    if (running.stopping) return;
    say(`PostgreSQL exited unexpectedly (${signal ?? code}); see ${rel(path.join(logDir, 'postgres.log'))}`);
    void shutdown(1);
  });

  const gatewayUrl = `http://127.0.0.1:${ports.get('gateway')}`;
  const common = {
    ...process.env,
    DATABASE_URL: postgres.url,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    EVENT_STORE: 'postgres',
    BUS: 'embedded',
    AUTH: 'jwt',
    AUTH_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json`,
    AUTH_ISSUER: ISSUER,
  };
  const upstreams = Object.fromEntries(
    present.filter((s) => s.upstream).map((s) => [s.upstream, `http://127.0.0.1:${ports.get(s.name)}`]),
  );
  const envOf = (s) => ({
    ...common,
    PORT: String(ports.get(s.name)),
    ...(s.name === 'gateway' && { ...upstreams, AUTH_DEV_ISSUER_DIR: path.join(dir, 'dev-issuer') }),
    ...(s.name === 'audit' && { AUDIT_SIGNING_KEY: auditSigningKey(dir), AUDIT_KEY_ID: 'baton-dev-audit-1' }),
  });

  t = Date.now();
  say(`  starting ${present.map((s) => s.name).join(', ')}…`);
  for (const s of present) {
    const service = startService({
      name: s.name,
      main: s.main,
      env: envOf(s),
      logFile: path.join(logDir, `${s.name}.log`),
    });
    services.push(service);
    service.exited.then((exit) => {
      if (running.stopping) return;
      service.crashed = true;
      const log = rel(path.join(logDir, `${s.name}.log`));
      say(
        `\n✗ ${s.name} exited ${exit.signal ? `on ${exit.signal}` : `with code ${exit.code}`}; last lines of ${log}:`,
      );
      for (const line of service.lastLines().slice(-15)) say(`    ${readable(line)}`);
      void shutdown(1);
    });
  }
  writeRunFile({ postgres: postgres.pid, services: services.map((s) => ({ name: s.name, pid: s.pid })) });
  for (const service of services) {
    try {
      const url = await service.ready;
      say(`  ✓ ${service.name.padEnd(18)} ${url}  (${seconds(Date.now() - t)})`);
    } catch (error) {
      if (error instanceof ServiceDied || running.stopping) return new Promise(() => undefined); // shutdown runs
      throw error;
    }
  }

  const urls = Object.fromEntries(services.map((s) => [s.name, s.url]));
  let demo;
  if (fs.existsSync(markerFile)) {
    demo = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    say(
      `  demo data: loaded ${demo.loadedAt.slice(0, 10)} (${demo.counts.firms.toLocaleString('en')} firms), kept` +
        (demo.firms !== demoFirms || demo.version !== DEMO_VERSION
          ? ' — `npm start -- --reset` to load it anew'
          : ''),
    );
  } else if (options.demo) {
    t = Date.now();
    say(`  loading the demo data set (${demoFirms.toLocaleString('en')} firms)…`);
    const loader = startDemoLoader({
      urls,
      issuerDir: path.join(dir, 'dev-issuer'),
      firms: demoFirms,
      marker: markerFile,
    });
    running.loader = loader;
    const code = await loader.exited;
    running.loader = undefined;
    if (running.stopping) return new Promise(() => undefined);
    if (code !== 0 || !fs.existsSync(markerFile))
      throw new Error(`the demo data load failed:\n${loader.errors().trim()}`);
    demo = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    say(`  demo data loaded in ${seconds(Date.now() - t)}`);
  } else {
    say('  demo data: not loaded (--no-demo)');
  }
  if (running.stopping) return;

  await printSummary({ gatewayUrl, urls, postgres, dir, logDir, demo });
  const report = () => {
    const table = memoryReport(
      [
        { name: 'npm start (this process)', pid: process.pid },
        ...services.map((s) => ({ name: s.name, pid: s.pid })),
      ],
      postgres.pid,
    );
    say(`\nMemory per process (${new Date().toISOString()}):\n${table.text}\n`);
  };
  process.on('SIGUSR2', report);
  if (options.rss) {
    report();
    if (process.stdin.isTTY) {
      // Raw mode delivers Ctrl-C as a key, not a signal: handle it here.
      process.stdin.setRawMode(true);
      process.stdin.resume();
      process.stdin.on('data', (key) => {
        const k = key.toString();
        if (k === 'r' || k === 'R') report();
        else if (k === '\u0003' || k === '\u0004') void shutdown(0);
      });
      say('Press r to print memory per process again, Ctrl-C to stop.');
    }
  }
  say(`Baton is ready: ${gatewayUrl} (started in ${seconds(Date.now() - started)})`);
}

/** The demo data load, a process of its own: its memory is returned to the system when it ends. */
function startDemoLoader(options) {
  const child = spawn(process.execPath, [path.join(__dirname, 'demo-data.js'), JSON.stringify(options)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) say(`    ${line}`);
  });
  return {
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? 1 : code))),
    errors: () => errors,
    stop: () => signalGroup(child.pid, 'SIGTERM'),
  };
}

async function printSummary({ gatewayUrl, urls, postgres, dir, logDir, demo }) {
  let users = [];
  try {
    const response = await fetch(`${gatewayUrl}/auth/dev-users`);
    const body = await response.json();
    users = Array.isArray(body) ? body : (body.items ?? body.users ?? []);
  } catch {
    // printed without the list
  }
  const staff =
    users.find((u) => u.id === 'daegu-technopark') ?? users.find((u) => u.role === 'agency-staff');
  const center = users.find((u) => u.role === 'crisis-center');
  const width = Math.max(...Object.keys(urls).map((n) => n.length), 10) + 2;
  const row = (label, value) => `  ${label.padEnd(width)} ${value}`;
  const lines = [
    '',
    'Baton is running (embedded mode):',
    row('Gateway', gatewayUrl),
    row('API docs', `${gatewayUrl}/docs   (one OpenAPI for every service)`),
    row('Health', `${gatewayUrl}/health`),
    ...Object.entries(urls)
      .filter(([name]) => name !== 'gateway')
      .map(([name, url]) => row(name, `${url}   (direct; through the gateway: ${gatewayUrl}/api/${name}/…)`)),
    row('PostgreSQL', postgres.url),
    row('Data', `${rel(dir)} (kept between starts; \`npm start -- --reset\` deletes it)`),
    row('Logs', rel(logDir)),
    row('Demo data', demo ? describeCounts(demo.counts) : 'none (--no-demo)'),
    '',
    `Demo users (${gatewayUrl}/auth/dev-users): ${users.length ? users.map((u) => `${u.id} (${u.role})`).join(', ') : 'see there'}`,
    'Get a demo token (valid 8 hours) and call the API through the gateway:',
    '',
    `  token() { curl -s -X POST ${gatewayUrl}/auth/dev-tokens -H 'content-type: application/json' -d "{\\"user\\":\\"$1\\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token'; }`,
    `  TOKEN=$(token ${staff?.id ?? 'ministry'})`,
    `  curl -H "Authorization: Bearer $TOKEN" '${gatewayUrl}/api/firm-registry/firms?regionCode=27&limit=5'`,
    ...(staff?.agencyId
      ? [`  curl -H "Authorization: Bearer $TOKEN" ${gatewayUrl}/api/relay/agencies/${staff.agencyId}/inbox`]
      : []),
    `  curl -H "Authorization: Bearer $(token ${center?.id ?? 'ministry'})" '${gatewayUrl}/api/crisis-monitoring/warnings?limit=5'`,
    `  curl -H "Authorization: Bearer $(token ministry)" ${gatewayUrl}/api/relay/network/kpis`,
    '',
    `Ctrl-C stops everything. Memory per process: \`kill -USR2 ${process.pid}\` (or start with --rss and press r).`,
  ];
  say(lines.join('\n'));
}

function describeCounts(c) {
  const n = (v) => Number(v ?? 0).toLocaleString('en');
  return `${n(c.firms)} firms in ${n(c.regions)} regions, ${n(c.indicatorReports)} indicator reports, ${n(c.stageAssessments)} stage assessments, ${n(c.cases)} cases with ${n(c.handoffs)} hand-offs, ${n(c.warnings)} warnings`;
}

main().catch((error) => {
  if (running.stopping) return;
  process.stderr.write(`\nnpm start failed: ${error.message}\n`);
  void shutdown(1);
});
