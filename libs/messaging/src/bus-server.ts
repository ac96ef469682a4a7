import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { ConsumerHealth, ReceivedMessage } from './bus';
import type { BusContext } from './context';
import type { IntegrationEvent } from './envelope';
import {
  MessageProcessor,
  type ContractCheck,
  type Failure,
  type Invoke,
  type ProcessorHooks,
  type ProcessorLogger,
  type RetryPolicy,
} from './processor';
import type { TopicSpec } from './topics';

/** The options both bus servers (Kafka, embedded) share. */
export interface BusServerOptions {
  /** Consumer group: one per service (replicas of a service share it and split the partitions). */
  readonly group: string;
  /** Topics to consume; they and their DLQ topics are created if missing (unless createTopics is false). */
  readonly topics: readonly TopicSpec[];
  /** The handlers' and the inbox's database. */
  readonly dataSource: DataSource;
  readonly contracts: ContractCheck;
  /** Partitions handled at the same time, each in order. Defaults to 3. */
  readonly partitionsConsumedConcurrently?: number;
  /** Messages of one partition handled in one transaction. Defaults to 100. */
  readonly maxBatchSize?: number;
  readonly retry?: RetryPolicy;
  readonly createTopics?: boolean;
  /** Wait before restarting a crashed consumer. Defaults to 2000 ms. */
  readonly restartDelayMs?: number;
  readonly logger?: ProcessorLogger;
  /** Test seams: `afterEffect` between the handler's commit and the offset commit; `beforeBatch` may throw. */
  readonly hooks?: ProcessorHooks & { beforeBatch?(topic: string, partition: number): void };
}

export const silentLogger: ProcessorLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The Nest side shared by the Kafka and the embedded transport: `@EventPattern('<event type>')` methods
 * become the handlers the MessageProcessor invokes.
 */
export abstract class BusServer extends Server implements CustomTransportStrategy {
  abstract health(): ConsumerHealth;

  private readonly invokers = new Map<string, Invoke | undefined>();

  /** The invoker of the `@EventPattern(type)` handler, looked up once per type. */
  protected handlerFor = (type: string): Invoke | undefined => {
    if (!this.invokers.has(type)) this.invokers.set(type, this.invokerFor(type));
    return this.invokers.get(type);
  };

  private invokerFor(type: string): Invoke | undefined {
    const handler = this.getHandlerByPattern(type);
    if (!handler) return undefined;
    return async (event: IntegrationEvent, context: BusContext) => {
      try {
        const result = await handler(event, context);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      } catch (error) {
        if (error instanceof Error) throw error;
        // Nest's default filter hid the original error: see BusExceptionFilter / createBusMicroservice.
        throw new Error(
          `handler failed: ${JSON.stringify(error)} (install BusExceptionFilter to see the cause)`,
        );
      }
    };
  }

  /** The processor every received message goes through, wired to this server's handlers. */
  protected createProcessor(
    options: BusServerOptions,
    member: string,
    deadLetter: (message: ReceivedMessage, failure: Failure) => Promise<void>,
    signal: AbortSignal,
  ): MessageProcessor {
    return new MessageProcessor({
      group: options.group,
      member,
      dataSource: options.dataSource,
      contracts: options.contracts,
      handlerFor: this.handlerFor,
      deadLetter,
      retry: options.retry,
      logger: options.logger ?? silentLogger,
      hooks: options.hooks,
      signal,
    });
  }

  /** The event types this service handles. */
  protected handledTypes(): string[] {
    return [...this.getHandlers().keys()];
  }

  // Nest 11 requires these on a custom transport; we expose health() instead of status events.
  override on(): void {
    // no events
  }

  override unwrap<T>(): T {
    return this as unknown as T;
  }
}
