import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, invalidField, Roles, type Logger } from '@baton/platform';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';
import type { DataSource } from 'typeorm';
import { parseRuleSet } from '../rules/rule-set';
import { invalidRuleSet } from '../rules/rule-sets/rule-sets.controller';
import { CRISIS_DATA_SOURCE } from '../warnings/warning-http';
import { runBacktest } from './run-backtest';

export const CRISIS_LOGGER = Symbol('CRISIS_LOGGER');

export class BacktestDto {
  @ApiProperty({ description: 'A proposed rule set (validated as on publication; nothing is published)' })
  @IsObject()
  ruleSet!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Replay facts recorded from this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: '…up to this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/**
 * Backtest: runs a proposed rule set over the recorded history of firm facts with the same evaluation the live
 * path runs, and answers which warnings it would have raised and when. It raises none and writes nothing.
 */
@ApiTags('rule-sets')
@Controller('backtests')
@UseGuards(ActorGuard)
export class BacktestController {
  constructor(
    @Inject(CRISIS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISIS_LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('ministry', 'admin', 'crisis-center', 'regional-office', 'auditor')
  @ApiOperation({ summary: 'What a proposed rule set would have raised over the recorded history, and when' })
  async run(@Body() dto: BacktestDto) {
    const parsed = parseRuleSet(dto.ruleSet);
    if (!parsed.ok) throw invalidRuleSet(parsed.errors);
    if (dto.from && dto.to && Date.parse(dto.from) > Date.parse(dto.to))
      throw invalidField('from', 'before-to', 'from must not be after to');
    const result = await runBacktest(this.dataSource, parsed.ruleSet, {
      from: dto.from,
      to: dto.to,
      logger: this.logger,
    });
    return result;
  }
}
