export * from './bus';
export * from './envelope';
export * from './errors';
export * from './inbox';
export * from './context';
export * from './processor';
export * from './bus-server';
export * from './bus-exception-filter';
export * from './topics';
export * from './kafka/kafka-bus';
export * from './kafka/kafka-bus-server';
export * from './kafka/kafka-bus-client';
export * from './kafka/kafka-dlq-replay';
export * from './publisher/event-publisher';
export {
  EmbeddedBusServer,
  assignPartitions,
  type EmbeddedBusServerOptions,
} from './embedded/embedded-bus-server';
export {
  EmbeddedBusProducer,
  ensureEmbeddedTopics,
  guardCheckedOutClients,
  readPartition,
  UnknownTopicError,
} from './embedded/embedded-bus';
export { EmbeddedBusClient } from './embedded/embedded-bus-client';
export { replayEmbeddedDeadLetters, DLQ_REPLAY_GROUP } from './embedded/embedded-dlq-replay';
export { DEFAULT_BUS_SCHEMA, migrateBusSchema } from './embedded/schema';
