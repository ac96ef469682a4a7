import { assertNever, DomainError } from '@baton/eventsourcing';
import {
  agencyIdOfSlug,
  REGIONAL_SME_OFFICE_SLUGS,
  routeWarning,
  type CrisisCoverage,
  type RegionCode,
} from '@baton/reference-data';
import type { WarningRoutingData } from '../warnings/warning.decider';

/** The agency id of a seeded agency's slug: the relay's directory uses the same (reference data). */
export { agencyIdOfSlug };

/** No center, no regional office (제주) and no configured fallback: the warning has nowhere to go. */
export class WarningUnroutable extends DomainError {
  constructor(region: RegionCode) {
    super(
      `Region ${region} has neither a crisis support center nor a regional SME office; configure a fallback agency`,
      'warning-unroutable',
      { region },
    );
  }
}

export interface RoutingOptions {
  /** The coverage history to read; the seed of REFDATA §3d by default. */
  readonly coverage?: CrisisCoverage;
  /** The agency answering where no center and no regional office exists (제주), from configuration. */
  readonly fallbackAgencyId?: string;
}

export type WarningRouting = WarningRoutingData & { readonly slug: string | null };

/** Where a warning about a firm of `region` raised at `at` goes, as an agency id and the reason. */
export function routingFor(region: RegionCode, at: string, options: RoutingOptions = {}): WarningRouting {
  const route = routeWarning(region, at, options.coverage);
  switch (route.kind) {
    case 'crisis-support-center':
      return { agencyId: agencyIdOfSlug(route.slug), reason: 'center', slug: route.slug };
    case 'regional-sme-office':
      return { agencyId: agencyIdOfSlug(route.slug), reason: 'regional-office-fallback', slug: route.slug };
    case 'unrouted':
      if (!options.fallbackAgencyId) throw new WarningUnroutable(region);
      return { agencyId: options.fallbackAgencyId, reason: 'configured-fallback', slug: null };
    default:
      return assertNever(route, 'warning route');
  }
}

/** The regional SME office a region's overdue warnings escalate to; undefined for 제주. */
export function regionalOfficeAgencyIdFor(region: RegionCode): string | undefined {
  const slug = REGIONAL_SME_OFFICE_SLUGS[region];
  return slug ? agencyIdOfSlug(slug) : undefined;
}
