import type { TopicDefinition } from './contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/*
 * Every topic is declared here and nowhere else.
 *
 * One topic per bounded context, named `baton.<context>.v<N>`. Every message is keyed by the firm it
 * concerns, so all events about one firm stay in order on one partition.
 *
 * Partitions: 6. A consumer group runs at most one active consumer per partition, so 6 is the ceiling
 * for scaling one service out. It is enough for the expected load (tens of thousands of firms, a few events
 * per firm a day), and small enough that the embedded transport and a single-broker Kafka run well on
 * a 2-core dev machine. Adding partitions later remaps keys to partitions and breaks per-firm ordering
 * across the change, so a new partition count means a new topic version (`.v2`) and a migration, not an
 * in-place change.
 *
 * Retention: 14 days. Kafka is not the system of record (each service's event store is; publishers can
 * re-publish from it), so the bus only has to outlast a consumer's outage; 14 days covers a stopped
 * service over a long holiday (설날/추석 can make 5 days off plus weekends) with time to spare.
 */
const CONTEXT_TOPIC_PARTITIONS = 6;
const CONTEXT_TOPIC_RETENTION_MS = 14 * DAY_MS;

/*
 * Dead-letter topics: `<topic>.dlq`, 1 partition, 30 days. Dead letters are rare and read by people and a
 * replay command, not by a scaled-out group, so one partition is plenty; a single partition keeps every
 * dead letter in failure order, which includes per-firm order, so a replay to the source topic (same key)
 * restores each firm's sequence. They are kept longer than the source so an incident can be analysed.
 */
const DLQ_PARTITIONS = 1;
const DLQ_RETENTION_MS = 30 * DAY_MS;

function contextTopic(context: string, description: string): TopicDefinition {
  return Object.freeze({
    name: `baton.${context}.v1`,
    partitions: CONTEXT_TOPIC_PARTITIONS,
    description,
    retentionMs: CONTEXT_TOPIC_RETENTION_MS,
  });
}

export const TOPICS = Object.freeze({
  firmRegistry: contextTopic(
    'firm-registry',
    'Firms (기업): registration, relocation, growth stage (잠재/예비/선도/초광역권 선도), indicators, closure.',
  ),
  relay: contextTopic(
    'relay',
    'Agencies and support cases: hand-offs of a firm between agencies (이어달리기).',
  ),
  crisisMonitoring: contextTopic(
    'crisis-monitoring',
    'Early warnings of crisis signs (위기 징후) about firms and their lifecycle (위기지원센터).',
  ),
  supportPrograms: contextTopic(
    'support-programs',
    'Support programs, enrolments, regional projects (성장프로젝트 300), collaboration cases, network loans.',
  ),
  audit: contextTopic(
    'audit',
    'Per-firm audit ledger facts: verifications, exports and recorded audit reads.',
  ),
});

/** Every context topic, in declaration order. */
export const ALL_TOPICS: readonly TopicDefinition[] = Object.freeze(Object.values(TOPICS));

/** The dead-letter topic of a topic: `<topic>.dlq`; given a definition, the DLQ's definition. */
export function dlqTopicOf(topic: string): string;
export function dlqTopicOf(topic: TopicDefinition): TopicDefinition;
export function dlqTopicOf(topic: string | TopicDefinition): string | TopicDefinition {
  if (typeof topic === 'string') return `${topic}.dlq`;
  return Object.freeze({
    name: dlqTopicOf(topic.name),
    partitions: DLQ_PARTITIONS,
    description: `Dead letters of ${topic.name}: messages a consumer could not process, with the reason.`,
    retentionMs: DLQ_RETENTION_MS,
  });
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith('.dlq');
}
