import { REGIONS } from '@baton/reference-data';
import type { DataSource } from 'typeorm';

/**
 * The ministry's 2027 goal (지역중소기업 성장 프로젝트): 280 선도기업 in core industries + 20 초광역권
 * 선도기업 = 300 representative firms (BRIEF.md, from the seed articles).
 */
export const STAGE_TARGETS_2027 = { leading: 280, superRegionalLeading: 20, deadline: '2027-12-31' } as const;

type Counts = { potential: number; preliminary: number; leading: number; superRegionalLeading: number };
const STAGE_KEYS: Record<string, keyof Counts> = {
  potential: 'potential',
  preliminary: 'preliminary',
  leading: 'leading',
  'super-regional-leading': 'superRegionalLeading',
};
const empty = (): Counts => ({ potential: 0, preliminary: 0, leading: 0, superRegionalLeading: 0 });

/** Active firms per growth stage, by region and by industry, against the 2027 targets. */
export class StageProgressQuery {
  constructor(private readonly dataSource: DataSource) {}

  async progress() {
    const rows: { region_code: string; industry_id: string; stage: string; n: string }[] =
      await this.dataSource.query(
        // A 초광역권 선도기업 counts under the cooperative industry it was designated in.
        `SELECT region_code, COALESCE(super_regional->>'industryId', industry_id) AS industry_id, stage, count(*) AS n
       FROM firms WHERE status = 'active' GROUP BY 1, 2, 3`,
      );
    const totals = empty();
    const byRegion = new Map<string, Counts>(REGIONS.map((r) => [r.code, empty()]));
    const byIndustry = new Map<string, Counts>();
    for (const row of rows) {
      const key = STAGE_KEYS[row.stage];
      const n = Number(row.n);
      totals[key] += n;
      (byRegion.get(row.region_code) ?? byRegion.set(row.region_code, empty()).get(row.region_code)!)[key] +=
        n;
      (byIndustry.get(row.industry_id) ?? byIndustry.set(row.industry_id, empty()).get(row.industry_id)!)[
        key
      ] += n;
    }
    const toward = (count: number, target: number) => ({
      count,
      target,
      percent: Math.round((count / target) * 1000) / 10,
    });
    return {
      targets: STAGE_TARGETS_2027,
      totals,
      progress: {
        leading: toward(totals.leading, STAGE_TARGETS_2027.leading),
        superRegionalLeading: toward(totals.superRegionalLeading, STAGE_TARGETS_2027.superRegionalLeading),
        representative: toward(
          totals.leading + totals.superRegionalLeading,
          STAGE_TARGETS_2027.leading + STAGE_TARGETS_2027.superRegionalLeading,
        ),
      },
      byRegion: REGIONS.map((r) => ({ regionCode: r.code, nameKo: r.nameKo, ...byRegion.get(r.code)! })),
      byIndustry: [...byIndustry]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([industryId, c]) => ({ industryId, ...c })),
    };
  }
}
