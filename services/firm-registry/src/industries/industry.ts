import type { Confidence, IndustryEntry, IndustryKind, RegionCode } from '@baton/reference-data';

/** A regional key industry (지역주력산업) as the catalogue holds it. */
export interface CatalogueIndustry {
  readonly industryId: string;
  readonly nameKo: string;
  readonly nameEn: string;
  readonly kind: IndustryKind;
  readonly regionCodes: readonly RegionCode[];
  readonly source: { readonly refs: readonly string[]; readonly note?: string };
  readonly confidence: Confidence;
  readonly validFrom: string;
  /** Set once the industry was retired: no new firm may be placed in it. */
  readonly retiredOn?: string;
}

export const belongsToRegion = (industry: CatalogueIndustry, region: RegionCode): boolean =>
  industry.regionCodes.includes(region);

/** A sourced seed entry of libs/reference-data as a catalogue entry. */
export const fromSeed = (entry: IndustryEntry): CatalogueIndustry => ({
  industryId: entry.id,
  nameKo: entry.nameKo,
  nameEn: entry.nameEn,
  kind: entry.kind,
  regionCodes: entry.regionCodes,
  source: { refs: entry.source.refs, ...(entry.source.note && { note: entry.source.note }) },
  confidence: entry.confidence,
  validFrom: entry.validFrom,
});
