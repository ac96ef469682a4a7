import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { BusMessage } from '../bus';
import { EmbeddedBusProducer, InvalidMessageError, type EmbeddedBusProducerOptions } from './embedded-bus';

/**
 * Nest `ClientProxy` on the embedded bus, for services that emit through Nest's client API:
 * `client.emit(type, busMessage)` (or an array of them) resolves once the messages are committed.
 * The pattern is not used for routing: the message's topic and key are. Events only: `send` (request-
 * response) is not supported, as on Kafka topics used as an event log.
 */
export class EmbeddedBusClient extends ClientProxy {
  private producer: EmbeddedBusProducer | undefined;

  constructor(private readonly options: EmbeddedBusProducerOptions) {
    super();
  }

  async connect(): Promise<EmbeddedBusProducer> {
    this.producer ??= new EmbeddedBusProducer(this.options);
    await this.producer.connect();
    return this.producer;
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close();
  }

  unwrap<T>(): T {
    if (!this.producer) throw new Error('EmbeddedBusClient is not connected');
    return this.producer as T;
  }

  protected async dispatchEvent<T = unknown>(
    packet: ReadPacket<BusMessage | readonly BusMessage[]>,
  ): Promise<T> {
    const data = packet.data;
    const messages = Array.isArray(data) ? data : [data];
    if (!messages.every((m) => m && typeof m === 'object' && Buffer.isBuffer((m as BusMessage).value))) {
      throw new InvalidMessageError(
        'emit() data must be a BusMessage (see toBusMessage) or an array of them',
      );
    }
    const producer = await this.connect();
    await producer.send(messages as readonly BusMessage[]);
    return undefined as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error('The embedded bus carries events only: use emit(), request-response is not supported'),
      isDisposed: true,
    });
    return () => undefined;
  }
}
