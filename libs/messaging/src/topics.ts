export { dlqTopicOf, isDlqTopic } from '@baton/contracts';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}
