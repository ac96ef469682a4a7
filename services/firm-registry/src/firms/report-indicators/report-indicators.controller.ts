import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FirmParams } from '../firm-params';
import type { Indicators } from '../firm.events';

export class IndicatorsDto implements Indicators {
  @ApiPropertyOptional({ description: '매출액, KRW' })
  @IsOptional()
  @IsInt()
  @Min(0)
  sales?: number;

  @ApiPropertyOptional({ description: '상시근로자 수' })
  @IsOptional()
  @IsInt()
  @Min(0)
  employees?: number;

  @ApiPropertyOptional({ description: '연구개발비, KRW' })
  @IsOptional()
  @IsInt()
  @Min(0)
  rdSpend?: number;

  @ApiPropertyOptional({ description: '수출액, KRW' })
  @IsOptional()
  @IsInt()
  @Min(0)
  exports?: number;

  @ApiPropertyOptional({ description: '부채비율, % (negative under capital impairment)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  debtRatio?: number;

  @ApiPropertyOptional({ description: '연체일수' })
  @IsOptional()
  @IsInt()
  @Min(0)
  overdueDays?: number;

  @ApiPropertyOptional({ description: '이자보상배율, times' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  interestCoverage?: number;

  @ApiPropertyOptional({ description: '자산총계, KRW' })
  @IsOptional()
  @IsInt()
  @Min(0)
  totalAssets?: number;

  @ApiPropertyOptional({ description: '부채총계, KRW' })
  @IsOptional()
  @IsInt()
  @Min(0)
  totalLiabilities?: number;

  @ApiPropertyOptional({ description: '자본총계, KRW (may be negative)' })
  @IsOptional()
  @IsInt()
  equity?: number;

  @ApiPropertyOptional({ description: '운전자본, KRW (may be negative)' })
  @IsOptional()
  @IsInt()
  workingCapital?: number;

  @ApiPropertyOptional({ description: '이익잉여금, KRW (may be negative)' })
  @IsOptional()
  @IsInt()
  retainedEarnings?: number;

  @ApiPropertyOptional({ description: '영업이익, KRW (may be negative)' })
  @IsOptional()
  @IsInt()
  ebit?: number;
}

export class ReportIndicatorsDto {
  @ApiProperty({ example: '2026-Q1', description: 'A year (2026) or a quarter (2026-Q1)' })
  @Matches(/^\d{4}(-Q[1-4])?$/, { message: 'period must be a year (2026) or a quarter (2026-Q1)' })
  period!: string;

  @ApiProperty({ type: IndicatorsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorsDto)
  indicators!: IndicatorsDto;

  @ApiPropertyOptional({ description: 'Why a period already reported is restated' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  restatementReason?: string;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class ReportIndicatorsController {
  constructor(private readonly firms: FirmCommands) {}

  @Post(':firmId/indicator-reports')
  @HttpCode(200)
  @Roles(...FIRM_WRITERS)
  @ApiOperation({
    summary: 'Report a firm’s indicators for a year or quarter (경영지표)',
    description:
      'A second report for the same period is a restatement: both stay in history, the latest counts.',
  })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async report(
    @Param() { firmId }: FirmParams,
    @Body() dto: ReportIndicatorsDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const indicators = Object.fromEntries(
      Object.entries(dto.indicators).filter(([, v]) => v !== undefined),
    ) as Indicators;
    const outcome = await this.firms.execute(
      {
        type: 'ReportIndicators',
        data: {
          firmId,
          period: dto.period,
          indicators,
          ...(dto.restatementReason && { restatementReason: dto.restatementReason }),
        },
        metadata: this.firms.metadata(context),
      },
      context,
    );
    return commandResponse(reply, outcome);
  }
}
