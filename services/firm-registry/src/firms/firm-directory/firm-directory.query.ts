import { decodeCursor, invalidField, toPage, type Page } from '@baton/platform';
import type { DataSource } from 'typeorm';
import type { PersonalDataVault } from '../../personal-data/personal-data-vault';
import type { Representative, SealedPersonalData } from '../../personal-data/sealed';

export interface FirmListFilter {
  readonly regionCode?: string;
  readonly industryId?: string;
  readonly stage?: string;
  readonly size?: string;
  readonly status?: string;
  /** Part of the firm's name (Korean or Latin), matched anywhere in it. */
  readonly q?: string;
  readonly cursor?: string;
  readonly limit: number;
}

export interface FirmSummary {
  firmId: string;
  businessRegistrationNumber: string;
  name: string;
  regionCode: string;
  industryId: string;
  stage: string;
  size: string;
  status: string;
  registeredAt: string;
}

const SUMMARY = `firm_id AS "firmId", brn AS "businessRegistrationNumber", name, region_code AS "regionCode",
  industry_id AS "industryId", stage, size, status,
  to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "registeredAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Escapes LIKE wildcards so a search for `50%` finds "50%", not everything. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class FirmDirectoryQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PersonalDataVault,
  ) {}

  /** Firms ordered by name, then id; keyset pagination on that order. */
  async list(filter: FirmListFilter): Promise<Page<FirmSummary>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.regionCode) add('region_code = ?', filter.regionCode);
    if (filter.industryId) add('industry_id = ?', filter.industryId);
    if (filter.stage) add('stage = ?', filter.stage);
    if (filter.size) add('size = ?', filter.size);
    if (filter.status) add('status = ?', filter.status);
    if (filter.q) {
      const compact = filter.q.replace(/\s+/g, '').toLowerCase();
      // Two characters: the bigram index (trigrams need three); longer: ILIKE on the trigram index.
      if (compact.length === 2) add('name_bigrams @> ARRAY[?]::text[]', compact);
      else add('name ILIKE ?', likePattern(filter.q));
    }
    const after = decodeCursor(filter.cursor, 2);
    // A well-formed cursor not made here (e.g. edited by hand) must not reach the uuid cast as a 500.
    if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string' || !UUID.test(after[1])))
      throw invalidField(
        'cursor',
        'format',
        'cursor must be a value returned as nextCursor by this endpoint',
      );
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(name, firm_id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    const rows: FirmSummary[] = await this.dataSource.query(
      `SELECT ${SUMMARY} FROM firms ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY name, firm_id LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, filter.limit, (r) => [r.name, r.firmId]);
  }

  async findIdByBrn(brn: string): Promise<string | undefined> {
    const rows = await this.dataSource.query('SELECT firm_id FROM firms WHERE brn = $1', [brn]);
    return rows[0]?.firm_id;
  }

  /** The profile with stage history and indicator reports, or undefined for an unknown firm. */
  async profile(firmId: string) {
    const [firm] = await this.dataSource.query(
      `SELECT ${SUMMARY}, representative, ksic_code AS "ksicCode", to_char(founded_on, 'YYYY-MM-DD') AS "foundedOn",
              stage_effective_at AS "stageEffectiveAt", super_regional AS "superRegional",
              to_char(closed_on, 'YYYY-MM-DD') AS "closedOn", closure_reason AS "closureReason", revision
       FROM firms WHERE firm_id = $1`,
      [firmId],
    );
    if (!firm) return undefined;
    const [stageHistory, indicatorReports] = await Promise.all([
      this.dataSource.query(
        `SELECT kind, stage, previous_stage AS "previousStage", scores, agency_id AS "agencyId",
                industry_id AS "industryId", cooperating_regions AS "cooperatingRegions",
                effective_at AS "effectiveAt", recorded_at AS "recordedAt"
         FROM firm_stage_history WHERE firm_id = $1 ORDER BY revision`,
        [firmId],
      ),
      this.dataSource.query(
        `SELECT period, version, indicators, restatement_reason AS "restatementReason",
                reported_at AS "reportedAt", recorded_at AS "recordedAt"
         FROM firm_indicator_reports WHERE firm_id = $1 ORDER BY period, version`,
        [firmId],
      ),
    ]);
    const {
      representative: sealed,
      revision,
      ...rest
    } = firm as { representative: SealedPersonalData; revision: number };
    const representative = await this.vault.unseal<Representative>(sealed);
    return {
      revision,
      firm: {
        ...(rest as unknown as FirmSummary),
        stageEffectiveAt: iso((rest as { stageEffectiveAt: Date | null }).stageEffectiveAt),
        representative: representative ?? { erased: true },
        stageHistory: stageHistory.map((h: Record<string, unknown>) => ({
          ...h,
          effectiveAt: iso(h.effectiveAt as Date),
          recordedAt: iso(h.recordedAt as Date),
        })),
        indicatorReports: indicatorReports.map((r: Record<string, unknown>) => ({
          ...r,
          reportedAt: iso(r.reportedAt as Date),
          recordedAt: iso(r.recordedAt as Date),
        })),
      },
    };
  }
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
