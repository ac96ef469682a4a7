// The bench side of a server child process (service.child.ts, ceiling.child.ts): started with the
// repository's SWC register hook (decorator metadata for Nest's DI), its stdout/stderr forwarded as progress
// lines (the service logs JSON at LOG_LEVEL=warn: anything it prints is worth seeing), IPC for windows,
// profiles and a clean stop.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { progress } from './stats';
import type { FromChild, ToChild, WindowResult } from './protocol';
import type { ProfileSummary } from './profile';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const REGISTER = path.join(REPO_ROOT, 'libs/platform/runtime/register.js');

const children = new Set<ChildProcess>();

/** Kills whatever server child is still running (on exit, on a signal). */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

export class ServerChild {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<
    string,
    { resolve: (m: FromChild) => void; reject: (e: Error) => void }
  >();
  private failure: Error | undefined;
  url = '';
  pid: number | undefined;
  /** Log lines at level error or fatal (the service's pino JSON). */
  errorLines = 0;
  warnLines = 0;
  readonly sampleLines: string[] = [];

  private constructor(
    readonly label: string,
    file: string,
    env: Record<string, string>,
  ) {
    this.child = fork(file, [], {
      cwd: REPO_ROOT,
      execArgv: ['-r', REGISTER],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.add(this.child);
    for (const stream of [this.child.stdout!, this.child.stderr!])
      createInterface({ input: stream }).on('line', (line) => this.log(line));
    this.child.on('message', (m: FromChild) => this.receive(m));
    this.child.once('exit', (code, signal) => {
      children.delete(this.child);
      this.fail(new Error(`${label} exited (${code ?? signal})`));
    });
  }

  /** `file`: absolute path of the child's entry module (a bench's `*.child.ts`). */
  static async start(label: string, file: string, env: Record<string, string>): Promise<ServerChild> {
    const server = new ServerChild(label, file, env);
    const ready = (await server.next('ready')) as Extract<FromChild, { type: 'ready' }>;
    server.url = ready.url.replace('[::1]', 'localhost');
    server.pid = ready.pid;
    return server;
  }

  private log(line: string): void {
    let level = '';
    try {
      level = (JSON.parse(line) as { level?: string }).level ?? '';
    } catch {
      // not JSON: print as is
    }
    if (level === 'error' || level === 'fatal') this.errorLines++;
    if (level === 'warn') this.warnLines++;
    if (this.sampleLines.length < 20) this.sampleLines.push(line.slice(0, 500));
    if (this.errorLines + this.warnLines <= 20 || !level) progress(`  [${this.label}] ${line.slice(0, 400)}`);
  }

  private receive(m: FromChild): void {
    if (m.type === 'failed') return this.fail(new Error(`${this.label} failed:\n${m.error}`));
    const waiter = this.waiting.get(m.type);
    if (waiter) {
      this.waiting.delete(m.type);
      waiter.resolve(m);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }

  private next(type: FromChild['type']): Promise<FromChild> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(type, { resolve, reject }));
  }

  private async request(message: ToChild, reply: FromChild['type']): Promise<FromChild> {
    const answer = this.next(reply);
    this.child.send(message);
    return answer;
  }

  async windowStart(): Promise<void> {
    await this.request({ type: 'window-start' }, 'window-started');
  }

  async windowEnd(): Promise<WindowResult> {
    return ((await this.request({ type: 'window-end' }, 'window')) as Extract<FromChild, { type: 'window' }>)
      .result;
  }

  async profileStart(): Promise<void> {
    await this.request({ type: 'profile-start' }, 'profile-started');
  }

  async profileStop(): Promise<ProfileSummary> {
    return (
      (await this.request({ type: 'profile-stop' }, 'profile')) as Extract<FromChild, { type: 'profile' }>
    ).profile;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.failure) {
      this.child.kill('SIGKILL');
      return;
    }
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ToChild);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
