import { PeriodicTask, type Logger } from '@baton/platform';

/** Signs digests every `intervalMs` (one round at a time, a failed round retried next time). */
export class DigestSchedule extends PeriodicTask {
  constructor(intervalMs: number, round: () => Promise<unknown>, logger: Logger) {
    super('digest round', intervalMs, round, logger);
  }
}
