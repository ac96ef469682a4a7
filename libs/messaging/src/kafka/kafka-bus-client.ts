import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { BusMessage, BusProducer } from '../bus';

/**
 * Nest `ClientProxy` over a BusProducer, so code can `client.emit(topic, busMessage)` through Nest's
 * client API on either transport. Events only: Baton services do not do request-response over the bus.
 */
export class BusClient extends ClientProxy {
  constructor(
    private readonly producer: BusProducer & { connect?(): Promise<void>; disconnect?(): Promise<void> },
  ) {
    super();
  }

  async connect(): Promise<void> {
    await this.producer.connect?.();
  }

  async close(): Promise<void> {
    await this.producer.disconnect?.();
  }

  unwrap<T>(): T {
    return this.producer as unknown as T;
  }

  override on(): void {
    // no status events
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error('Request-response is not supported on the Baton bus: use emit()'),
      isDisposed: true,
    });
    return () => undefined;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<BusMessage>): Promise<T> {
    await this.producer.send([packet.data]);
    return undefined as T;
  }
}
