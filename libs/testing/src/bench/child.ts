// The child-process side of a bench server (service.child.ts, ceiling.child.ts): starts the server, says
// where it listens, and answers the bench's window / profile / stop requests over IPC.
import { performance } from 'node:perf_hooks';
import { startProfile, stopProfile } from './profile';
import type { FromChild, ToChild } from './protocol';
import { queriesSince, queryCounts, type QueryCounts } from './query-counter';

export interface BenchServerHandle {
  readonly url: string;
  close(): Promise<void>;
}

const send = (message: FromChild) => process.send?.(message);

export function runChild(start: () => Promise<BenchServerHandle>): void {
  start()
    .then((server) => {
      let window: {
        elu: ReturnType<typeof performance.eventLoopUtilization>;
        cpu: NodeJS.CpuUsage;
        at: number;
        queries: QueryCounts;
      };
      const handle = async (m: ToChild) => {
        switch (m.type) {
          case 'window-start':
            window = {
              elu: performance.eventLoopUtilization(),
              cpu: process.cpuUsage(),
              at: performance.now(),
              queries: queryCounts(),
            };
            return send({ type: 'window-started' });
          case 'window-end': {
            const elu = performance.eventLoopUtilization(window.elu);
            const cpu = process.cpuUsage(window.cpu);
            return send({
              type: 'window',
              result: {
                wall_ms: Math.round(performance.now() - window.at),
                elu: Math.round(elu.utilization * 1000) / 1000,
                cpu_user_ms: Math.round(cpu.user / 1000),
                cpu_system_ms: Math.round(cpu.system / 1000),
                rss_mb: Math.round(process.memoryUsage.rss() / 2 ** 20),
                queries: queriesSince(window.queries),
              },
            });
          }
          case 'profile-start':
            await startProfile();
            return send({ type: 'profile-started' });
          case 'profile-stop':
            return send({ type: 'profile', profile: await stopProfile() });
          case 'stop':
            await server.close();
            send({ type: 'stopped' });
            return process.exit(0);
        }
      };
      process.on('message', (m: ToChild) =>
        handle(m).catch((error: Error) => send({ type: 'failed', error: error.stack ?? String(error) })),
      );
      // The bench is gone (killed, crashed): do not linger.
      process.on('disconnect', () => process.exit(0));
      send({ type: 'ready', url: server.url, pid: process.pid });
    })
    .catch((error: Error) => {
      send({ type: 'failed', error: error.stack ?? String(error) });
      process.exit(1);
    });
}
