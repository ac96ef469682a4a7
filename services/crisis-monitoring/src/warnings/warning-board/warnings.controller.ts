import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CRISIS_LEVELS, CRISIS_SIGNALS } from '@baton/contracts';
import {
  ActorGuard,
  CurrentActor,
  decodeCursor,
  invalidField,
  ProblemError,
  toPage,
  waitForReadModel,
  type PositionWaiter,
  type RequestActor,
} from '@baton/platform';
import { REGION_CODES } from '@baton/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { regionalWarnings } from '../../rules/regional-rule';
import { precisionByRule } from '../precision';
import { CONSISTENCY_TIMEOUT_MS, CRISIS_DATA_SOURCE, READ_MODELS_RUNNER, scopeOf } from '../warning-http';
import { WarningParams } from '../handle-warning/handle-warning.controller';
import { WarningDesk } from '../warning-desk';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class WarningListQuery {
  @ApiPropertyOptional({ enum: REGION_CODES }) @IsOptional() @IsIn(REGION_CODES) region?: string;
  @ApiPropertyOptional({ enum: Object.keys(CRISIS_LEVELS) })
  @IsOptional()
  @IsIn(Object.keys(CRISIS_LEVELS))
  level?: string;
  @ApiPropertyOptional({ enum: Object.keys(CRISIS_SIGNALS) })
  @IsOptional()
  @IsIn(Object.keys(CRISIS_SIGNALS))
  signal?: string;
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'dismissed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'dismissed'])
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() firmId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Routed or escalated to this agency' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;
  @ApiPropertyOptional({ description: 'Only warnings raised at least this many hours ago (age)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  minAgeHours?: number;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ description: 'A `position` from a command: answer once the read model has it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  waitFor?: string;
}

const COLUMNS = `warning_id AS "warningId", firm_id AS "firmId", signal, level, status, region_code AS "region",
  industry_id AS "industryId", rule_set_version AS "ruleSetVersion", rule_id AS "ruleId", measured, inputs,
  routed_to AS "routedTo", routing_reason AS "routingReason", raised_at AS "raisedAt", ack_due_at AS "ackDueAt",
  acknowledged_at AS "acknowledgedAt", escalated_to AS "escalatedTo", escalated_at AS "escalatedAt", plans,
  supports, referrals, closed_at AS "closedAt", outcome, dismiss_reason AS "dismissReason", revision`;

/**
 * Warnings as centers and the ministry read them: open warnings by region, level and age (most severe and
 * oldest first), one warning with its history, center workload, time to acknowledge, rule precision and the
 * regional clusters. Each actor sees the warnings of its agency (and, for a regional office, its regions).
 */
@ApiTags('warnings')
@Controller()
@UseGuards(ActorGuard)
export class WarningsController {
  constructor(
    @Inject(CRISIS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(READ_MODELS_RUNNER) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
    @Inject(WarningDesk) private readonly desk: WarningDesk,
  ) {}

  @Get('warnings')
  @ApiOperation({ summary: 'Warnings (default: open), most severe first, then oldest' })
  async list(@Query() q: WarningListQuery, @CurrentActor() actor: RequestActor) {
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const limit = q.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    add('status = ?', q.status ?? 'open');
    if (q.region) add('region_code = ?', q.region);
    if (q.level) add('level = ?', q.level);
    if (q.signal) add('signal = ?', q.signal);
    if (q.firmId) add('firm_id = ?', q.firmId);
    if (q.agencyId) add('(routed_to = ? OR escalated_to = ?)', q.agencyId);
    if (q.minAgeHours !== undefined) add(`raised_at <= now() - make_interval(hours => ?)`, q.minAgeHours);
    const scope = scopeOf(actor, params.length + 1);
    params.push(...scope.params);
    where.push(scope.sql);
    const after = decodeCursor(q.cursor, 3);
    if (q.cursor && !after) throw invalidField('cursor', 'cursor', 'cursor is not one this API gave out');
    if (after) {
      params.push(after[0], after[1], after[2]);
      const n = params.length;
      where.push(`(severity, raised_at, warning_id) > ($${n - 2}::int, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS}, severity FROM (
         SELECT *, -(CASE level WHEN 'insolvent' THEN 4 WHEN 'alert' THEN 3 WHEN 'pre-alert' THEN 2
                     WHEN 'caution' THEN 1 ELSE 0 END) AS severity FROM warnings) w
       WHERE ${where.join(' AND ')} ORDER BY severity, raised_at, warning_id LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows as Record<string, unknown>[], limit, (r) => [
      Number(r.severity),
      new Date(r.raisedAt as string).toISOString(),
      String(r.warningId),
    ]);
    return { ...page, items: page.items.map(({ severity: _s, ...item }) => item) };
  }

  @Get('warnings/regional')
  @ApiOperation({
    summary:
      'Regional warnings now: N or more firms of one region and industry with open warnings within D days',
  })
  async regional(@CurrentActor() actor: RequestActor) {
    const ruleSet = await this.desk.ruleSetInForce();
    const scope = scopeOf(actor, 1);
    const open: { firmId: string; region: string; industryId: string; raisedAt: Date }[] =
      await this.dataSource.query(
        `SELECT firm_id AS "firmId", region_code AS region, industry_id AS "industryId", raised_at AS "raisedAt"
       FROM warnings WHERE status = 'open' AND level IS NOT NULL AND ${scope.sql}`,
        scope.params,
      );
    const items = regionalWarnings(
      open.map((w) => ({ ...w, region: w.region as never, raisedAt: new Date(w.raisedAt).toISOString() })),
      ruleSet.regional,
      new Date().toISOString(),
    );
    return { rule: ruleSet.regional, ruleSetVersion: ruleSet.version, items };
  }

  @Get('warnings/:warningId')
  @ApiOperation({ summary: 'One warning: where it stands and every step of its history' })
  async one(
    @Param() { warningId }: WarningParams,
    @Query() q: WarningListQuery,
    @CurrentActor() actor: RequestActor,
  ) {
    await waitForReadModel(this.runner, q.waitFor, this.timeoutMs);
    const scope = scopeOf(actor, 2);
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS}, stream_id AS "streamId", ${scope.sql} AS visible FROM warnings WHERE warning_id = $1`,
      [warningId, ...scope.params],
    );
    if (!row) throw new ProblemError(404, 'warning-not-found', 'No such warning', `No warning ${warningId}`);
    if (!row.visible)
      throw new ProblemError(
        403,
        'forbidden',
        'Not your warning',
        'The warning is routed to another agency or region',
      );
    const { events } = await this.desk.streamEvents(row.streamId);
    const history = events
      .filter((e) => (e.data as { warningId?: string }).warningId === warningId)
      .map((e) => ({
        type: e.type,
        at: e.metadata.recordedAt,
        actor: e.metadata.actor ?? null,
        data: e.data,
      }));
    const { streamId: _s, visible: _v, ...warning } = row;
    return { ...warning, history };
  }

  @Get('kpis/workload')
  @ApiOperation({ summary: 'Center workload: open, unacknowledged and overdue warnings per agency' })
  async workload(@CurrentActor() actor: RequestActor) {
    const scope = scopeOf(actor, 1);
    const items = await this.dataSource.query(
      `SELECT routed_to AS "agencyId", count(*)::int AS open,
              count(*) FILTER (WHERE acknowledged_at IS NULL)::int AS unacknowledged,
              count(*) FILTER (WHERE acknowledged_at IS NULL AND ack_due_at < now())::int AS overdue,
              count(*) FILTER (WHERE escalated_to IS NOT NULL)::int AS escalated
       FROM warnings WHERE status = 'open' AND ${scope.sql} GROUP BY routed_to ORDER BY open DESC`,
      scope.params,
    );
    return { items };
  }

  @Get('kpis/time-to-acknowledge')
  @ApiOperation({
    summary: 'Hours from raise to acknowledgement per agency: median, p90, and the share within SLA',
  })
  async timeToAcknowledge(@CurrentActor() actor: RequestActor) {
    const scope = scopeOf(actor, 1);
    const items = await this.dataSource.query(
      `SELECT routed_to AS "agencyId", count(*)::int AS acknowledged,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at)) / 3600)::numeric, 2)::float AS "medianHours",
              round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at)) / 3600)::numeric, 2)::float AS "p90Hours",
              round(avg((acknowledged_at <= ack_due_at)::int)::numeric, 3)::float AS "withinSla"
       FROM warnings WHERE acknowledged_at IS NOT NULL AND ${scope.sql} GROUP BY routed_to ORDER BY routed_to`,
      scope.params,
    );
    return { items };
  }

  @Get('kpis/rule-precision')
  @ApiOperation({ summary: 'Precision per rule: resolved ÷ (resolved + dismissed as a false alarm)' })
  async rulePrecision(@CurrentActor() actor: RequestActor) {
    const scope = scopeOf(actor, 1);
    const closed: {
      warningId: string;
      ruleId: string;
      signal: string;
      ruleSetVersion: number;
      status: string;
    }[] = await this.dataSource.query(
      `SELECT warning_id AS "warningId", rule_id AS "ruleId", signal, rule_set_version AS "ruleSetVersion", status
         FROM warnings WHERE status IN ('resolved', 'dismissed') AND ${scope.sql}`,
      scope.params,
    );
    return {
      items: precisionByRule(
        closed.map((c) => ({
          ...c,
          signal: c.signal as never,
          end: c.status === 'resolved' ? 'resolved' : 'dismissed',
        })),
      ),
    };
  }
}
