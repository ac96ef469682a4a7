import type { Logger } from './logging';

/**
 * A round of work every `intervalMs` (deadline watchers, webhook senders): never two rounds at once, a
 * failed round logged and retried next time, `stop()` waits for the round in flight. The timer does not
 * keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.round()
        .catch((error) =>
          this.logger.warn({ err: error, task: this.name }, `${this.name} failed; retrying next round`),
        )
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
