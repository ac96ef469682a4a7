import { DomainError } from '@baton/eventsourcing';
import type { DataSource, EntityManager } from 'typeorm';
import type { BusMessage, ReceivedMessage } from './bus';
import { BusContext } from './context';
import { fromBusMessage, type IntegrationEvent } from './envelope';
import { classifyFailure, describeError, PermanentMessageError, SimulatedCrash } from './errors';
import { claimAllInInbox, claimInInbox } from './inbox';
import { dlqTopicOf } from './topics';

export interface ContractCheck {
  has(type: string): boolean;
  /** Throws a SchemaViolationError (permanent) when `data` breaks the contract. */
  validate(
    type: string,
    data: unknown,
  ): { ok: true } | { ok: false; errors: { path: string; rule: string; message: string }[] };
}

export interface RetryPolicy {
  /** Attempts before a transiently failing message goes to the DLQ. Defaults to 5. */
  readonly attempts?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface Failure {
  readonly reason: string;
  readonly errorName: string;
  readonly errorMessage: string;
  readonly attempts: number;
}

export interface ProcessorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Test seams standing for a process dying at a given point. */
export interface ProcessorHooks {
  /** Runs after the handler's transaction committed and before the offset is committed. */
  afterEffect?(message: ReceivedMessage): Promise<void> | void;
}

export type Invoke = (event: IntegrationEvent, context: BusContext) => Promise<void>;

export interface ProcessorOptions {
  readonly group: string;
  /** This consumer's id within the group (for logs and handlers). */
  readonly member?: string;
  readonly dataSource: DataSource;
  readonly contracts: ContractCheck;
  /** The handler for an event type, or undefined when this service does not handle it. */
  readonly handlerFor: (type: string) => Invoke | undefined;
  readonly deadLetter: (message: ReceivedMessage, failure: Failure) => Promise<void>;
  readonly retry?: RetryPolicy;
  readonly logger: ProcessorLogger;
  readonly hooks?: ProcessorHooks;
  /** Stops retries when the consumer shuts down; the message is then redelivered later. */
  readonly signal?: AbortSignal;
}

export type Outcome = 'handled' | 'duplicate' | 'ignored' | 'dead-lettered';

export class ProcessingAborted extends Error {
  constructor() {
    super('processing aborted: consumer stopping');
    this.name = 'ProcessingAborted';
  }
}

export class SchemaViolation extends PermanentMessageError {
  constructor(type: string, errors: { path: string; rule: string; message: string }[]) {
    super(
      `${type} violates its contract: ${errors.map((e) => `${e.path || '/'} ${e.message} (${e.rule})`).join('; ')}`,
      'schema-violation',
    );
  }
}

export class UnknownEventType extends PermanentMessageError {
  constructor(type: string) {
    super(`Unknown integration event type ${JSON.stringify(type)}`, 'unknown-type');
  }
}

/**
 * What both transports do with one received message: decode and validate it, run the handler in a
 * transaction together with the inbox entry, retry transient failures with backoff, dead-letter permanent
 * ones (or transient ones after the last attempt). Resolves when the offset may be committed.
 */
export class MessageProcessor {
  private readonly attempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: ProcessorOptions) {
    this.attempts = options.retry?.attempts ?? 5;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 10000;
  }

  async process(message: ReceivedMessage): Promise<Outcome> {
    let event: IntegrationEvent;
    try {
      event = this.decode(message);
    } catch (error) {
      return this.deadLetter(message, error, 0);
    }
    const invoke = this.options.handlerFor(event.type);
    if (!invoke) return 'ignored';

    for (let attempt = 1; ; attempt++) {
      this.throwIfStopping();
      let outcome: Outcome;
      try {
        outcome = await this.options.dataSource.transaction((manager) =>
          this.handleOnce(manager, message, event, invoke, attempt),
        );
      } catch (error) {
        if (error instanceof SimulatedCrash) throw error;
        const kind = classifyFailure(error);
        if (kind === 'permanent') return this.deadLetter(message, error, attempt);
        if (kind === 'transient' && attempt >= this.attempts) return this.deadLetter(message, error, attempt);
        const delay = this.backoff(kind === 'infrastructure' ? Math.min(attempt, 6) : attempt);
        this.options.logger.warn(
          {
            err: error,
            kind,
            attempt,
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
          },
          `handler failed (${kind}); retrying in ${delay} ms`,
        );
        await this.sleep(delay);
        continue;
      }
      await this.options.hooks?.afterEffect?.(message);
      return outcome;
    }
  }

  /**
   * Handles consecutive messages of one partition in one transaction (one commit for all their effects and
   * inbox entries). If any handler fails, that transaction rolls back and the messages are handled one by
   * one, so only the failing message is retried or dead-lettered.
   */
  async processBatch(messages: readonly ReceivedMessage[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(messages.length);
    const work: { index: number; event: IntegrationEvent; invoke: Invoke }[] = [];
    for (let i = 0; i < messages.length; i++) {
      let event: IntegrationEvent;
      try {
        event = this.decode(messages[i]);
      } catch (error) {
        outcomes[i] = await this.deadLetter(messages[i], error, 0);
        continue;
      }
      const invoke = this.options.handlerFor(event.type);
      if (!invoke) outcomes[i] = 'ignored';
      else work.push({ index: i, event, invoke });
    }
    if (!work.length) return outcomes;
    if (work.length === 1) {
      outcomes[work[0].index] = await this.process(messages[work[0].index]);
      return outcomes;
    }
    this.throwIfStopping();
    try {
      await this.options.dataSource.transaction(async (manager) => {
        const claimed = await claimAllInInbox(
          manager,
          this.options.group,
          work.map(({ index, event }) => ({
            eventId: event.id,
            type: event.type,
            topic: messages[index].topic,
            partition: messages[index].partition,
            offset: messages[index].offset,
          })),
        );
        for (const { index, event, invoke } of work) {
          if (!claimed.delete(event.id)) {
            outcomes[index] = 'duplicate';
            continue;
          }
          const context = new BusContext([
            messages[index],
            manager,
            1,
            this.options.group,
            this.options.member ?? '',
          ]);
          await invoke(event, context);
          outcomes[index] = 'handled';
        }
      });
    } catch (error) {
      if (error instanceof SimulatedCrash) throw error;
      this.options.logger.info(
        { err: error, size: work.length },
        'batch transaction failed; handling its messages one by one',
      );
      for (const { index } of work) outcomes[index] = await this.process(messages[index]);
      return outcomes;
    }
    for (const { index } of work) await this.options.hooks?.afterEffect?.(messages[index]);
    return outcomes;
  }

  /** The envelope, checked against its contract; throws a permanent error otherwise. */
  private decode(message: ReceivedMessage): IntegrationEvent {
    const event = fromBusMessage(message);
    if (!this.options.contracts.has(event.type)) throw new UnknownEventType(event.type);
    const check = this.options.contracts.validate(event.type, event.data);
    if (!check.ok) throw new SchemaViolation(event.type, check.errors);
    return event;
  }

  /** The inbox entry and the handler's effect, in the caller's transaction. */
  private async handleOnce(
    manager: EntityManager,
    message: ReceivedMessage,
    event: IntegrationEvent,
    invoke: Invoke,
    attempt: number,
  ): Promise<'handled' | 'duplicate'> {
    const first = await claimInInbox(manager, {
      group: this.options.group,
      eventId: event.id,
      type: event.type,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    });
    if (!first) return 'duplicate';
    await invoke(
      event,
      new BusContext([message, manager, attempt, this.options.group, this.options.member ?? '']),
    );
    return 'handled';
  }

  private async deadLetter(message: ReceivedMessage, error: unknown, attempts: number): Promise<Outcome> {
    const { name, message: text } = describeError(error);
    const reason =
      error instanceof PermanentMessageError
        ? error.reason
        : error instanceof DomainError
          ? 'domain-rule'
          : attempts > 0
            ? 'retries-exhausted'
            : 'error';
    this.options.logger.error(
      {
        err: error,
        reason,
        attempts,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      },
      'message dead-lettered',
    );
    await this.options.deadLetter(message, { reason, errorName: name, errorMessage: text, attempts });
    return 'dead-lettered';
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempt - 1));
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  private throwIfStopping(): void {
    if (this.options.signal?.aborted) throw new ProcessingAborted();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.options.signal;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new ProcessingAborted());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The message to send to `<topic>.dlq`: the original key and value, its headers plus the failure's. */
export function deadLetterMessage(message: ReceivedMessage, failure: Failure, group: string): BusMessage {
  return {
    topic: dlqTopicOf(message.topic),
    key: message.key,
    headers: deadLetterHeaders(message, failure, group),
    value: message.value,
  };
}

/** Headers a dead-lettered message carries besides its original ones. */
export function deadLetterHeaders(
  message: ReceivedMessage,
  failure: Failure,
  group: string,
): Record<string, string> {
  return {
    ...message.headers,
    'dlq-reason': failure.reason,
    'dlq-error': failure.errorName,
    'dlq-error-message': failure.errorMessage.slice(0, 2000),
    'dlq-attempts': String(failure.attempts),
    'dlq-original-topic': message.topic,
    'dlq-original-partition': String(message.partition),
    'dlq-original-offset': message.offset,
    'dlq-consumer-group': group,
    'dlq-failed-at': new Date().toISOString(),
  };
}
