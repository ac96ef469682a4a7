import { assertNever, DomainError, type Command, type Decider, type Event } from '@baton/eventsourcing';
import { isRegionCode } from '@baton/reference-data';
import type { CatalogueIndustry } from './industry';

/**
 * The regional key industry catalogue (지역주력산업): data that ministry admins extend through the API, one
 * stream of events, seeded from the sourced reference data.
 */
export type IndustryAdded = Event<'IndustryAdded', CatalogueIndustry & { addedAt: string }>;
export type IndustryRetired = Event<
  'IndustryRetired',
  { industryId: string; retiredOn: string; reason: string }
>;
export type CatalogueEvent = IndustryAdded | IndustryRetired;

export type AddIndustry = Command<'AddIndustry', CatalogueIndustry>;
/** Adds every seed entry the catalogue does not hold yet; re-running it adds nothing. */
export type SeedCatalogue = Command<'SeedCatalogue', { industries: readonly CatalogueIndustry[] }>;
export type RetireIndustry = Command<
  'RetireIndustry',
  { industryId: string; retiredOn: string; reason: string }
>;
export type CatalogueCommand = AddIndustry | SeedCatalogue | RetireIndustry;

export type Catalogue = { readonly industries: ReadonlyMap<string, CatalogueIndustry> };

export const CATALOGUE_STREAM = 'industry-catalogue';

class CatalogueRuleBroken extends DomainError {
  constructor(field: string, rule: string, message: string) {
    super(message, rule, { field });
  }
}

function check(industry: CatalogueIndustry): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(industry.industryId))
    throw new CatalogueRuleBroken(
      'industryId',
      'slug',
      'industryId must be a lowercase slug, e.g. busan-power-semiconductors',
    );
  const unknown = industry.regionCodes.filter((r) => !isRegionCode(r));
  if (unknown.length)
    throw new CatalogueRuleBroken(
      'regionCodes',
      'unknown-region',
      `Unknown 시·도 codes: ${unknown.join(', ')}`,
    );
  const distinct = new Set(industry.regionCodes).size;
  if (distinct !== industry.regionCodes.length)
    throw new CatalogueRuleBroken('regionCodes', 'duplicate-region', 'A region is listed twice');
  if (industry.kind === 'future-cooperative' && distinct < 2)
    throw new CatalogueRuleBroken(
      'regionCodes',
      'cooperating-regions-required',
      'A cooperative industry needs at least two regions',
    );
  if (industry.kind !== 'future-cooperative' && distinct !== 1)
    throw new CatalogueRuleBroken(
      'regionCodes',
      'single-region',
      `A ${industry.kind} industry belongs to exactly one region`,
    );
  if (!industry.source.refs.length && !industry.source.note)
    throw new CatalogueRuleBroken(
      'source',
      'source-required',
      'Every catalogue entry says where it comes from',
    );
}

export function decide(command: CatalogueCommand, state: Catalogue): CatalogueEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'AddIndustry': {
      check(command.data);
      if (state.industries.has(command.data.industryId))
        throw new DomainError(
          `Industry ${command.data.industryId} is already in the catalogue`,
          'industry-already-exists',
          {
            field: 'industryId',
          },
        );
      return [{ type: 'IndustryAdded', data: { ...command.data, addedAt: now } }];
    }
    case 'SeedCatalogue': {
      const seen = new Set(state.industries.keys());
      return command.data.industries
        .filter((industry) => !seen.has(industry.industryId) && seen.add(industry.industryId) !== undefined)
        .map((industry) => {
          check(industry);
          return { type: 'IndustryAdded', data: { ...industry, addedAt: now } } as const;
        });
    }
    case 'RetireIndustry': {
      const industry = state.industries.get(command.data.industryId);
      if (!industry)
        throw new DomainError(`No industry ${command.data.industryId}`, 'industry-not-found', {
          field: 'industryId',
        });
      if (industry.retiredOn)
        throw new DomainError(`Already retired on ${industry.retiredOn}`, 'industry-retired', {
          field: 'industryId',
        });
      return [{ type: 'IndustryRetired', data: command.data }];
    }
    default:
      return assertNever(command, 'catalogue command');
  }
}

export function evolve(state: Catalogue, event: CatalogueEvent): Catalogue {
  const industries = new Map(state.industries);
  switch (event.type) {
    case 'IndustryAdded': {
      const { addedAt: _, ...industry } = event.data;
      industries.set(industry.industryId, industry);
      return { industries };
    }
    case 'IndustryRetired': {
      const industry = industries.get(event.data.industryId);
      if (industry) industries.set(industry.industryId, { ...industry, retiredOn: event.data.retiredOn });
      return { industries };
    }
    default:
      return assertNever(event, 'catalogue event');
  }
}

export const catalogueDecider: Decider<Catalogue, CatalogueCommand, CatalogueEvent> = {
  decide,
  evolve,
  initialState: () => ({ industries: new Map() }),
};
