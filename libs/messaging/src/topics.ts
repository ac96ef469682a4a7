import { ALL_TOPICS, dlqTopicOf } from '@baton/contracts';

export { dlqTopicOf, isDlqTopic } from '@baton/contracts';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/** Every topic of the contracts with its dead-letter topic (one partition: it only needs to keep order of arrival). */
export const ALL_TOPIC_SPECS: readonly TopicSpec[] = ALL_TOPICS.flatMap((t) => [
  { name: t.name, partitions: t.partitions },
  { name: dlqTopicOf(t.name), partitions: 1 },
]);
