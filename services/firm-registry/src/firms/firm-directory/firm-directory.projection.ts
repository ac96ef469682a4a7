import { assertNever, type RecordedEvent } from '@baton/eventsourcing';
import type { Projection } from '@baton/projections';
import type { EntityManager } from 'typeorm';
import { FIRM_STREAM_PREFIX, type FirmEvent, type FirmRegistered } from '../firm.events';

/**
 * Firms as agencies look them up: the list (filters, name search), each profile with its stage history
 * (effective and recorded time) and every indicator report including restatements. Personal data stays
 * sealed here; the profile query unseals it.
 */
export const firmDirectoryProjection: Projection = {
  name: 'firm-registry.firm-directory',
  filter: { streamPrefixes: [FIRM_STREAM_PREFIX] },

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events)
      await applyOne({ type: recorded.type, data: recorded.data } as FirmEvent, recorded, manager);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE firms, firm_stage_history, firm_indicator_reports');
  },
};

async function applyOne(event: FirmEvent, recorded: RecordedEvent, manager: EntityManager): Promise<void> {
  const touch = (sets: string, params: unknown[]) =>
    manager.query(
      `UPDATE firms SET ${sets ? `${sets}, ` : ''}revision = $2, updated_at = $3 WHERE firm_id = $1`,
      [
        recorded.streamId.slice(FIRM_STREAM_PREFIX.length),
        recorded.revision,
        recorded.metadata.recordedAt,
        ...params,
      ],
    );
  switch (event.type) {
    case 'FirmRegistered':
      return insertFirms([recorded], manager);
    case 'FirmProfileAmended': {
      const c = event.data.changes;
      await touch(
        `name = COALESCE($4, name), representative = COALESCE($5, representative),
         ksic_code = CASE WHEN $6::boolean THEN $7 ELSE ksic_code END,
         founded_on = COALESCE($8, founded_on), size = COALESCE($9, size), industry_id = COALESCE($10, industry_id)`,
        [
          c.name ?? null,
          c.representative ?? null,
          c.ksicCode !== undefined,
          c.ksicCode ?? null,
          c.foundedOn ?? null,
          c.size ?? null,
          c.industryId ?? null,
        ],
      );
      return;
    }
    case 'FirmRelocated':
      await touch('region_code = $4, industry_id = $5', [event.data.toRegion, event.data.industryId]);
      return;
    case 'FirmClosed':
      await touch(`status = 'closed', closed_on = $4, closure_reason = $5`, [
        event.data.closedOn,
        event.data.reason,
      ]);
      return;
    case 'IndicatorsReported':
    case 'IndicatorsRestated': {
      const d = event.data;
      await manager.query(
        `INSERT INTO firm_indicator_reports (firm_id, period, version, indicators, restatement_reason, reported_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          d.firmId,
          d.period,
          event.type === 'IndicatorsRestated' ? event.data.version : 1,
          d.indicators,
          event.type === 'IndicatorsRestated' ? event.data.reason : null,
          d.reportedAt,
          recorded.metadata.recordedAt,
        ],
      );
      await touch('', []);
      return;
    }
    case 'GrowthStageAssessed': {
      const d = event.data;
      await stageHistory(manager, recorded, {
        kind: 'assessment',
        stage: d.stage,
        previous: d.previousStage,
        scores: d.scores,
        agency: d.assessingAgencyId,
        industry: null,
        regions: null,
        effectiveAt: d.effectiveAt,
      });
      await touch('stage = $4, stage_effective_at = $5, super_regional = NULL', [d.stage, d.effectiveAt]);
      return;
    }
    case 'SuperRegionalLeadingFirmDesignated': {
      const d = event.data;
      await stageHistory(manager, recorded, {
        kind: 'designation',
        stage: 'super-regional-leading',
        previous: d.previousStage,
        scores: d.scores,
        agency: d.designatingAgencyId,
        industry: d.industryId,
        regions: d.cooperatingRegions,
        effectiveAt: d.effectiveAt,
      });
      await touch(`stage = 'super-regional-leading', stage_effective_at = $4, super_regional = $5`, [
        d.effectiveAt,
        { industryId: d.industryId, cooperatingRegions: d.cooperatingRegions },
      ]);
      return;
    }
    default:
      return assertNever(event, 'firm event');
  }
}

async function stageHistory(
  manager: EntityManager,
  recorded: RecordedEvent,
  row: {
    kind: string;
    stage: string;
    previous: string;
    scores: unknown;
    agency: string;
    industry: string | null;
    regions: string[] | null;
    effectiveAt: string;
  },
) {
  await manager.query(
    `INSERT INTO firm_stage_history (firm_id, revision, kind, stage, previous_stage, scores, agency_id, industry_id,
                                     cooperating_regions, effective_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      recorded.streamId.slice(FIRM_STREAM_PREFIX.length),
      recorded.revision,
      row.kind,
      row.stage,
      row.previous,
      row.scores,
      row.agency,
      row.industry,
      row.regions,
      row.effectiveAt,
      recorded.metadata.recordedAt,
    ],
  );
}

async function insertFirms(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
  if (!events.length) return;
  const rows = events.map((e) => ({
    ...(e.data as FirmRegistered['data']),
    revision: e.revision,
    recordedAt: e.metadata.recordedAt,
  }));
  const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
  await manager.query(
    `INSERT INTO firms (firm_id, brn, name, representative, region_code, industry_id, ksic_code, founded_on, size,
                        stage, status, registered_at, revision, updated_at)
     SELECT f.firm_id, f.brn, f.name, f.representative, f.region_code, f.industry_id, f.ksic_code, f.founded_on, f.size,
            'potential', 'active', f.registered_at, f.revision, f.updated_at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::date[],
                 $9::text[], $10::timestamptz[], $11::int[], $12::timestamptz[])
          AS f(firm_id, brn, name, representative, region_code, industry_id, ksic_code, founded_on, size,
               registered_at, revision, updated_at)
     ON CONFLICT (firm_id) DO NOTHING`,
    [
      column((r) => r.firmId),
      column((r) => r.businessRegistrationNumber),
      column((r) => r.name),
      column((r) => JSON.stringify(r.representative)),
      column((r) => r.regionCode),
      column((r) => r.industryId),
      column((r) => r.ksicCode),
      column((r) => r.foundedOn),
      column((r) => r.size),
      column((r) => r.registeredAt),
      column((r) => r.revision),
      column((r) => r.recordedAt),
    ],
  );
}
