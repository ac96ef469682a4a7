import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { ConsumerHealth } from './bus';
import type { BusContext } from './context';
import type { IntegrationEvent } from './envelope';
import type { Invoke } from './processor';

/**
 * The Nest side shared by the Kafka and the embedded transport: `@EventPattern('<event type>')` methods
 * become the handlers the MessageProcessor invokes.
 */
export abstract class BusServer extends Server implements CustomTransportStrategy {
  abstract health(): ConsumerHealth;

  protected handlerFor = (type: string): Invoke | undefined => {
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
  };

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
