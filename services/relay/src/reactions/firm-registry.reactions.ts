import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { FirmClosedV1, FirmProfileAmendedV1, FirmRegisteredV1, FirmRelocatedV1 } from '@baton/contracts';
import { BusContext, type IntegrationEvent } from '@baton/messaging';
import { CaseCommands } from '../cases/case-commands';

export const SYSTEM_ACTOR = { userId: 'relay', role: 'system' } as const;

/**
 * What the relay learns from the firm registry: a local snapshot of each firm (a case for an unknown firm
 * is refused), and a firm's closure closes its cases. Effects are written through the inbox transaction
 * (`ctx.getManager()`), so a redelivered event changes nothing twice.
 */
@Controller()
export class FirmRegistryReactions {
  constructor(@Inject(CaseCommands) private readonly cases: CaseCommands) {}

  @EventPattern('firm-registry.firm-registered.v1')
  async registered(@Payload() event: IntegrationEvent<FirmRegisteredV1>, @Ctx() ctx: BusContext) {
    const d = event.data;
    await ctx.getManager().query(
      `INSERT INTO firm_snapshots (firm_id, name, region_code, industry_id, status, updated_at)
       VALUES ($1, $2, $3, $4, 'active', $5) ON CONFLICT (firm_id) DO NOTHING`,
      [d.firmId, d.name, d.regionCode, d.industryId, event.time],
    );
  }

  @EventPattern('firm-registry.firm-relocated.v1')
  async relocated(@Payload() event: IntegrationEvent<FirmRelocatedV1>, @Ctx() ctx: BusContext) {
    await ctx
      .getManager()
      .query('UPDATE firm_snapshots SET region_code = $2, updated_at = $3 WHERE firm_id = $1', [
        event.data.firmId,
        event.data.toRegionCode,
        event.time,
      ]);
  }

  @EventPattern('firm-registry.firm-profile-amended.v1')
  async amended(@Payload() event: IntegrationEvent<FirmProfileAmendedV1>, @Ctx() ctx: BusContext) {
    await ctx.getManager().query(
      `UPDATE firm_snapshots SET name = COALESCE($2, name), industry_id = COALESCE($3, industry_id), updated_at = $4
       WHERE firm_id = $1`,
      [event.data.firmId, event.data.name ?? null, event.data.industryId ?? null, event.time],
    );
  }

  @EventPattern('firm-registry.firm-closed.v1')
  async closed(@Payload() event: IntegrationEvent<FirmClosedV1>, @Ctx() ctx: BusContext) {
    const manager = ctx.getManager();
    await manager.query(`UPDATE firm_snapshots SET status = 'closed', updated_at = $2 WHERE firm_id = $1`, [
      event.data.firmId,
      event.time,
    ]);
    const open: { case_id: string }[] = await manager.query(
      `SELECT case_id FROM cases WHERE firm_id = $1 AND status = 'open'`,
      [event.data.firmId],
    );
    // Keyed by the integration event: a redelivery (or a crash before the inbox commit) appends nothing twice.
    for (const { case_id } of open)
      await this.cases.execute(
        {
          type: 'CloseCaseForClosedFirm',
          data: {
            caseId: case_id,
            firmId: event.data.firmId,
            reason: event.data.reason,
            closedOn: event.data.closedAt,
          },
          metadata: { now: new Date().toISOString(), actor: SYSTEM_ACTOR, causationId: event.id },
        } as never,
        { idempotencyKey: `firm-closed:${event.id}` },
      );
  }
}
