import { contextOf } from './contract';
import { allContracts } from './all-contracts';
import { ALL_TOPICS, dlqTopicOf, isDlqTopic, TOPICS } from './topics';

describe('topics', () => {
  it('declares one topic per context, named baton.<context>.v<N>, each name once', () => {
    const names = ALL_TOPICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^baton\.[a-z][a-z-]*\.v[0-9]+$/);
    expect(names).toEqual([
      'baton.firm-registry.v1',
      'baton.relay.v1',
      'baton.crisis-monitoring.v1',
      'baton.support-programs.v1',
      'baton.audit.v1',
    ]);
    for (const topic of ALL_TOPICS) {
      expect(topic.partitions).toBe(6);
      expect(topic.retentionMs).toBeGreaterThan(0);
    }
  });

  it('puts every event on a topic declared in topics.ts (the same object), the one of its context', () => {
    for (const definition of allContracts.definitions()) {
      expect(ALL_TOPICS).toContain(definition.topic);
      expect(definition.topic.name).toBe(`baton.${contextOf(definition.type)}.v1`);
    }
    for (const topic of allContracts.topics()) expect(ALL_TOPICS).toContain(topic);
  });

  it('names dead-letter topics <topic>.dlq, with one partition', () => {
    expect(dlqTopicOf('baton.relay.v1')).toBe('baton.relay.v1.dlq');
    const dlq = dlqTopicOf(TOPICS.relay);
    expect(dlq).toMatchObject({ name: 'baton.relay.v1.dlq', partitions: 1 });
    expect(dlq.retentionMs).toBeGreaterThanOrEqual(TOPICS.relay.retentionMs!);
    expect(isDlqTopic(dlq.name)).toBe(true);
    expect(isDlqTopic(TOPICS.relay.name)).toBe(false);
  });
});
