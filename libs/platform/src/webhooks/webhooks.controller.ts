import { randomBytes, randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  UseGuards,
  type InjectionToken,
  type Type,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUrl, IsUUID, MaxLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ActorGuard, CurrentActor, type RequestActor } from '../http/actor';
import { ProblemError } from '../http/problem';

export interface WebhooksControllerOptions {
  /** The integration event types an agency may subscribe to: validated, and listed in the API docs. */
  readonly eventTypes: readonly string[];
  /** The injection token of the service's DataSource (the one whose schema holds `WEBHOOK_TABLES_SQL`). */
  readonly dataSourceToken: InjectionToken;
  /** The service, for the API docs: "Empty or absent: every <service> event". */
  readonly service: string;
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
 * `agencies/:agencyId/webhooks` for a service: webhooks for an agency's own systems, receiving the service's
 * integration events that concern the agency as CloudEvents JSON, signed with HMAC-SHA256 (`Baton-Signature`,
 * see `signWebhook` for the receiver's check), retried with backoff, every delivery logged. Subscribe (the
 * signing secret is answered once), list, unsubscribe, and the delivery log; an agency manages only its own
 * (admins any). List the returned class among the service module's controllers.
 */
export function createWebhooksController(options: WebhooksControllerOptions): Type<unknown> {
  const eventTypes = [...options.eventTypes];

  class SubscribeDto {
    @ApiProperty({ example: 'https://erp.daegu-tp.example/baton-hooks' })
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    @MaxLength(2000)
    url!: string;

    @ApiPropertyOptional({
      enum: eventTypes,
      isArray: true,
      description: `Empty or absent: every ${options.service} event`,
    })
    @IsOptional()
    @IsArray()
    @ArrayMaxSize(eventTypes.length)
    @IsIn(eventTypes, { each: true })
    eventTypes?: string[];
  }

  @ApiTags('webhooks')
  @Controller('agencies/:agencyId/webhooks')
  @UseGuards(ActorGuard)
  class WebhooksController {
    constructor(@Inject(options.dataSourceToken) private readonly dataSource: DataSource) {}

    private own(actor: RequestActor, agencyId: string) {
      if (actor.role !== 'admin' && actor.agencyId !== agencyId)
        throw new ProblemError(
          403,
          'forbidden',
          'Not your agency',
          'An agency manages only its own webhooks',
        );
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
        throw new ProblemError(
          404,
          'subscription-not-found',
          'No such subscription',
          `No ${p.subscriptionId}`,
        );
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
  return WebhooksController;
}
