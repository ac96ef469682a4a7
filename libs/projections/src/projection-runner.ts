import { comparePositions, type GlobalPosition, type RecordedEvent } from '@baton/eventsourcing';
import type { EventStore, Subscription } from '@baton/eventstore';
import type { DataSource, QueryRunner } from 'typeorm';
import { advanceCheckpoint, ensureCheckpointTable, readCheckpoint, resetCheckpoint } from './checkpoints';
import type { Projection } from './projection';

export interface RunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ProjectionRunnerOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly projection: Projection;
  /** Events applied per transaction. Defaults to 500. */
  readonly batchSize?: number;
  /** How long a partial batch waits for more events before it is applied. Defaults to 10 ms. */
  readonly maxBatchDelayMs?: number;
  /** How often a standby runner tries to take the lock. Defaults to 1000 ms. */
  readonly lockRetryMs?: number;
  readonly logger?: RunnerLogger;
  /** Advisory-lock key; defaults to `baton-projection:<name>`. */
  readonly lockKey?: string;
}

export class ProjectionTimeoutError extends Error {
  constructor(
    readonly projection: string,
    readonly position: GlobalPosition,
    readonly timeoutMs: number,
  ) {
    super(
      `Projection "${projection}" did not reach ${position.commit}/${position.prepare} within ${timeoutMs} ms`,
    );
    this.name = 'ProjectionTimeoutError';
  }
}

/** The checkpoint moved under us: another runner or a rebuild. The batch was rolled back. */
class CheckpointMoved extends Error {}

export type RunnerStatus = 'stopped' | 'standby' | 'active';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Applies subscribed events to a TypeORM read model, the checkpoint in the same transaction. One runner
 * per projection is active across processes (a session advisory lock on a dedicated connection); the
 * others wait and take over when the holder's connection dies. The checkpoint is also compare-and-set, so
 * even two runners that both believe they hold the lock cannot apply a batch twice.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly maxBatchDelayMs: number;
  private readonly lockRetryMs: number;
  private readonly logger: RunnerLogger;
  private lockConnection: QueryRunner | undefined;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private checkpoint: GlobalPosition | undefined;
  private _status: RunnerStatus = 'stopped';
  private applied = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? 10;
    this.lockRetryMs = options.lockRetryMs ?? 1000;
    this.logger = options.logger ?? { info: () => undefined, warn: () => undefined };
  }

  private get lockKey(): string {
    return this.options.lockKey ?? `baton-projection:${this.name}`;
  }

  get name(): string {
    return this.options.projection.name;
  }

  get status(): RunnerStatus {
    return this._status;
  }

  /** Events applied by this runner since it started. */
  get eventsApplied(): number {
    return this.applied;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    await ensureCheckpointTable(this.options.dataSource);
    this.stopping = false;
    this._status = 'standby';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this._status = 'stopped';
  }

  /**
   * Empties the read model and replays from the first event. Safe from any process: the active runner's
   * next checkpoint update fails, and it restarts from the reset checkpoint.
   */
  async rebuild(): Promise<void> {
    await ensureCheckpointTable(this.options.dataSource);
    await this.options.dataSource.transaction(async (manager) => {
      await this.options.projection.reset(manager);
      await resetCheckpoint(manager, this.name);
    });
    await this.subscription?.close(); // an active local runner resubscribes from the reset checkpoint
    this.logger.info({ projection: this.name }, 'projection reset for rebuild');
  }

  /** The stored checkpoint: how far the read model reflects the store. */
  async currentCheckpoint(): Promise<GlobalPosition> {
    await ensureCheckpointTable(this.options.dataSource);
    return readCheckpoint(this.options.dataSource.manager, this.name);
  }

  /**
   * Read-your-writes: resolves once the read model reflects every event of the projection's filter up to
   * `position` (e.g. the position a command returned), wherever the active runner is.
   */
  async waitForPosition(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.hasReached(position)) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new ProjectionTimeoutError(this.name, position, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(25, left));
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** Lag: events of the projection's filter not yet applied (counted up to `cap`) and the age of the oldest. */
  async lag(cap = 1000): Promise<{ events: number; seconds: number; capped: boolean }> {
    const checkpoint = await this.currentCheckpoint();
    const pending = await this.options.store.readAll({
      fromPosition: checkpoint,
      maxCount: cap,
      filter: this.options.projection.filter,
    });
    const oldest = pending[0] ? Date.parse(pending[0].metadata.recordedAt) : undefined;
    return {
      events: pending.length,
      seconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
      capped: pending.length === cap,
    };
  }

  private async hasReached(position: GlobalPosition): Promise<boolean> {
    const checkpoint = await this.currentCheckpoint();
    if (comparePositions(checkpoint, position) >= 0) return true;
    // The checkpoint only moves on events the projection sees; the position may be an event it filters out.
    const head = await this.options.store.headPosition();
    if (!head || comparePositions(head, position) < 0) return false; // not yet visible to readers
    const [next] = await this.options.store.readAll({
      fromPosition: checkpoint,
      maxCount: 1,
      filter: this.options.projection.filter,
    });
    return !next || comparePositions(next.position, position) > 0;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!(await this.acquireLock())) {
          await sleep(this.lockRetryMs);
          continue;
        }
        this._status = 'active';
        this.logger.info({ projection: this.name }, 'projection runner active');
        await this.consume();
      } catch (error) {
        if (!this.stopping) {
          this.logger.warn({ err: error, projection: this.name }, 'projection runner failed; retrying');
          await sleep(Math.min(this.lockRetryMs, 500));
        }
      } finally {
        await this.releaseLock();
        if (!this.stopping) this._status = 'standby';
      }
    }
  }

  private async acquireLock(): Promise<boolean> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey]);
      if (row.locked) {
        this.lockConnection = runner;
        this.lockCheckedAt = Date.now();
        return true;
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return false;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockConnection;
    this.lockConnection = undefined;
    if (!runner) return;
    try {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]);
    } catch {
      // The connection is gone, and the lock with it.
    }
    await runner.release().catch(() => undefined);
  }

  private lockCheckedAt = 0;

  /** Checks, at most once a second, that the lock's connection is alive (a dead one released the lock). */
  private async stillHoldsLock(): Promise<boolean> {
    if (Date.now() - this.lockCheckedAt < 1000) return true;
    try {
      await this.lockConnection?.query('SELECT 1');
      this.lockCheckedAt = Date.now();
      return !!this.lockConnection;
    } catch {
      return false;
    }
  }

  private async consume(): Promise<void> {
    const { dataSource, store, projection } = this.options;
    this.checkpoint = await readCheckpoint(dataSource.manager, this.name);
    const subscription = store.subscribeToAll({
      fromPosition: this.checkpoint,
      filter: projection.filter,
      batchSize: this.batchSize,
    });
    this.subscription = subscription;
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    try {
      while (!this.stopping) {
        const batch: RecordedEvent[] = [];
        let deadline: number | undefined;
        while (batch.length < this.batchSize) {
          pending ??= subscription.next();
          const wait = deadline === undefined ? undefined : deadline - Date.now();
          if (wait !== undefined && wait <= 0) break;
          const result = await (wait === undefined ? pending : raceTimeout(pending, wait));
          if (result === TIMEOUT) break;
          pending = undefined;
          if (result.done) break;
          batch.push(result.value);
          deadline ??= Date.now() + this.maxBatchDelayMs;
        }
        // An ended subscription (stop, or a local rebuild) starts again from the stored checkpoint.
        if (batch.length === 0) return;
        if (!(await this.stillHoldsLock())) {
          this.logger.warn({ projection: this.name }, 'projection lock lost; stepping down');
          return;
        }
        await this.applyBatch(batch);
      }
    } catch (error) {
      if (error instanceof CheckpointMoved) {
        this.logger.info({ projection: this.name }, 'checkpoint moved (rebuild or takeover); resubscribing');
        return;
      }
      throw error;
    } finally {
      await subscription.close();
      this.subscription = undefined;
    }
  }

  private async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const from = this.checkpoint!;
    const to = batch[batch.length - 1].position;
    await this.options.dataSource.transaction(async (manager) => {
      await this.options.projection.apply(batch, manager);
      const moved = await advanceCheckpoint(
        manager,
        this.name,
        from,
        to,
        batch.length,
        batch[batch.length - 1].metadata.recordedAt,
      );
      if (!moved) throw new CheckpointMoved();
    });
    this.checkpoint = to;
    this.applied += batch.length;
    for (const wake of [...this.waiters]) wake();
  }
}

const TIMEOUT = Symbol('timeout');

function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
