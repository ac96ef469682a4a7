import { PassThrough } from 'node:stream';
import { instantOf, runCli } from './cli';

const io = () => {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = (s: PassThrough) => (s.read() ?? '').toString();
  return { io: { out, err }, out: () => text(out), err: () => text(err) };
};

describe('baton-audit arguments', () => {
  it('reads a date as the end of that day in Korea, and says so', () => {
    const said: string[] = [];
    expect(instantOf('2026-03-01', (m) => said.push(m))).toBe('2026-03-01T23:59:59.999+09:00');
    expect(said[0]).toContain('end of that day in Korea');
    expect(instantOf('2026-03-01T09:00:00+09:00', () => undefined)).toBe('2026-03-01T09:00:00+09:00');
  });

  it.each([
    [['replay'], /needs --firm <id> or --brn <number>/],
    [['replay', '--firm', 'a', '--brn', 'b'], /not both/],
    [['replay', '--brn', '1', '--mode', 'later'], /--mode must be known or effective/],
    [['export', '--firm', 'a', '--format', 'docx'], /--format must be json, csv or pdf/],
    [['diff', '--firm', 'a', '--from', '2026-01-01'], /needs --from and --to/],
    [['frobnicate'], /unknown command/],
    [['replay', '--colour'], /Unknown option '--colour'/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const t = io();
    expect(await runCli(argv, {}, t.io)).toBe(2);
    expect(t.err()).toMatch(message);
  });

  it('an unreachable service is exit 1 with the URL', async () => {
    const t = io();
    expect(await runCli(['timeline', '--firm', 'x', '--url', 'http://127.0.0.1:1'], {}, t.io)).toBe(1);
    expect(t.err()).toMatch(/cannot reach the audit service at http:\/\/127.0.0.1:1/);
  });

  it('--help prints the usage (exit 0)', async () => {
    const t = io();
    expect(await runCli(['--help'], {}, t.io)).toBe(0);
    expect(t.out()).toMatch(/^Usage: baton-audit <command>/);
  });
});
