import { START, comparePositions, type GlobalPosition, type RecordedEvent } from '@baton/eventsourcing';
import type { SubscribeOptions, Subscription } from '../port';
import type { PostgresEventStore } from './postgres-event-store';

/** Quick re-reads after a wake-up that found nothing yet (an older transaction was still open). */
const RETRY_AFTER_WAKE_MS = [5, 10, 25, 50, 100, 200];

/**
 * Pull-based catch-up + live subscription. A page is read only when the consumer has taken every event of
 * the previous one, so memory is bounded by `batchSize` however far behind the consumer is.
 */
export class PostgresSubscription implements Subscription {
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private pageEnd: GlobalPosition | undefined;
  private prefetched: ReturnType<PostgresEventStore['readPage']> | undefined;
  private position: GlobalPosition | undefined;
  private closed = false;
  private woken = false;
  private retryStep = RETRY_AFTER_WAKE_MS.length;
  private wakeWaiter: (() => void) | undefined;
  /** The store's head when the subscription first read: reaching it means caught up. */
  private startHead: GlobalPosition | undefined | null = null;
  private readonly batchSize: number;
  private readonly scanLimit: number;
  caughtUp = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: SubscribeOptions,
    private readonly onClose: () => void,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.scanLimit = Math.max(this.batchSize * 10, 5000);
    const from = options.fromPosition ?? 'start';
    if (from !== 'end') this.position = from === 'start' ? START : from;
    store.wakeups.on('appended', this.onWake);
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) void this.close();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      if (this.index < this.buffer.length) {
        const event = this.buffer[this.index++];
        // After a page's last event, resume after everything the page's scan examined.
        this.position = this.index === this.buffer.length && this.pageEnd ? this.pageEnd : event.position;
        this.markIfCaughtUp();
        return { done: false, value: event };
      }
      if (this.startHead === null) {
        this.startHead = await this.store.headPosition();
        if (this.position === undefined) this.position = this.startHead ?? START;
        this.markIfCaughtUp();
      }
      const pending = this.prefetched ?? this.read(this.position!);
      this.prefetched = undefined;
      const page = await pending;
      if (this.closed) return { done: true, value: undefined };
      if (page.events.length > 0) {
        this.buffer = page.events;
        this.pageEnd = page.scannedTo;
        this.index = 0;
        this.retryStep = 0;
        if (page.events.length === this.batchSize) {
          // Catching up: the next page loads while this one is consumed (two pages in memory at most).
          this.prefetched = this.read(page.scannedTo ?? page.events[page.events.length - 1].position);
          this.prefetched.catch(() => undefined); // awaited (and its error seen) on the next turn
        }
        continue;
      }
      if (page.scannedTo) {
        // A filtered scan moved on without matches: keep scanning from there.
        this.position = page.scannedTo;
        this.markIfCaughtUp();
        continue;
      }
      this.caughtUp = true;
      await this.waitForWake();
    }
  }

  private read(from: GlobalPosition) {
    this.woken = false; // a wake-up from now on means "read again"
    return this.store.readPage(from, this.batchSize, this.options.filter, this.scanLimit);
  }

  private markIfCaughtUp(): void {
    if (this.caughtUp || this.position === undefined) return;
    if (!this.startHead || comparePositions(this.position, this.startHead) >= 0) this.caughtUp = true;
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.store.wakeups.off('appended', this.onWake);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.wakeWaiter?.();
    this.onClose();
  }

  private waitForWake(): Promise<void> {
    if (this.woken) return Promise.resolve();
    const delay =
      this.retryStep < RETRY_AFTER_WAKE_MS.length
        ? RETRY_AFTER_WAKE_MS[this.retryStep++]
        : this.store.pollIntervalMs;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wakeWaiter = done;
    });
  }

  private readonly onWake = (): void => {
    this.woken = true;
    this.retryStep = 0;
    this.wakeWaiter?.();
  };

  private readonly onAbort = (): void => {
    void this.close();
  };
}
