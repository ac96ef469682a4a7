import { Controller, Get, Inject, Req, Res, UseGuards, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@baton/eventstore';
import { toIntegrationEvent } from '@baton/messaging';
import {
  ActorGuard,
  CurrentActor,
  parsePositionToken,
  positionToken,
  type RequestActor,
} from '@baton/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { CRISIS_DATA_SOURCE, OVERSIGHT } from '../warning-http';
import { WARNING_STREAM_PREFIX } from '../warning.events';
import { agenciesConcerned, warningPublications } from '../warning.published';

export const CRISIS_STORE = Symbol('CRISIS_STORE');
const SOURCE = '/baton/crisis-monitoring';
const HEARTBEAT_MS = 15_000;

interface Audience {
  readonly agencies: readonly string[];
  readonly region: string | null;
}

/**
 * Warnings live, for centers' dashboards: server-sent events, each the published `crisis-monitoring.*.v1`
 * CloudEvent, `id` = its position in the store. A reconnecting client sends `Last-Event-ID` and resumes right
 * after it (nothing lost across a reconnect); a new one starts from now. Each actor receives the events of the
 * warnings its agency holds or was escalated, a regional office those of its regions, oversight roles all.
 */
@ApiTags('warnings')
@Controller('warnings')
@UseGuards(ActorGuard)
export class WarningsLiveController implements BeforeApplicationShutdown {
  /** Open streams, ended when the service shuts down (an open stream would hold the HTTP server open). */
  private readonly open = new Set<AbortController>();

  constructor(
    @Inject(CRISIS_STORE) private readonly store: EventStore,
    @Inject(CRISIS_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Server-sent events: warnings as they are raised, move and are handled' })
  async live(
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const resumeFrom = parsePositionToken(String(request.headers['last-event-id'] ?? '')) ?? 'end';
    const abort = new AbortController();
    const subscription = this.store.subscribeToAll({
      fromPosition: resumeFrom,
      filter: { streamPrefixes: [WARNING_STREAM_PREFIX] },
      signal: abort.signal,
    });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n: connected\n\n');
    request.raw.on('close', () => abort.abort());
    this.open.add(abort);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const audiences = new Map<string, Audience>();
    try {
      for await (const recorded of subscription) {
        for (const [index, publication] of warningPublications(recorded).entries()) {
          const data = publication.data as Record<string, unknown>;
          if (!(await this.visible(actor, data, audiences))) continue;
          const event = toIntegrationEvent(SOURCE, recorded, publication, String(data.firmId), index);
          raw.write(
            `id: ${positionToken(recorded.position)}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
          );
        }
      }
    } finally {
      this.open.delete(abort);
      clearInterval(heartbeat);
      await subscription.close();
      raw.end();
    }
  }

  beforeApplicationShutdown(): void {
    for (const abort of this.open) abort.abort();
  }

  /** Whether the actor may see this event: learned from the event, else from the warning's row. */
  private async visible(
    actor: RequestActor,
    data: Record<string, unknown>,
    audiences: Map<string, Audience>,
  ) {
    if (OVERSIGHT.has(actor.role)) return true;
    const warningId = String(data.warningId);
    const named = agenciesConcerned(data);
    let audience = audiences.get(warningId);
    if (named.length || typeof data.regionCode === 'string') {
      audience = {
        agencies: [...new Set([...(audience?.agencies ?? []), ...named])],
        region: typeof data.regionCode === 'string' ? data.regionCode : (audience?.region ?? null),
      };
      audiences.set(warningId, audience);
    }
    if (!audience?.region || !audience.agencies.length) {
      const [row] = await this.dataSource.query(
        'SELECT routed_to, escalated_to, region_code FROM warnings WHERE warning_id = $1',
        [warningId],
      );
      if (row)
        audience = {
          agencies: [
            ...new Set([...(audience?.agencies ?? []), row.routed_to, row.escalated_to].filter(Boolean)),
          ],
          region: row.region_code,
        };
      if (audience) audiences.set(warningId, audience);
    }
    if (!audience) return false;
    if (actor.agencyId && audience.agencies.includes(actor.agencyId)) return true;
    return (
      actor.role === 'regional-office' && audience.region !== null && actor.regions.includes(audience.region)
    );
  }
}
