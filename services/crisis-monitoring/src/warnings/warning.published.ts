import {
  emergencySupportGivenV1,
  preventionPlanRecordedV1,
  referredForBusinessConversionV1,
  warningAcknowledgedV1,
  warningDismissedV1,
  warningEscalatedV1,
  warningLevelChangedV1,
  warningRaisedV1,
  warningResolvedV1,
  type EmergencySupportGivenV1,
  type PreventionPlanRecordedV1,
  type ReferredForBusinessConversionV1,
  type WarningAcknowledgedV1,
  type WarningDismissedV1,
  type WarningEscalatedV1,
  type WarningLevelChangedV1,
  type WarningRaisedV1,
  type WarningResolutionOutcome,
  type WarningResolvedV1,
} from '@baton/contracts';
import type { RecordedEvent } from '@baton/eventsourcing';
import type { Publication } from '@baton/messaging';
import type { WarningEvent } from './warning.events';

const publish = <T>(definition: { type: string }, data: T): Publication => ({ type: definition.type, data });

/**
 * Stored warning events → `crisis-monitoring.*.v1`. A prevention plan leaves as a count of measures (its text
 * stays here); notes are not published. The agencies concerned (webhooks, live streams) are in the data:
 * `routedToAgencyId`, `escalatedToAgencyId`.
 */
export function warningPublications(recorded: RecordedEvent): Publication[] {
  const event = { type: recorded.type, data: recorded.data } as WarningEvent;
  switch (event.type) {
    case 'WarningRaised': {
      const d = event.data;
      return [
        publish<WarningRaisedV1>(warningRaisedV1, {
          warningId: d.warningId,
          firmId: d.firmId,
          signal: d.signal,
          level: d.level,
          regionCode: d.region,
          industryId: d.industryId,
          ruleSetVersion: d.ruleSetVersion,
          ruleId: d.ruleId,
          measured: d.measured,
          inputs: { periods: [...d.inputs.periods], values: { ...d.inputs.values } },
          routedToAgencyId: d.routedTo,
          routingReason: d.routingReason,
          acknowledgeBy: d.ackDueAt,
          raisedAt: d.raisedAt,
        }),
      ];
    }
    case 'WarningLevelChanged': {
      const d = event.data;
      return [
        publish<WarningLevelChangedV1>(warningLevelChangedV1, {
          warningId: d.warningId,
          firmId: d.firmId,
          signal: d.signal,
          fromLevel: d.from,
          toLevel: d.to,
          direction: d.direction,
          ruleSetVersion: d.ruleSetVersion,
          ruleId: d.ruleId,
          measured: d.measured,
          inputs: { periods: [...d.inputs.periods], values: { ...d.inputs.values } },
          acknowledgeBy: d.ackDueAt,
          routedToAgencyId: d.routedTo,
          escalatedToAgencyId: d.escalatedTo,
          changedAt: d.changedAt,
        }),
      ];
    }
    case 'WarningAcknowledged':
      return [
        publish<WarningAcknowledgedV1>(warningAcknowledgedV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          agencyId: event.data.agencyId,
          acknowledgedAt: event.data.acknowledgedAt,
        }),
      ];
    case 'WarningEscalated':
      return [
        publish<WarningEscalatedV1>(warningEscalatedV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          routedToAgencyId: event.data.routedTo,
          escalatedToAgencyId: event.data.escalatedTo,
          acknowledgeBy: event.data.ackDueAt,
          escalatedAt: event.data.escalatedAt,
        }),
      ];
    case 'PreventionPlanRecorded':
      return [
        publish<PreventionPlanRecordedV1>(preventionPlanRecordedV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          planId: event.data.planId,
          measureCount: event.data.measures.length,
          recordedAt: event.data.recordedAt,
        }),
      ];
    case 'EmergencySupportGiven':
      return [
        publish<EmergencySupportGivenV1>(emergencySupportGivenV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          supportId: event.data.supportId,
          link: { ...event.data.link },
          givenAt: event.data.givenAt,
        }),
      ];
    case 'ReferredForBusinessConversion':
      return [
        publish<ReferredForBusinessConversionV1>(referredForBusinessConversionV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          referralId: event.data.referralId,
          centerAgencyId: event.data.centerAgencyId,
          referredAt: event.data.referredAt,
        }),
      ];
    case 'WarningResolved':
      return [
        publish<WarningResolvedV1>(warningResolvedV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          signal: event.data.signal,
          ruleSetVersion: event.data.ruleSetVersion,
          ruleId: event.data.ruleId,
          outcome: event.data.outcome as WarningResolutionOutcome,
          resolvedAt: event.data.resolvedAt,
        }),
      ];
    case 'WarningDismissed':
      return [
        publish<WarningDismissedV1>(warningDismissedV1, {
          warningId: event.data.warningId,
          firmId: event.data.firmId,
          signal: event.data.signal,
          ruleSetVersion: event.data.ruleSetVersion,
          ruleId: event.data.ruleId,
          reason: event.data.reason,
          dismissedAt: event.data.dismissedAt,
        }),
      ];
    default:
      return [];
  }
}

/** The agencies a published warning event concerns: its webhooks and live streams receive it. */
export function agenciesConcerned(data: Record<string, unknown>): string[] {
  return [
    ...new Set(
      ['routedToAgencyId', 'escalatedToAgencyId', 'agencyId', 'centerAgencyId']
        .map((f) => data[f])
        .filter((v): v is string => typeof v === 'string'),
    ),
  ];
}
