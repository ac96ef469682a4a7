import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, ProblemError, type RequestActor } from '@baton/platform';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUrl, IsUUID, MaxLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import { RELAY_DATA_SOURCE } from '../cases/case-board/case-board.controller';
import { relayContracts } from '@baton/contracts';

const EVENT_TYPES = relayContracts.map((c) => c.type);

export class SubscribeDto {
  @ApiProperty({ example: 'https://erp.daegu-tp.example/baton-hooks' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({
    enum: EVENT_TYPES,
    isArray: true,
    description: 'Empty or absent: every relay event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: string[];
}

class AgencyParams {
  @IsUUID()
  agencyId!: string;
}
class SubscriptionParams extends AgencyParams {
  @IsUUID()
  subscriptionId!: string;
}

/**
 * Webhooks for an agency's own systems: the relay events concerning the agency, as CloudEvents JSON, signed
 * with HMAC-SHA256 (`Baton-Signature`), retried with backoff, every delivery logged.
 */
@ApiTags('webhooks')
@Controller('agencies/:agencyId/webhooks')
@UseGuards(ActorGuard)
export class WebhooksController {
  constructor(@Inject(RELAY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  private own(actor: RequestActor, agencyId: string) {
    if (actor.role !== 'admin' && actor.agencyId !== agencyId)
      throw new ProblemError(403, 'forbidden', 'Not your agency', 'An agency manages only its own webhooks');
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe: answers the signing secret once (store it; it is not shown again)' })
  async subscribe(
    @Param() { agencyId }: AgencyParams,
    @Body() dto: SubscribeDto,
    @CurrentActor() actor: RequestActor,
  ) {
    this.own(actor, agencyId);
    const subscriptionId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO webhook_subscriptions (subscription_id, agency_id, url, secret, event_types) VALUES ($1, $2, $3, $4, $5)`,
      [subscriptionId, agencyId, dto.url, secret, dto.eventTypes ?? []],
    );
    return { subscriptionId, url: dto.url, eventTypes: dto.eventTypes ?? [], secret };
  }

  @Get()
  async list(@Param() { agencyId }: AgencyParams, @CurrentActor() actor: RequestActor) {
    this.own(actor, agencyId);
    const items = await this.dataSource.query(
      `SELECT subscription_id AS "subscriptionId", url, event_types AS "eventTypes", active, created_at AS "createdAt"
       FROM webhook_subscriptions WHERE agency_id = $1 ORDER BY created_at`,
      [agencyId],
    );
    return { items };
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  async unsubscribe(@Param() p: SubscriptionParams, @CurrentActor() actor: RequestActor) {
    this.own(actor, p.agencyId);
    const [, count] = await this.dataSource.query(
      'UPDATE webhook_subscriptions SET active = false WHERE subscription_id = $1 AND agency_id = $2 AND active',
      [p.subscriptionId, p.agencyId],
    );
    if (!count)
      throw new ProblemError(404, 'subscription-not-found', 'No such subscription', `No ${p.subscriptionId}`);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'The delivery log: every event sent, attempts, last status and error' })
  async deliveries(@Param() { agencyId }: AgencyParams, @CurrentActor() actor: RequestActor) {
    this.own(actor, agencyId);
    const items = await this.dataSource.query(
      `SELECT d.delivery_id AS "deliveryId", d.subscription_id AS "subscriptionId", d.event_id AS "eventId",
              d.event_type AS "eventType", d.status, d.attempts, d.last_status AS "lastStatus", d.last_error AS "lastError",
              d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.next_attempt_at AS "nextAttemptAt"
       FROM webhook_deliveries d JOIN webhook_subscriptions s USING (subscription_id)
       WHERE s.agency_id = $1 ORDER BY d.created_at DESC LIMIT 200`,
      [agencyId],
    );
    return { items };
  }
}
