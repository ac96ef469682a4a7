import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, invalidField, Roles, type RequestActor } from '@baton/platform';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { asInEffectAt, asKnownAt, diff, effectiveAt, timeline, type ReplayState } from '../replay';
import { ReadLog } from '../reads/read-log';
import { LedgerReader } from '../store/ledger-reader';
import { ReplayCache } from '../store/replay-cache';
import { LEDGER_READERS } from './access';
import { firmNotFound, parseFirmRef, parseInstant, type FirmRef } from './firm-ref';

export const AUDIT_DATA_SOURCE = Symbol('AUDIT_DATA_SOURCE');

export class FirmParams {
  /** A firm id (UUID) or a business registration number (사업자등록번호). */
  @IsString()
  @MaxLength(64)
  firm!: string;
}

type Mode = 'known' | 'effective';

class StateQuery {
  /** RFC 3339 instant; default now. */
  @IsOptional()
  @IsString()
  asOf?: string;

  /** known: what the ledger had recorded by asOf; effective: what was in effect at asOf, as known now. */
  @IsOptional()
  @IsIn(['known', 'effective'])
  mode?: Mode;
}

class DiffQuery {
  @IsString()
  from!: string;

  @IsString()
  to!: string;

  @IsOptional()
  @IsIn(['known', 'effective'])
  mode?: Mode;
}

/**
 * A firm's history rebuilt from its ledger alone (never from other services' read models): its state as of
 * an instant (as known then, or as in effect then), what changed between two instants, and its timeline.
 */
@ApiTags('firm history')
@Controller('firms/:firm')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class FirmHistoryController {
  constructor(
    @Inject(LedgerReader) private readonly reader: LedgerReader,
    @Inject(ReadLog) private readonly reads: ReadLog,
    @Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ReplayCache) private readonly cache: ReplayCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What the ledger holds about a firm: entries, first and last recording, head' })
  async summary(
    @Param() params: FirmParams,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const ref = parseFirmRef(params.firm);
    await this.reads.record(actor, ref.firmId, 'summary', {}, request.id);
    const head = await this.requireHead(ref);
    const [facts]: {
      first_recorded_at: Date;
      brn: string | null;
      types: Record<string, number>;
    }[] = await this.dataSource.query(
      `SELECT min(recorded_at) AS first_recorded_at,
              (SELECT payload->'data'->>'businessRegistrationNumber' FROM ledger_entries
                WHERE firm_id = $1 AND event_type = 'firm-registry.firm-registered.v1' ORDER BY sequence LIMIT 1) AS brn,
              (SELECT json_object_agg(event_type, n) FROM
                 (SELECT event_type, count(*)::int AS n FROM ledger_entries WHERE firm_id = $1 GROUP BY event_type) t) AS types
         FROM ledger_entries WHERE firm_id = $1`,
      [ref.firmId],
    );
    return {
      firmId: ref.firmId,
      businessRegistrationNumber: facts.brn ?? ref.brn ?? null,
      entries: head.sequence,
      firstRecordedAt: facts.first_recorded_at?.toISOString() ?? null,
      lastRecordedAt: head.recordedAt ?? null,
      head: { sequence: head.sequence, hash: head.headHash },
      eventTypes: facts.types ?? {},
    };
  }

  @Get('state')
  @ApiOperation({
    summary:
      'The firm as of an instant: as the ledger knew it then (mode=known), or as in effect then as known now (mode=effective)',
  })
  async state(
    @Param() params: FirmParams,
    @Query() query: StateQuery,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const ref = parseFirmRef(params.firm);
    const mode = query.mode ?? 'known';
    const asOf = parseInstant('asOf', query.asOf, new Date());
    // The read is recorded, the firm looked up and its entries read at once; nothing is served unless all
    // three succeed.
    const [, head] = await Promise.all([
      this.reads.record(actor, ref.firmId, 'state', { asOf, mode }, request.id),
      this.requireHead(ref),
    ]);
    const { state, entries, lastSequence } = await this.stateAt(ref.firmId, head.sequence, asOf, mode);
    return { firmId: ref.firmId, asOf, mode, entries, lastSequence, state };
  }

  @Get('diff')
  @ApiOperation({
    summary: 'What changed in the firm’s state from one instant to another (JSON Pointer paths)',
  })
  async diff(
    @Param() params: FirmParams,
    @Query() query: DiffQuery,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const ref = parseFirmRef(params.firm);
    const mode = query.mode ?? 'known';
    const now = new Date();
    const from = parseInstant('from', query.from, now);
    const to = parseInstant('to', query.to, now);
    if (Date.parse(from) > Date.parse(to))
      throw invalidField('from', 'notAfterTo', `from (${from}) must not be after to (${to})`);
    const [, head] = await Promise.all([
      this.reads.record(actor, ref.firmId, 'diff', { from, to, mode }, request.id),
      this.requireHead(ref),
    ]);
    const entries = await this.cache.entries(ref.firmId, head.sequence, mode === 'known' ? to : undefined);
    const at = mode === 'known' ? asKnownAt : asInEffectAt;
    return { firmId: ref.firmId, mode, from, to, changes: diff(at(entries, from), at(entries, to)) };
  }

  @Get('timeline')
  @ApiOperation({
    summary:
      'Every ledger entry of the firm as a line of history, in business-time order (ties in ledger order)',
  })
  async timeline(
    @Param() params: FirmParams,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const ref = parseFirmRef(params.firm);
    const [, head] = await Promise.all([
      this.reads.record(actor, ref.firmId, 'timeline', {}, request.id),
      this.requireHead(ref),
    ]);
    const entries = await this.cache.entries(ref.firmId, head.sequence);
    const items = timeline(entries);
    return { firmId: ref.firmId, count: items.length, items };
  }

  private async requireHead(ref: FirmRef) {
    const head = await this.reader.head(ref.firmId);
    if (!head) throw firmNotFound(ref);
    return head;
  }

  private async stateAt(
    firmId: string,
    headSequence: number,
    asOf: string,
    mode: Mode,
  ): Promise<{ state: ReplayState; entries: number; lastSequence: number | null }> {
    // As in effect: any entry, whenever recorded, may have taken effect by asOf (its business time is read
    // from the hashed payload, never from a column a change could slip into).
    const entries = await this.cache.entries(firmId, headSequence, mode === 'known' ? asOf : undefined);
    const folded =
      mode === 'known' ? entries : entries.filter((e) => Date.parse(effectiveAt(e)) <= Date.parse(asOf));
    const state = mode === 'known' ? asKnownAt(entries, asOf) : asInEffectAt(entries, asOf);
    return {
      state,
      entries: folded.length,
      lastSequence: folded.length ? Math.max(...folded.map((e) => e.sequence)) : null,
    };
  }
}
