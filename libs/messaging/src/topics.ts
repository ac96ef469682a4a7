export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/** Where a topic's dead letters go. */
export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith('.dlq');
}
