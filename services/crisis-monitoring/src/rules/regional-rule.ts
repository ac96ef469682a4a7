import type { RegionCode } from '@baton/reference-data';
import { instantMs } from './instant';
import type { RegionalRule } from './rule-set';

/** An open warning as the regional rule sees it. */
export interface OpenWarningRecord {
  readonly firmId: string;
  readonly region: RegionCode;
  readonly industryId: string;
  /** ISO instant with offset. */
  readonly raisedAt: string;
}

/** A cluster of firms in trouble in one region and industry (지역·업종 위기 징후). */
export interface RegionalWarning {
  readonly region: RegionCode;
  readonly industryId: string;
  /** Distinct firms, sorted. */
  readonly firmIds: readonly string[];
  readonly windowStart: string;
  readonly windowEnd: string;
}

const DAY_MS = 86_400_000;

function msOf(value: string, what: string): number {
  const ms = instantMs(value);
  if (ms === undefined) throw new RangeError(`${what} must be an ISO instant with an offset, got "${value}"`);
  return ms;
}

/**
 * Regional warnings as of `asOf`: every region and industry with at least `minFirms` distinct firms whose open
 * warnings were raised within the `windowDays` days up to `asOf` (both ends included). Warnings raised after
 * `asOf` are not known yet. Sorted by region, then industry.
 */
export function regionalWarnings(
  openWarnings: readonly OpenWarningRecord[],
  rule: RegionalRule,
  asOf: string,
): RegionalWarning[] {
  const end = msOf(asOf, 'asOf');
  const start = end - rule.windowDays * DAY_MS;
  const groups = new Map<string, { region: RegionCode; industryId: string; firms: Set<string> }>();
  for (const w of openWarnings) {
    const at = msOf(w.raisedAt, 'raisedAt');
    if (at < start || at > end) continue;
    const key = `${w.region}\u0000${w.industryId}`;
    const group = groups.get(key) ?? { region: w.region, industryId: w.industryId, firms: new Set<string>() };
    group.firms.add(w.firmId);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.firms.size >= rule.minFirms)
    .sort((a, b) => a.region.localeCompare(b.region) || a.industryId.localeCompare(b.industryId))
    .map((g) => ({
      region: g.region,
      industryId: g.industryId,
      firmIds: [...g.firms].sort(),
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(end).toISOString(),
    }));
}
