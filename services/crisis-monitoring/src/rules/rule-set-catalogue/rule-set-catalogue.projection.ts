import type { RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { RULE_SET_STREAM_ID, type RuleSetEvent } from '../rule-set.decider';

/** Every published rule-set version; the highest is in force. */
export const ruleSetCatalogueProjection: Projection = {
  name: 'crisis-monitoring.rule-sets',
  filter: { streamPrefixes: [RULE_SET_STREAM_ID] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as RuleSetEvent;
      if (event.type !== 'RuleSetPublished') continue;
      const d = event.data;
      await manager.query(
        `INSERT INTO rule_sets (version, rule_set, note, published_by, published_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (version) DO NOTHING`,
        [d.version, d.ruleSet, d.note, d.publishedBy, d.publishedAt],
      );
    }
  },
  async reset(manager: EntityManager) {
    await manager.query('TRUNCATE rule_sets');
  },
};
