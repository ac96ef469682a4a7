import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ActorGuard,
  CurrentActor,
  etagOf,
  idempotencyKeyFrom,
  ProblemError,
  Roles,
  type RequestActor,
} from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { CRISIS_DATA_SOURCE } from '../../warnings/warning-http';
import { WarningDesk } from '../../warnings/warning-desk';
import { InvalidRuleSet } from '../rule-set.decider';
import type { RuleSetError } from '../rule-set';

export class PublishRuleSetDto {
  @ApiProperty({
    description:
      'The whole rule set: {version, rules[{id, signal, parameters, thresholds[{level, value, strict?}], clearMargin}], acknowledgeWithinHours, regional{minFirms, windowDays}}',
  })
  @IsObject()
  ruleSet!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Why this version' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

class VersionParams {
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  version!: number;
}

/** The rule-set problem: every broken field of the rule set, each with its rule. */
export function invalidRuleSet(errors: readonly RuleSetError[]): ProblemError {
  return new ProblemError(
    422,
    'invalid-rule-set',
    'The rule set is not valid',
    `${errors.length} problem(s): ${errors.map((e) => `${e.path} ${e.rule}`).join('; ')}`,
    { errors: errors.map((e) => ({ field: `ruleSet.${e.path}`, rule: e.rule, message: e.message })) },
  );
}

/**
 * Early-warning rule sets (조기경보 규칙) as versioned data: published as a whole, never edited; the latest
 * version is in force. Warnings name the version that raised them.
 */
@ApiTags('rule-sets')
@Controller('rule-sets')
@UseGuards(ActorGuard)
export class RuleSetsController {
  constructor(
    @Inject(CRISIS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WarningDesk) private readonly desk: WarningDesk,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every published version, newest first' })
  async list() {
    const items = await this.dataSource.query(
      `SELECT version, note, published_by AS "publishedBy", published_at AS "publishedAt",
              jsonb_array_length(rule_set->'rules') AS rules
       FROM rule_sets ORDER BY version DESC`,
    );
    return { items };
  }

  @Get('current')
  @ApiOperation({ summary: 'The rule set in force' })
  async current() {
    return this.desk.ruleSetInForce();
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version' })
  async one(@Param() { version }: VersionParams) {
    const [row] = await this.dataSource.query('SELECT rule_set FROM rule_sets WHERE version = $1', [version]);
    if (!row) throw new ProblemError(404, 'rule-set-not-found', 'No such rule set', `No version ${version}`);
    return row.rule_set;
  }

  @Post()
  @HttpCode(201)
  @Roles('ministry', 'admin')
  @ApiOperation({
    summary:
      'Publish a new version (ministry): refused with every field error when signals, thresholds or levels do not hold',
  })
  async publish(
    @Body() dto: PublishRuleSetDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      const outcome = await this.desk.publishRuleSet(
        dto.ruleSet,
        dto.note,
        actor,
        idempotencyKeyFrom(request.headers['idempotency-key']),
      );
      if (outcome.revision !== null) reply.header('etag', etagOf(outcome.revision));
      return { version: (dto.ruleSet as { version: number }).version, ...outcome };
    } catch (error) {
      if (error instanceof InvalidRuleSet) throw invalidRuleSet(error.details.errors);
      throw error;
    }
  }
}
