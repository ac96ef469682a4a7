import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  FirmClosedV1,
  FirmProfileAmendedV1,
  FirmRegisteredV1,
  FirmRelocatedV1,
  IndicatorsReportedV1,
} from '@baton/contracts';
import { BusContext, type IntegrationEvent } from '@baton/messaging';
import type { EntityManager } from 'typeorm';
import type { CrisisIndicators, FirmFact } from '../rules/firm-history';
import { WarningDesk } from '../warnings/warning-desk';

const INDICATORS: readonly (keyof CrisisIndicators)[] = [
  'sales',
  'employees',
  'rdSpend',
  'exports',
  'debtRatio',
  'overdueDays',
  'interestCoverage',
  'totalAssets',
  'totalLiabilities',
  'workingCapital',
  'retainedEarnings',
  'ebit',
  'equity',
];

/**
 * What crisis monitoring learns from the firm registry: every fact about a firm is recorded (the history
 * rules and backtests read), in the inbox transaction (`ctx.getManager()`), and the firm is evaluated against
 * the rule set in force. Warnings are appended keyed by the fact's event id, so a redelivery raises nothing
 * twice. Facts of a firm the service never saw registered are recorded and evaluated once it is.
 */
@Controller()
export class FirmRegistryReactions {
  constructor(@Inject(WarningDesk) private readonly desk: WarningDesk) {}

  private async learn(manager: EntityManager, event: IntegrationEvent, fact: FirmFact): Promise<void> {
    await this.desk.recordFact(manager, event.id, fact);
    await this.desk.evaluate(manager, fact.firmId, fact.at, event.id);
  }

  @EventPattern('firm-registry.firm-registered.v1')
  async registered(@Payload() event: IntegrationEvent<FirmRegisteredV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    await ctx.getManager().query(
      `INSERT INTO firms (firm_id, region_code, industry_id, status, updated_at) VALUES ($1, $2, $3, 'active', $4)
       ON CONFLICT (firm_id) DO NOTHING`,
      [d.firmId, d.regionCode, d.industryId, event.time],
    );
    await this.learn(ctx.getManager(), event, {
      type: 'firm-registered',
      firmId: d.firmId,
      region: d.regionCode,
      industryId: d.industryId,
      at: new Date(event.time).toISOString(),
    });
  }

  @EventPattern('firm-registry.firm-relocated.v1')
  async relocated(@Payload() event: IntegrationEvent<FirmRelocatedV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    await ctx
      .getManager()
      .query('UPDATE firms SET region_code = $2, updated_at = $3 WHERE firm_id = $1', [
        d.firmId,
        d.toRegionCode,
        event.time,
      ]);
    await this.desk.recordFact(ctx.getManager(), event.id, {
      type: 'firm-moved',
      firmId: d.firmId,
      region: d.toRegionCode,
      at: new Date(event.time).toISOString(),
    });
  }

  @EventPattern('firm-registry.firm-profile-amended.v1')
  async amended(@Payload() event: IntegrationEvent<FirmProfileAmendedV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    if (!d.industryId) return;
    await ctx
      .getManager()
      .query('UPDATE firms SET industry_id = $2, updated_at = $3 WHERE firm_id = $1', [
        d.firmId,
        d.industryId,
        event.time,
      ]);
    await this.desk.recordFact(ctx.getManager(), event.id, {
      type: 'firm-moved',
      firmId: d.firmId,
      industryId: d.industryId,
      at: new Date(event.time).toISOString(),
    });
  }

  @EventPattern('firm-registry.indicators-reported.v1')
  async reported(@Payload() event: IntegrationEvent<IndicatorsReportedV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    const indicators = Object.fromEntries(
      INDICATORS.filter((name) => typeof d[name] === 'number').map((name) => [name, d[name]]),
    ) as CrisisIndicators;
    await this.learn(ctx.getManager(), event, {
      type: 'indicators-reported',
      firmId: d.firmId,
      period: d.period,
      indicators,
      at: new Date(d.reportedAt).toISOString(),
    });
  }

  @EventPattern('firm-registry.firm-closed.v1')
  async closed(@Payload() event: IntegrationEvent<FirmClosedV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    await ctx
      .getManager()
      .query(`UPDATE firms SET status = 'closed', updated_at = $2 WHERE firm_id = $1`, [
        d.firmId,
        event.time,
      ]);
    await this.learn(ctx.getManager(), event, {
      type: 'firm-closed',
      firmId: d.firmId,
      reason: d.reason,
      at: new Date(d.closedAt).toISOString(),
    });
  }
}
