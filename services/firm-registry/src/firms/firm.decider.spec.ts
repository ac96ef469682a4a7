import { isDeepStrictEqual } from 'node:util';
import { DeciderSpecification, type DomainError } from '@baton/eventsourcing';
import { INDUSTRY_CATALOGUE_SEED } from '@baton/reference-data';
import type { CatalogueIndustry } from '../industries/industry';
import type { SealedPersonalData } from '../personal-data/sealed';
import {
  firmDecider,
  type AmendFirmProfile,
  type AssessGrowthStage,
  type CloseFirm,
  type DesignateSuperRegionalLeadingFirm,
  type FirmCommand,
  type RegisterFirm,
  type RelocateFirm,
  type ReportIndicators,
} from './firm.decider';
import {
  FirmAlreadyRegistered,
  FirmIsClosed,
  FirmNotFound,
  InvalidFirmInput,
  PromotionRequirementsNotMet,
} from './firm.errors';
import type {
  FirmClosed,
  FirmProfileAmended,
  FirmRegistered,
  FirmRelocated,
  GrowthStageAssessed,
  IndicatorsReported,
  IndicatorsRestated,
  StageScores,
  SuperRegionalLeadingFirmDesignated,
} from './firm.events';

const spec = DeciderSpecification(firmDecider);

// 2026-03-02 09:00 KST: business dates are KST dates.
const NOW = '2026-03-02T00:00:00.000Z';
const meta = { now: NOW };

/** The catalogue entry of a seed industry, as the catalogue stream holds it. */
function catalogued(id: string): CatalogueIndustry {
  const entry = INDUSTRY_CATALOGUE_SEED.find((e) => e.id === id);
  if (!entry) throw new Error(`No seed industry ${id}`);
  const { id: industryId, ...rest } = entry;
  return { industryId, ...rest };
}

const powerSemiconductors = catalogued('busan-power-semiconductors'); // 미래 신산업 (단독), 부산
const silverCareTech = catalogued('busan-silver-care-tech'); // 주축산업, 부산
const electricHydrogenVehicles = catalogued('ulsan-electric-hydrogen-vehicles'); // 미래 신산업 (단독), 울산
const nextGenerationDisplays = catalogued('chungnam-next-generation-displays'); // 주축산업, 충남
const hydrogenStorageTransport = catalogued('hydrogen-storage-transport'); // 미래 신산업 (협력): 부산, 울산, 경남, 제주

const FIRM_ID = 'firm-hanbit';
const BRN = '1168200276';
const representative: SealedPersonalData = {
  keyId: 'key-firm-hanbit',
  iv: 'aXYtaXYtaXYt',
  ciphertext: 'c2VhbGVk',
  tag: 'dGFnLXRhZw==',
};
const leadingThresholds: StageScores = { innovation: 70, growth: 70, jobCreation: 60 };

// ---- commands -------------------------------------------------------------------------------------------

const registerFirm = (data: Partial<RegisterFirm['data']> = {}): RegisterFirm => ({
  type: 'RegisterFirm',
  data: {
    firmId: FIRM_ID,
    businessRegistrationNumber: BRN,
    name: '한빛파워칩',
    representative,
    regionCode: '26',
    industryId: powerSemiconductors.industryId,
    industry: powerSemiconductors,
    ksicCode: '26112',
    foundedOn: '2019-05-14',
    size: 'small',
    ...data,
  },
  metadata: meta,
});

const amendProfile = (data: Partial<AmendFirmProfile['data']>): AmendFirmProfile => ({
  type: 'AmendFirmProfile',
  data: { firmId: FIRM_ID, changes: {}, ...data },
  metadata: meta,
});

const relocate = (data: Partial<RelocateFirm['data']>): RelocateFirm => ({
  type: 'RelocateFirm',
  data: {
    firmId: FIRM_ID,
    toRegion: '31',
    industryId: electricHydrogenVehicles.industryId,
    industry: electricHydrogenVehicles,
    relocatedOn: '2026-02-27',
    ...data,
  },
  metadata: meta,
});

const close = (data: Partial<CloseFirm['data']> = {}): CloseFirm => ({
  type: 'CloseFirm',
  data: { firmId: FIRM_ID, reason: 'business-closed', closedOn: '2026-02-28', ...data },
  metadata: meta,
});

const report = (data: Partial<ReportIndicators['data']>, now = NOW): ReportIndicators => ({
  type: 'ReportIndicators',
  data: { firmId: FIRM_ID, period: '2025', indicators: { sales: 4_200_000_000, employees: 38 }, ...data },
  metadata: { now },
});

const assess = (data: Partial<AssessGrowthStage['data']>): AssessGrowthStage => ({
  type: 'AssessGrowthStage',
  data: {
    firmId: FIRM_ID,
    stage: 'preliminary',
    scores: { innovation: 55, growth: 48, jobCreation: 40 },
    assessingAgencyId: 'busan-tp',
    effectiveAt: '2026-03-01',
    leadingThresholds,
    ...data,
  },
  metadata: meta,
});

const designate = (
  data: Partial<DesignateSuperRegionalLeadingFirm['data']> = {},
): DesignateSuperRegionalLeadingFirm => ({
  type: 'DesignateSuperRegionalLeadingFirm',
  data: {
    firmId: FIRM_ID,
    industryId: hydrogenStorageTransport.industryId,
    industry: hydrogenStorageTransport,
    cooperatingRegions: ['26', '31'],
    scores: { innovation: 88, growth: 81, jobCreation: 74 },
    designatingAgencyId: 'mss',
    effectiveAt: '2026-03-01',
    leadingThresholds,
    ...data,
  },
  metadata: meta,
});

// ---- events ---------------------------------------------------------------------------------------------

const firmRegistered: FirmRegistered = {
  type: 'FirmRegistered',
  data: {
    firmId: FIRM_ID,
    businessRegistrationNumber: BRN,
    name: '한빛파워칩',
    representative,
    regionCode: '26',
    industryId: powerSemiconductors.industryId,
    ksicCode: '26112',
    foundedOn: '2019-05-14',
    size: 'small',
    stage: 'potential',
    registeredAt: '2026-01-05T01:00:00.000Z',
  },
};

const relocatedToUlsan: FirmRelocated = {
  type: 'FirmRelocated',
  data: {
    firmId: FIRM_ID,
    fromRegion: '26',
    toRegion: '31',
    industryId: electricHydrogenVehicles.industryId,
    relocatedOn: '2026-02-01',
  },
};

const firmClosed: FirmClosed = {
  type: 'FirmClosed',
  data: {
    firmId: FIRM_ID,
    reason: 'business-closed',
    successorFirmId: null,
    note: null,
    closedOn: '2026-02-28',
  },
};

const reported2025: IndicatorsReported = {
  type: 'IndicatorsReported',
  data: {
    firmId: FIRM_ID,
    period: '2025',
    indicators: { sales: 4_200_000_000, employees: 38 },
    reportedAt: '2026-02-10T00:00:00.000Z',
  },
};

const assessedStage = (
  stage: GrowthStageAssessed['data']['stage'],
  previousStage: GrowthStageAssessed['data']['previousStage'],
): GrowthStageAssessed => ({
  type: 'GrowthStageAssessed',
  data: {
    firmId: FIRM_ID,
    stage,
    previousStage,
    scores: { innovation: 80, growth: 75, jobCreation: 65 },
    assessingAgencyId: 'busan-tp',
    effectiveAt: '2026-01-15',
    assessedAt: '2026-01-15T02:00:00.000Z',
  },
});

/** A thenThrows check that pins the broken rule (`code`) and the input at fault (`details.field`). */
const rule =
  (code: string, field?: string) =>
  (error: DomainError): boolean =>
    error.code === code && (field === undefined || error.details.field === field);

describe('firm decider', () => {
  describe('registering a firm (기업 등록)', () => {
    it('registers a new firm as a 잠재기업 in its region and key industry', () => {
      spec
        .given([])
        .when(registerFirm())
        .then([
          {
            type: 'FirmRegistered',
            data: {
              firmId: FIRM_ID,
              businessRegistrationNumber: BRN,
              name: '한빛파워칩',
              representative,
              regionCode: '26',
              industryId: 'busan-power-semiconductors',
              ksicCode: '26112',
              foundedOn: '2019-05-14',
              size: 'small',
              stage: 'potential',
              registeredAt: NOW,
            },
          },
        ]);
    });

    it('registers a firm without a KSIC code with ksicCode null', () => {
      spec
        .given([])
        .when(registerFirm({ ksicCode: undefined }))
        .then([{ ...firmRegistered, data: { ...firmRegistered.data, ksicCode: null, registeredAt: NOW } }]);
    });

    it('stores a hyphenated business registration number as its 10 digits', () => {
      spec
        .given([])
        .when(registerFirm({ businessRegistrationNumber: ' 116-82-00276 ' }))
        .then([{ ...firmRegistered, data: { ...firmRegistered.data, registeredAt: NOW } }]);
    });

    it('refuses to register a firm twice, naming the firm already registered', () => {
      spec
        .given([firmRegistered])
        .when(registerFirm())
        .thenThrows(
          FirmAlreadyRegistered,
          (e) =>
            rule('firm-already-exists', 'businessRegistrationNumber')(e) &&
            e.details.existingFirmId === FIRM_ID,
        );
    });

    it('keeps the number of a closed firm taken', () => {
      spec
        .given([firmRegistered, firmClosed])
        .when(registerFirm())
        .thenThrows(FirmAlreadyRegistered, (e) => e.details.existingFirmId === FIRM_ID);
    });

    it('refuses a business registration number whose check digit is wrong', () => {
      spec
        .given([])
        .when(registerFirm({ businessRegistrationNumber: '1168200277' }))
        .thenThrows(InvalidFirmInput, rule('brn-checksum', 'businessRegistrationNumber'));
    });

    it.each(['11682002', '116820027A', '116-82-0027'])(
      'refuses a malformed business registration number (%s)',
      (businessRegistrationNumber) => {
        spec
          .given([])
          .when(registerFirm({ businessRegistrationNumber }))
          .thenThrows(InvalidFirmInput, rule('brn-format', 'businessRegistrationNumber'));
      },
    );

    it.each(['99', '42', 'busan'])('refuses a region that is not a current 시·도 code (%s)', (regionCode) => {
      spec
        .given([])
        .when(registerFirm({ regionCode }))
        .thenThrows(InvalidFirmInput, rule('unknown-region', 'regionCode'));
    });

    it('refuses an industry that is not in the catalogue', () => {
      spec
        .given([])
        .when(registerFirm({ industryId: 'busan-quantum-widgets', industry: undefined }))
        .thenThrows(InvalidFirmInput, rule('unknown-industry', 'industryId'));
    });

    it("refuses an industry that is not one of the region's key industries", () => {
      spec
        .given([])
        .when(
          registerFirm({
            regionCode: '44',
            industryId: powerSemiconductors.industryId,
            industry: powerSemiconductors,
          }),
        )
        .thenThrows(InvalidFirmInput, rule('industry-not-in-region', 'industryId'));
    });

    it('places a firm in a cooperative industry of its region', () => {
      spec
        .given([])
        .when(
          registerFirm({
            regionCode: '50',
            industryId: hydrogenStorageTransport.industryId,
            industry: hydrogenStorageTransport,
          }),
        )
        .then([
          {
            type: 'FirmRegistered',
            data: {
              ...firmRegistered.data,
              regionCode: '50',
              industryId: 'hydrogen-storage-transport',
              registeredAt: NOW,
            },
          },
        ]);
    });

    it('refuses a retired industry', () => {
      spec
        .given([])
        .when(registerFirm({ industry: { ...powerSemiconductors, retiredOn: '2025-12-31' } }))
        .thenThrows(InvalidFirmInput, rule('industry-retired', 'industryId'));
    });

    it.each(['2611X', 'C0111', '261100'])('refuses a malformed KSIC code (%s)', (ksicCode) => {
      spec
        .given([])
        .when(registerFirm({ ksicCode }))
        .thenThrows(InvalidFirmInput, rule('ksic-format', 'ksicCode'));
    });

    it('refuses a founding date in the future', () => {
      spec
        .given([])
        .when(registerFirm({ foundedOn: '2026-03-03' }))
        .thenThrows(InvalidFirmInput, rule('date-in-future', 'foundedOn'));
    });

    it('judges the founding date by the KST calendar: founded today in Korea is not in the future', () => {
      // 2026-03-01T16:00Z is already 2026-03-02 01:00 in Korea.
      const command = {
        ...registerFirm({ foundedOn: '2026-03-02' }),
        metadata: { now: '2026-03-01T16:00:00.000Z' },
      };
      spec
        .given([])
        .when(command)
        .then([
          {
            type: 'FirmRegistered',
            data: {
              ...firmRegistered.data,
              foundedOn: '2026-03-02',
              registeredAt: '2026-03-01T16:00:00.000Z',
            },
          },
        ]);
    });
  });

  describe('commands on a firm that was never registered', () => {
    const commands: [string, FirmCommand][] = [
      ['AmendFirmProfile', amendProfile({ changes: { name: '한빛파워칩스' } })],
      ['RelocateFirm', relocate({})],
      ['CloseFirm', close()],
      ['ReportIndicators', report({})],
      ['AssessGrowthStage', assess({})],
      ['DesignateSuperRegionalLeadingFirm', designate()],
    ];

    it.each(commands)('%s → FirmNotFound', (_, command) => {
      spec
        .given([])
        .when(command)
        .thenThrows(FirmNotFound, (e) => e.code === 'firm-not-found' && e.details.firmId === FIRM_ID);
    });
  });

  describe('amending the profile', () => {
    it('records the changes named', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: { name: '한빛파워칩스', size: 'medium' } }))
        .then([
          {
            type: 'FirmProfileAmended',
            data: { firmId: FIRM_ID, changes: { name: '한빛파워칩스', size: 'medium' }, amendedAt: NOW },
          },
        ]);
    });

    it('refuses an amendment that changes nothing', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: {} }))
        .thenThrows(InvalidFirmInput, rule('nothing-to-amend', 'body'));
    });

    it('moves the firm to another key industry of its region', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: { industryId: silverCareTech.industryId }, industry: silverCareTech }))
        .then([
          {
            type: 'FirmProfileAmended',
            data: { firmId: FIRM_ID, changes: { industryId: 'busan-silver-care-tech' }, amendedAt: NOW },
          },
        ]);
    });

    it('refuses an industry change to an industry of another region', () => {
      spec
        .given([firmRegistered])
        .when(
          amendProfile({
            changes: { industryId: nextGenerationDisplays.industryId },
            industry: nextGenerationDisplays,
          }),
        )
        .thenThrows(InvalidFirmInput, rule('industry-not-in-region', 'industryId'));
    });

    it('checks an industry change against the region the firm has moved to', () => {
      spec
        .given([firmRegistered, relocatedToUlsan])
        .when(amendProfile({ changes: { industryId: silverCareTech.industryId }, industry: silverCareTech }))
        .thenThrows(InvalidFirmInput, rule('industry-not-in-region', 'industryId'));
    });

    it('keeps the amended industry: a later relocation carries it along', () => {
      const amended: FirmProfileAmended = {
        type: 'FirmProfileAmended',
        data: {
          firmId: FIRM_ID,
          changes: { industryId: hydrogenStorageTransport.industryId },
          amendedAt: '2026-02-02T00:00:00.000Z',
        },
      };
      spec
        .given([firmRegistered, amended])
        .when(relocate({ toRegion: '48', industryId: undefined, industry: hydrogenStorageTransport }))
        .then([
          {
            type: 'FirmRelocated',
            data: {
              firmId: FIRM_ID,
              fromRegion: '26',
              toRegion: '48',
              industryId: 'hydrogen-storage-transport',
              relocatedOn: '2026-02-27',
            },
          },
        ]);
    });

    it('refuses an industry change to an industry not in the catalogue', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: { industryId: 'busan-quantum-widgets' }, industry: undefined }))
        .thenThrows(InvalidFirmInput, rule('unknown-industry', 'industryId'));
    });

    it('refuses a malformed KSIC code', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: { ksicCode: '2611X' } }))
        .thenThrows(InvalidFirmInput, rule('ksic-format', 'ksicCode'));
    });

    it('refuses a founding date in the future', () => {
      spec
        .given([firmRegistered])
        .when(amendProfile({ changes: { foundedOn: '2026-03-03' } }))
        .thenThrows(InvalidFirmInput, rule('date-in-future', 'foundedOn'));
    });
  });

  describe('relocating (이전)', () => {
    it('moves the firm to another region, into a key industry of that region', () => {
      spec
        .given([firmRegistered])
        .when(relocate({}))
        .then([
          {
            type: 'FirmRelocated',
            data: {
              firmId: FIRM_ID,
              fromRegion: '26',
              toRegion: '31',
              industryId: 'ulsan-electric-hydrogen-vehicles',
              relocatedOn: '2026-02-27',
            },
          },
        ]);
    });

    it('keeps the industry when no new one is given and it is shared with the new region', () => {
      const inCooperativeIndustry: FirmRegistered = {
        ...firmRegistered,
        data: { ...firmRegistered.data, industryId: hydrogenStorageTransport.industryId },
      };
      spec
        .given([inCooperativeIndustry])
        .when(relocate({ toRegion: '48', industryId: undefined, industry: hydrogenStorageTransport }))
        .then([
          {
            type: 'FirmRelocated',
            data: {
              firmId: FIRM_ID,
              fromRegion: '26',
              toRegion: '48',
              industryId: 'hydrogen-storage-transport',
              relocatedOn: '2026-02-27',
            },
          },
        ]);
    });

    it('refuses a move to the region the firm is already in', () => {
      spec
        .given([firmRegistered])
        .when(relocate({ toRegion: '26', industryId: undefined, industry: powerSemiconductors }))
        .thenThrows(InvalidFirmInput, rule('already-in-region', 'toRegion'));
    });

    it("refuses to keep an industry that is not one of the new region's", () => {
      spec
        .given([firmRegistered])
        .when(relocate({ toRegion: '44', industryId: undefined, industry: powerSemiconductors }))
        .thenThrows(InvalidFirmInput, rule('industry-not-in-region', 'industryId'));
    });

    it("refuses a new industry that is not one of the new region's", () => {
      spec
        .given([firmRegistered])
        .when(relocate({ toRegion: '31', industryId: silverCareTech.industryId, industry: silverCareTech }))
        .thenThrows(InvalidFirmInput, rule('industry-not-in-region', 'industryId'));
    });

    it('refuses an unknown region', () => {
      spec
        .given([firmRegistered])
        .when(relocate({ toRegion: '45' }))
        .thenThrows(InvalidFirmInput, rule('unknown-region', 'toRegion'));
    });

    it('refuses a relocation date in the future', () => {
      spec
        .given([firmRegistered])
        .when(relocate({ relocatedOn: '2026-04-01' }))
        .thenThrows(InvalidFirmInput, rule('date-in-future', 'relocatedOn'));
    });
  });

  describe('closing (폐업·파산·합병)', () => {
    it('closes a merged firm, naming the firm it merged into and the note', () => {
      spec
        .given([firmRegistered])
        .when(
          close({ reason: 'merged', successorFirmId: 'firm-hanbit-holdings', note: '한빛홀딩스에 흡수합병' }),
        )
        .then([
          {
            type: 'FirmClosed',
            data: {
              firmId: FIRM_ID,
              reason: 'merged',
              successorFirmId: 'firm-hanbit-holdings',
              note: '한빛홀딩스에 흡수합병',
              closedOn: '2026-02-28',
            },
          },
        ]);
    });

    it('records a closure without successor or note with both null', () => {
      spec
        .given([firmRegistered])
        .when(close())
        .then([
          {
            type: 'FirmClosed',
            data: {
              firmId: FIRM_ID,
              reason: 'business-closed',
              successorFirmId: null,
              note: null,
              closedOn: '2026-02-28',
            },
          },
        ]);
    });

    it.each(['business-closed', 'bankrupt'] as const)(
      'refuses a successor when the firm was not merged (%s)',
      (reason) => {
        spec
          .given([firmRegistered])
          .when(close({ reason, successorFirmId: 'firm-hanbit-holdings' }))
          .thenThrows(InvalidFirmInput, rule('successor-only-when-merged', 'successorFirmId'));
      },
    );

    it('refuses a firm merged into itself', () => {
      spec
        .given([firmRegistered])
        .when(close({ reason: 'merged', successorFirmId: FIRM_ID }))
        .thenThrows(InvalidFirmInput, rule('successor-is-self', 'successorFirmId'));
    });

    it('refuses a closing date in the future', () => {
      spec
        .given([firmRegistered])
        .when(close({ closedOn: '2026-03-10' }))
        .thenThrows(InvalidFirmInput, rule('date-in-future', 'closedOn'));
    });

    const laterCommands: [string, FirmCommand][] = [
      ['AmendFirmProfile', amendProfile({ changes: { name: '한빛파워칩스' } })],
      ['RelocateFirm', relocate({})],
      ['CloseFirm', close()],
      ['ReportIndicators', report({})],
      ['AssessGrowthStage', assess({})],
      ['DesignateSuperRegionalLeadingFirm', designate()],
    ];

    it.each(laterCommands)('refuses every later command: %s → FirmIsClosed', (_, command) => {
      spec
        .given([firmRegistered, firmClosed])
        .when(command)
        .thenThrows(FirmIsClosed, (e) => e.code === 'firm-closed' && e.details.firmId === FIRM_ID);
    });
  });

  describe('reporting indicators (경영지표)', () => {
    it('records the first report of a period', () => {
      spec
        .given([firmRegistered])
        .when(report({ period: '2025', indicators: { sales: 4_200_000_000, employees: 38 } }))
        .then([
          {
            type: 'IndicatorsReported',
            data: {
              firmId: FIRM_ID,
              period: '2025',
              indicators: { sales: 4_200_000_000, employees: 38 },
              reportedAt: NOW,
            },
          },
        ]);
    });

    it('restates a period reported with other values as version 2, with the reason', () => {
      spec
        .given([firmRegistered, reported2025])
        .when(
          report({
            indicators: { sales: 4_350_000_000, employees: 38 },
            restatementReason: '감사보고서 반영',
          }),
        )
        .then([
          {
            type: 'IndicatorsRestated',
            data: {
              firmId: FIRM_ID,
              period: '2025',
              indicators: { sales: 4_350_000_000, employees: 38 },
              version: 2,
              reason: '감사보고서 반영',
              reportedAt: NOW,
            },
          },
        ]);
    });

    it('numbers a further restatement version 3', () => {
      const restated: IndicatorsRestated = {
        type: 'IndicatorsRestated',
        data: {
          firmId: FIRM_ID,
          period: '2025',
          indicators: { sales: 4_350_000_000, employees: 38 },
          version: 2,
          reason: '감사보고서 반영',
          reportedAt: '2026-02-20T00:00:00.000Z',
        },
      };
      spec
        .given([firmRegistered, reported2025, restated])
        .when(report({ indicators: { sales: 4_350_000_000, employees: 38, exports: 900_000_000 } }))
        .then([
          {
            type: 'IndicatorsRestated',
            data: {
              firmId: FIRM_ID,
              period: '2025',
              indicators: { sales: 4_350_000_000, employees: 38, exports: 900_000_000 },
              version: 3,
              reason: null,
              reportedAt: NOW,
            },
          },
        ]);
    });

    it('ignores a re-report of the values already on record', () => {
      spec
        .given([firmRegistered, reported2025])
        .when(report({ indicators: { employees: 38, sales: 4_200_000_000 } }))
        .thenNothingHappens();
    });

    it('keeps periods apart: the first report of another period is not a restatement', () => {
      spec
        .given([firmRegistered, reported2025])
        .when(report({ period: '2026-Q1', indicators: { employees: 41 } }))
        .then([
          {
            type: 'IndicatorsReported',
            data: { firmId: FIRM_ID, period: '2026-Q1', indicators: { employees: 41 }, reportedAt: NOW },
          },
        ]);
    });

    it.each(['2026-Q2', '2027'])('refuses a period that has not started yet (%s)', (period) => {
      spec
        .given([firmRegistered])
        .when(report({ period }))
        .thenThrows(InvalidFirmInput, rule('period-not-started', 'period'));
    });

    it('judges the start of a period by the KST calendar', () => {
      // 2026-03-31T15:00Z is 2026-04-01 00:00 in Korea: the second quarter has begun.
      spec
        .given([firmRegistered])
        .when(report({ period: '2026-Q2', indicators: { employees: 40 } }, '2026-03-31T15:00:00.000Z'))
        .then([
          {
            type: 'IndicatorsReported',
            data: {
              firmId: FIRM_ID,
              period: '2026-Q2',
              indicators: { employees: 40 },
              reportedAt: '2026-03-31T15:00:00.000Z',
            },
          },
        ]);
    });

    it.each(['2026-Q5', '2026-03', '26', '2026Q1', 'FY2025'])('refuses a malformed period (%s)', (period) => {
      spec
        .given([firmRegistered])
        .when(report({ period }))
        .thenThrows(InvalidFirmInput, rule('period-format', 'period'));
    });

    it('refuses a report without any indicator', () => {
      spec
        .given([firmRegistered])
        .when(report({ indicators: {} }))
        .thenThrows(InvalidFirmInput, rule('no-indicator', 'indicators'));
    });

    it.each([
      'sales',
      'employees',
      'rdSpend',
      'exports',
      'overdueDays',
      'totalAssets',
      'totalLiabilities',
    ] as const)('refuses a negative %s', (name) => {
      spec
        .given([firmRegistered])
        .when(report({ indicators: { employees: 38, [name]: -1 } }))
        .thenThrows(InvalidFirmInput, rule('non-negative', `indicators.${name}`));
    });

    it('accepts a negative interest coverage ratio (an operating loss)', () => {
      spec
        .given([firmRegistered])
        .when(report({ indicators: { interestCoverage: -0.8, debtRatio: 212.5 } }))
        .then([
          {
            type: 'IndicatorsReported',
            data: {
              firmId: FIRM_ID,
              period: '2025',
              indicators: { interestCoverage: -0.8, debtRatio: 212.5 },
              reportedAt: NOW,
            },
          },
        ]);
    });
  });

  it('records the financial statement items, negative equity, working capital, retained earnings and EBIT included', () => {
    const financials = {
      totalAssets: 2_000_000_000,
      totalLiabilities: 2_600_000_000,
      equity: -600_000_000,
      workingCapital: -150_000_000,
      retainedEarnings: -900_000_000,
      ebit: -80_000_000,
    };
    spec
      .given([firmRegistered])
      .when(report({ indicators: financials }))
      .then([
        {
          type: 'IndicatorsReported',
          data: { firmId: FIRM_ID, period: '2025', indicators: financials, reportedAt: NOW },
        },
      ]);
  });

  describe('assessing the growth stage (성장단계 평가)', () => {
    it.each(['potential', 'preliminary'] as const)('assesses a firm as %s whatever its scores', (stage) => {
      const scores = { innovation: 12, growth: 5, jobCreation: 0 };
      spec
        .given([firmRegistered])
        .when(assess({ stage, scores }))
        .then([
          {
            type: 'GrowthStageAssessed',
            data: {
              firmId: FIRM_ID,
              stage,
              previousStage: 'potential',
              scores,
              assessingAgencyId: 'busan-tp',
              effectiveAt: '2026-03-01',
              assessedAt: NOW,
            },
          },
        ]);
    });

    it('refuses a 선도기업 whose scores fall short, listing every shortfall', () => {
      spec
        .given([firmRegistered, assessedStage('preliminary', 'potential')])
        .when(assess({ stage: 'leading', scores: { innovation: 82, growth: 64, jobCreation: 59 } }))
        .thenThrows(
          PromotionRequirementsNotMet,
          (e) =>
            rule('promotion-requirements-not-met', 'scores')(e) &&
            isDeepStrictEqual(e.details.shortfalls, [
              { criterion: 'growth', score: 64, required: 70 },
              { criterion: 'jobCreation', score: 59, required: 60 },
            ]),
        );
    });

    it('promotes a firm meeting every threshold to 선도기업, recording the stage it leaves', () => {
      const scores = { innovation: 70, growth: 83, jobCreation: 60 };
      spec
        .given([firmRegistered, assessedStage('preliminary', 'potential')])
        .when(assess({ stage: 'leading', scores }))
        .then([
          {
            type: 'GrowthStageAssessed',
            data: {
              firmId: FIRM_ID,
              stage: 'leading',
              previousStage: 'preliminary',
              scores,
              assessingAgencyId: 'busan-tp',
              effectiveAt: '2026-03-01',
              assessedAt: NOW,
            },
          },
        ]);
    });

    it('refuses 초광역권 선도기업 by assessment: it is given by designation only', () => {
      spec
        .given([firmRegistered, assessedStage('leading', 'preliminary')])
        .when(
          assess({
            stage: 'super-regional-leading',
            scores: { innovation: 95, growth: 95, jobCreation: 95 },
          }),
        )
        .thenThrows(InvalidFirmInput, rule('stage-requires-designation', 'stage'));
    });

    it.each([
      ['innovation', { innovation: 101, growth: 50, jobCreation: 50 }],
      ['growth', { innovation: 50, growth: -1, jobCreation: 50 }],
      ['jobCreation', { innovation: 50, growth: 50, jobCreation: Number.NaN }],
    ] as const)('refuses a %s score outside 0–100', (criterion, scores) => {
      spec
        .given([firmRegistered])
        .when(assess({ scores }))
        .thenThrows(InvalidFirmInput, rule('score-range', `scores.${criterion}`));
    });
  });

  describe('designating a 초광역권 선도기업 (super-regional leading firm)', () => {
    const leading = assessedStage('leading', 'preliminary');

    it('designates a 부산 firm in 수소 저장·운송 together with 울산', () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ cooperatingRegions: ['26', '31'] }))
        .then([
          {
            type: 'SuperRegionalLeadingFirmDesignated',
            data: {
              firmId: FIRM_ID,
              industryId: 'hydrogen-storage-transport',
              cooperatingRegions: ['26', '31'],
              previousStage: 'leading',
              scores: { innovation: 88, growth: 81, jobCreation: 74 },
              designatingAgencyId: 'mss',
              effectiveAt: '2026-03-01',
              designatedAt: NOW,
            },
          },
        ]);
    });

    it('leaves the firm a 초광역권 선도기업: a later assessment records it as the previous stage', () => {
      const designated: SuperRegionalLeadingFirmDesignated = {
        type: 'SuperRegionalLeadingFirmDesignated',
        data: {
          firmId: FIRM_ID,
          industryId: 'hydrogen-storage-transport',
          cooperatingRegions: ['26', '31'],
          previousStage: 'leading',
          scores: { innovation: 88, growth: 81, jobCreation: 74 },
          designatingAgencyId: 'mss',
          effectiveAt: '2026-02-01',
          designatedAt: '2026-02-01T00:00:00.000Z',
        },
      };
      const scores = { innovation: 60, growth: 40, jobCreation: 40 };
      spec
        .given([firmRegistered, leading, designated])
        .when(assess({ stage: 'preliminary', scores }))
        .then([
          {
            type: 'GrowthStageAssessed',
            data: {
              firmId: FIRM_ID,
              stage: 'preliminary',
              previousStage: 'super-regional-leading',
              scores,
              assessingAgencyId: 'busan-tp',
              effectiveAt: '2026-03-01',
              assessedAt: NOW,
            },
          },
        ]);
    });

    it('refuses an industry that is not in the catalogue', () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ industryId: 'hydrogen-teleportation', industry: undefined }))
        .thenThrows(InvalidFirmInput, rule('unknown-industry', 'industryId'));
    });

    it.each([
      ['a 주축산업', silverCareTech],
      ['a single-region 미래 신산업', powerSemiconductors],
    ])('refuses %s: only cooperative future industries are super-regional', (_, industry) => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ industryId: industry.industryId, industry }))
        .thenThrows(InvalidFirmInput, rule('not-a-cooperative-future-industry', 'industryId'));
    });

    it.each([[['26']], [['26', '26']], [[]]])(
      'refuses fewer than two distinct cooperating regions (%j)',
      (cooperatingRegions) => {
        spec
          .given([firmRegistered, leading])
          .when(designate({ cooperatingRegions }))
          .thenThrows(InvalidFirmInput, rule('cooperating-regions-required', 'cooperatingRegions'));
      },
    );

    it("refuses a region outside the industry's cooperating group", () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ cooperatingRegions: ['26', '44'] }))
        .thenThrows(InvalidFirmInput, rule('region-not-cooperating', 'cooperatingRegions'));
    });

    it("refuses cooperating regions that leave out the firm's own region", () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ cooperatingRegions: ['31', '48'] }))
        .thenThrows(InvalidFirmInput, rule('firm-region-not-cooperating', 'cooperatingRegions'));
    });

    it('refuses scores below the 선도기업 thresholds, listing the shortfalls', () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ scores: { innovation: 69, growth: 81, jobCreation: 74 } }))
        .thenThrows(
          PromotionRequirementsNotMet,
          (e) =>
            rule('promotion-requirements-not-met', 'scores')(e) &&
            isDeepStrictEqual(e.details.shortfalls, [{ criterion: 'innovation', score: 69, required: 70 }]),
        );
    });

    it('refuses a score outside 0–100', () => {
      spec
        .given([firmRegistered, leading])
        .when(designate({ scores: { innovation: 88, growth: 181, jobCreation: 74 } }))
        .thenThrows(InvalidFirmInput, rule('score-range', 'scores.growth'));
    });
  });
});
