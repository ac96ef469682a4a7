import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export interface RunningService {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a service the way it runs for real: its own Node process from its sources (SWC hook), configured
 * by environment variables only. Resolves once it logs that it listens.
 */
export function startService(
  main: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<RunningService> {
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'libs/platform/runtime/register.js'), path.join(root, main)],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${main} did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`${main} exited with ${code}:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /"url":"(http:\/\/[^"]+)","msg":"listening"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        url: match[1],
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
