import { BusClient } from '../kafka/kafka-bus-client';
import { EmbeddedBusProducer, type EmbeddedBusProducerOptions } from './embedded-bus';

/**
 * Nest `ClientProxy` on the embedded bus: `client.emit(type, busMessage)` resolves once the message is
 * committed (routing is by the message's topic and key). Events only, like BusClient on Kafka.
 */
export class EmbeddedBusClient extends BusClient {
  constructor(options: EmbeddedBusProducerOptions) {
    super(new EmbeddedBusProducer(options));
  }
}
