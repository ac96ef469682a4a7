import { DeciderSpecification, DomainError } from '@baton/eventsourcing';
import { INDUSTRY_CATALOGUE_SEED, type RegionCode } from '@baton/reference-data';
import {
  catalogueDecider,
  type AddIndustry,
  type CatalogueEvent,
  type IndustryAdded,
  type IndustryRetired,
  type RetireIndustry,
  type SeedCatalogue,
} from './industry-catalogue.decider';
import type { CatalogueIndustry } from './industry';

const spec = DeciderSpecification(catalogueDecider);

const NOW = '2026-03-02T00:00:00.000Z';
const meta = { now: NOW };

const powerSemiconductors: CatalogueIndustry = {
  industryId: 'busan-power-semiconductors',
  nameKo: '전력반도체',
  nameEn: 'Power semiconductors',
  kind: 'future-single',
  regionCodes: ['26'],
  source: { refs: ['S3'] },
  confidence: 'verified',
  validFrom: '2023-02-27',
};
const silverCareTech: CatalogueIndustry = {
  industryId: 'busan-silver-care-tech',
  nameKo: '실버케어테크',
  nameEn: 'Silver care technology',
  kind: 'core',
  regionCodes: ['26'],
  source: { refs: ['S7', 'S8'] },
  confidence: 'verified',
  validFrom: '2023-02-27',
};
const hydrogenStorageTransport: CatalogueIndustry = {
  industryId: 'hydrogen-storage-transport',
  nameKo: '수소 저장·운송',
  nameEn: 'Hydrogen storage and transport',
  kind: 'future-cooperative',
  regionCodes: ['26', '31', '48', '50'],
  source: { refs: ['S3'] },
  confidence: 'verified',
  validFrom: '2023-02-27',
};

const addIndustry = (industry: CatalogueIndustry): AddIndustry => ({
  type: 'AddIndustry',
  data: industry,
  metadata: meta,
});
const seed = (industries: readonly CatalogueIndustry[]): SeedCatalogue => ({
  type: 'SeedCatalogue',
  data: { industries },
  metadata: meta,
});
const retire = (industryId: string): RetireIndustry => ({
  type: 'RetireIndustry',
  data: { industryId, retiredOn: '2026-02-28', reason: '2026년 지역주력산업 재편' },
  metadata: meta,
});

const added = (industry: CatalogueIndustry, addedAt = '2026-01-02T00:00:00.000Z'): IndustryAdded => ({
  type: 'IndustryAdded',
  data: { ...industry, addedAt },
});
const retired = (industryId: string): IndustryRetired => ({
  type: 'IndustryRetired',
  data: { industryId, retiredOn: '2026-01-31', reason: '통합' },
});

/** A thenThrows check that pins the broken rule (`code`) and the input at fault (`details.field`). */
const rule =
  (code: string, field: string) =>
  (error: DomainError): boolean =>
    error.code === code && error.details.field === field;

describe('industry catalogue decider (지역주력산업)', () => {
  describe('adding an industry', () => {
    it('adds a new industry, stamped with the time it was added', () => {
      spec
        .given([])
        .when(addIndustry(powerSemiconductors))
        .then([{ type: 'IndustryAdded', data: { ...powerSemiconductors, addedAt: NOW } }]);
    });

    it.each([
      'Busan-Power',
      'busan_power',
      'busan--power',
      '-busan-power',
      'busan-power-',
      '부산-전력반도체',
      '',
    ])('refuses an id that is not a lowercase slug (%j)', (industryId) => {
      spec
        .given([])
        .when(addIndustry({ ...powerSemiconductors, industryId }))
        .thenThrows(DomainError, rule('slug', 'industryId'));
    });

    it.each([['99'], ['42']])('refuses a region that is not a current 시·도 code (%s)', (code) => {
      spec
        .given([])
        .when(addIndustry({ ...powerSemiconductors, regionCodes: [code as RegionCode] }))
        .thenThrows(DomainError, rule('unknown-region', 'regionCodes'));
    });

    it('refuses a region listed twice', () => {
      spec
        .given([])
        .when(addIndustry({ ...hydrogenStorageTransport, regionCodes: ['26', '31', '26'] }))
        .thenThrows(DomainError, rule('duplicate-region', 'regionCodes'));
    });

    it('refuses a cooperative industry with fewer than two regions', () => {
      spec
        .given([])
        .when(addIndustry({ ...hydrogenStorageTransport, regionCodes: ['26'] }))
        .thenThrows(DomainError, rule('cooperating-regions-required', 'regionCodes'));
    });

    it.each([
      ['core', silverCareTech, ['26', '31']],
      ['future-single', powerSemiconductors, ['26', '48']],
      ['core', silverCareTech, []],
    ] as const)('refuses a %s industry without exactly one region (%j)', (_, industry, regionCodes) => {
      spec
        .given([])
        .when(addIndustry({ ...industry, regionCodes }))
        .thenThrows(DomainError, rule('single-region', 'regionCodes'));
    });

    it('refuses an id already in the catalogue, even when retired', () => {
      spec
        .given([added(powerSemiconductors), retired(powerSemiconductors.industryId)])
        .when(addIndustry({ ...powerSemiconductors, nameKo: '차세대 전력반도체' }))
        .thenThrows(DomainError, rule('industry-already-exists', 'industryId'));
    });

    it('refuses an entry that does not say where it comes from', () => {
      spec
        .given([])
        .when(addIndustry({ ...powerSemiconductors, source: { refs: [] } }))
        .thenThrows(DomainError, rule('source-required', 'source'));
    });

    it('accepts a note alone as the source', () => {
      const fromNote = { ...powerSemiconductors, source: { refs: [], note: '2026년 지역경제위원회 의결' } };
      spec
        .given([])
        .when(addIndustry(fromNote))
        .then([{ type: 'IndustryAdded', data: { ...fromNote, addedAt: NOW } }]);
    });
  });

  describe('seeding the catalogue', () => {
    it('adds only the seed entries the catalogue does not hold yet', () => {
      spec
        .given([added(powerSemiconductors), added(silverCareTech)])
        .when(seed([powerSemiconductors, silverCareTech, hydrogenStorageTransport]))
        .then([{ type: 'IndustryAdded', data: { ...hydrogenStorageTransport, addedAt: NOW } }]);
    });

    it('adds nothing when seeded again', () => {
      spec
        .given([added(powerSemiconductors), added(silverCareTech), added(hydrogenStorageTransport)])
        .when(seed([powerSemiconductors, silverCareTech, hydrogenStorageTransport]))
        .thenNothingHappens();
    });

    it('does not bring back a retired industry', () => {
      spec
        .given([added(silverCareTech), retired(silverCareTech.industryId)])
        .when(seed([silverCareTech]))
        .thenNothingHappens();
    });

    it('checks every seed entry it adds', () => {
      spec
        .given([])
        .when(seed([powerSemiconductors, { ...silverCareTech, industryId: 'Busan Silver Care' }]))
        .thenThrows(DomainError, rule('slug', 'industryId'));
    });

    describe('from the sourced INDUSTRY_CATALOGUE_SEED', () => {
      const industries: CatalogueIndustry[] = INDUSTRY_CATALOGUE_SEED.map(({ id, ...entry }) => ({
        industryId: id,
        ...entry,
      }));
      const seeded: CatalogueEvent[] = industries.map((industry) => ({
        type: 'IndustryAdded',
        data: { ...industry, addedAt: NOW },
      }));

      it('adds one IndustryAdded per entry', () => {
        spec.given([]).when(seed(industries)).then(seeded);
      });

      it('adds nothing when the same seed runs again', () => {
        spec.given(seeded).when(seed(industries)).thenNothingHappens();
      });
    });
  });

  describe('retiring an industry', () => {
    it('retires an industry of the catalogue', () => {
      spec
        .given([added(powerSemiconductors)])
        .when(retire(powerSemiconductors.industryId))
        .then([
          {
            type: 'IndustryRetired',
            data: {
              industryId: 'busan-power-semiconductors',
              retiredOn: '2026-02-28',
              reason: '2026년 지역주력산업 재편',
            },
          },
        ]);
    });

    it('refuses an industry that is not in the catalogue', () => {
      spec
        .given([added(powerSemiconductors)])
        .when(retire('busan-quantum-widgets'))
        .thenThrows(DomainError, rule('industry-not-found', 'industryId'));
    });

    it('refuses an industry already retired', () => {
      spec
        .given([added(powerSemiconductors), retired(powerSemiconductors.industryId)])
        .when(retire(powerSemiconductors.industryId))
        .thenThrows(DomainError, rule('industry-retired', 'industryId'));
    });
  });
});
