import type { RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { WARNING_STREAM_PREFIX, type WarningEvent } from '../warning.events';

/**
 * Every warning with where it stands: level, who holds it, SLA, what was done, how it ended. Feeds the open
 * warnings by region, level and age, center workload, time to acknowledge and rule precision. One statement
 * per event; a batch's statements share the runner's transaction.
 */
export const warningBoardProjection: Projection = {
  name: 'crisis-monitoring.warning-board',
  filter: { streamPrefixes: [WARNING_STREAM_PREFIX] },
  async apply(events: readonly RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as WarningEvent;
      const update = (warningId: string, sets: string, params: unknown[]) =>
        manager.query(`UPDATE warnings SET ${sets}, revision = $2 WHERE warning_id = $1`, [
          warningId,
          recorded.revision,
          ...params,
        ]);
      switch (event.type) {
        case 'WarningRaised': {
          const d = event.data;
          await manager.query(
            `INSERT INTO warnings (warning_id, firm_id, signal, region_code, industry_id, level, status, rule_set_version,
                                   rule_id, measured, inputs, routed_to, routing_reason, raised_at, ack_due_at,
                                   stream_id, revision)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (warning_id) DO NOTHING`,
            [
              d.warningId,
              d.firmId,
              d.signal,
              d.region,
              d.industryId,
              d.level,
              d.ruleSetVersion,
              d.ruleId,
              d.measured,
              d.inputs,
              d.routedTo,
              d.routingReason,
              d.raisedAt,
              d.ackDueAt,
              recorded.streamId,
              recorded.revision,
            ],
          );
          break;
        }
        case 'WarningLevelChanged':
          await update(event.data.warningId, 'level = $3, measured = $4, inputs = $5, ack_due_at = $6', [
            event.data.to,
            event.data.measured,
            event.data.inputs,
            event.data.ackDueAt,
          ]);
          break;
        case 'WarningAcknowledged':
          await update(event.data.warningId, 'acknowledged_at = $3', [event.data.acknowledgedAt]);
          break;
        case 'WarningEscalated':
          await update(event.data.warningId, 'escalated_to = $3, escalated_at = $4', [
            event.data.escalatedTo,
            event.data.escalatedAt,
          ]);
          break;
        case 'PreventionPlanRecorded':
          await update(event.data.warningId, 'plans = plans + 1', []);
          break;
        case 'EmergencySupportGiven':
          await update(event.data.warningId, 'supports = supports + 1', []);
          break;
        case 'ReferredForBusinessConversion':
          await update(event.data.warningId, 'referrals = referrals + 1', []);
          break;
        case 'WarningResolved':
          await update(event.data.warningId, `status = 'resolved', closed_at = $3, outcome = $4`, [
            event.data.resolvedAt,
            event.data.outcome,
          ]);
          break;
        case 'WarningDismissed':
          await update(event.data.warningId, `status = 'dismissed', closed_at = $3, dismiss_reason = $4`, [
            event.data.dismissedAt,
            event.data.reason,
          ]);
          break;
      }
    }
  },
  async reset(manager: EntityManager) {
    await manager.query('TRUNCATE warnings');
  },
};
