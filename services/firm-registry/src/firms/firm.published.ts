import type { RecordedEvent } from '@baton/eventsourcing';
import type { Publication } from '@baton/messaging';
import {
  firmClosedV1,
  firmProfileAmendedV1,
  firmRegisteredV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  indicatorsReportedV1,
  type FirmClosedV1,
  type FirmProfileAmendedV1,
  type FirmRegisteredV1,
  type FirmRelocatedV1,
  type GrowthStageAssessedV1,
  type IndicatorsReportedV1,
} from '@baton/contracts';
import { assertNever } from '@baton/eventsourcing';
import type { FirmEvent } from './firm.events';

/** A business date as the instant it starts in Korea. */
const kstStartOf = (date: string) => `${date}T00:00:00+09:00`;

const publish = <T>(definition: { type: string }, data: T): Publication => ({ type: definition.type, data });

/**
 * Stored firm events → the firm registry's published contract (libs/contracts). The representative's
 * personal data is never published; a restatement is published as the period's new indicators.
 */
export function firmPublications(recorded: RecordedEvent): readonly Publication[] {
  const event = { type: recorded.type, data: recorded.data } as FirmEvent;
  switch (event.type) {
    case 'FirmRegistered': {
      const d = event.data;
      return [
        publish<FirmRegisteredV1>(firmRegisteredV1, {
          firmId: d.firmId,
          businessRegistrationNumber: d.businessRegistrationNumber,
          name: d.name,
          regionCode: d.regionCode,
          industryId: d.industryId,
          growthStage: d.stage,
          registeredAt: d.registeredAt,
        }),
      ];
    }
    case 'FirmProfileAmended': {
      const { changes } = event.data;
      const published: FirmProfileAmendedV1 = {
        firmId: event.data.firmId,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.industryId !== undefined && { industryId: changes.industryId }),
        ...(changes.size !== undefined && { size: changes.size }),
        ...(changes.ksicCode !== undefined && { ksicCode: changes.ksicCode }),
        amendedAt: event.data.amendedAt,
      };
      // Only the representative changed: nothing public changed.
      return Object.keys(published).length > 2 ? [publish(firmProfileAmendedV1, published)] : [];
    }
    case 'FirmRelocated': {
      const d = event.data;
      return [
        publish<FirmRelocatedV1>(firmRelocatedV1, {
          firmId: d.firmId,
          fromRegionCode: d.fromRegion,
          toRegionCode: d.toRegion,
          relocatedAt: kstStartOf(d.relocatedOn),
        }),
        publish<FirmProfileAmendedV1>(firmProfileAmendedV1, {
          firmId: d.firmId,
          industryId: d.industryId,
          amendedAt: recorded.metadata.occurredAt ?? recorded.metadata.recordedAt,
        }),
      ];
    }
    case 'FirmClosed':
      return [
        publish<FirmClosedV1>(firmClosedV1, {
          firmId: event.data.firmId,
          reason: event.data.reason,
          ...(event.data.successorFirmId && { successorFirmId: event.data.successorFirmId }),
          closedAt: kstStartOf(event.data.closedOn),
        }),
      ];
    case 'IndicatorsReported':
    case 'IndicatorsRestated':
      return [
        publish<IndicatorsReportedV1>(indicatorsReportedV1, {
          firmId: event.data.firmId,
          period: event.data.period,
          ...event.data.indicators,
          reportedAt: event.data.reportedAt,
        }),
      ];
    case 'GrowthStageAssessed':
      return [
        publish<GrowthStageAssessedV1>(growthStageAssessedV1, {
          firmId: event.data.firmId,
          stage: event.data.stage,
          scores: event.data.scores,
          assessingAgencyId: event.data.assessingAgencyId,
          effectiveAt: event.data.effectiveAt,
        }),
      ];
    case 'SuperRegionalLeadingFirmDesignated':
      return [
        publish<GrowthStageAssessedV1>(growthStageAssessedV1, {
          firmId: event.data.firmId,
          stage: 'super-regional-leading',
          scores: event.data.scores,
          assessingAgencyId: event.data.designatingAgencyId,
          effectiveAt: event.data.effectiveAt,
        }),
      ];
    default:
      return assertNever(event, 'firm event');
  }
}
