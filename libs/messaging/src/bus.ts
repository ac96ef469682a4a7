/** A message as both transports carry it: Kafka's shape (topic, key, headers, bytes). */
export interface BusMessage {
  readonly topic: string;
  /** Partition key: per-key order is kept. The firm id by default. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: Buffer;
}

/** A message as a consumer received it. */
export interface ReceivedMessage extends BusMessage {
  readonly partition: number;
  /** Offset within the partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
}

/** Sends messages; resolves only once the broker has acknowledged all of them. */
export interface BusProducer {
  send(messages: readonly BusMessage[]): Promise<void>;
}

export interface ConsumerHealth {
  readonly status: 'up' | 'down';
  readonly detail: string;
  /** Times the consumer crashed since start (each was restarted). */
  readonly crashes: number;
}
