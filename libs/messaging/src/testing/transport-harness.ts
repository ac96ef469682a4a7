import type { DataSource } from 'typeorm';
import type { BusProducer, ReceivedMessage } from '../bus';
import type { BusServer } from '../bus-server';
import type { ContractCheck, ProcessorHooks, RetryPolicy } from '../processor';
import type { TopicSpec } from '../topics';

export interface ServerSpec {
  readonly group: string;
  readonly topics: readonly TopicSpec[];
  readonly dataSource: DataSource;
  readonly contracts: ContractCheck;
  readonly retry?: RetryPolicy;
  readonly hooks?: ProcessorHooks & { beforeBatch?(topic: string, partition: number): void };
  /** Messages of one partition per handler transaction (the transport's default when absent). */
  readonly maxBatchSize?: number;
  /** A distinct client/member id, so two servers of one group are two members. */
  readonly memberId: string;
}

/**
 * What the transport contract suite needs from a transport (Kafka, embedded). Each test uses topics and
 * groups with its own random names.
 */
export interface TransportHarness {
  readonly name: string;
  createServer(spec: ServerSpec): BusServer;
  createProducer(): Promise<BusProducer & { close(): Promise<void> }>;
  /** Creates topics (and their DLQ topics) up front. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Every message currently in a topic, all partitions, in offset order per partition. */
  readTopic(topic: string): Promise<ReceivedMessage[]>;
  /** Makes the broker unavailable (stopped) until the returned function restores it. */
  outage(): Promise<() => Promise<void>>;
  /** Moves every message of `<topic>.dlq` back to its original topic (the documented replay command's core). */
  replayDeadLetters(dlqTopic: string): Promise<number>;
  close(): Promise<void>;
}
