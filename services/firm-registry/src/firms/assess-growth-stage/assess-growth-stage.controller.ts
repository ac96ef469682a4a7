import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, invalidField, Roles, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FirmParams } from '../firm-params';
import type { GrowthStage, StageScores } from '../firm.events';

export class StageScoresDto implements StageScores {
  @ApiProperty({ minimum: 0, maximum: 100, description: '혁신성' })
  @IsNumber()
  @Min(0)
  @Max(100)
  innovation!: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: '성장성' })
  @IsNumber()
  @Min(0)
  @Max(100)
  growth!: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: '고용창출역량' })
  @IsNumber()
  @Min(0)
  @Max(100)
  jobCreation!: number;
}

const STAGES: GrowthStage[] = ['potential', 'preliminary', 'leading', 'super-regional-leading'];

export class AssessGrowthStageDto {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage!: GrowthStage;

  @ApiProperty({ type: StageScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StageScoresDto)
  scores!: StageScoresDto;

  @ApiProperty({ example: '2026-04-01T00:00:00+09:00', description: 'From when the stage applies' })
  @IsISO8601({ strict: true })
  effectiveAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the caller’s agency' })
  @IsOptional()
  @IsUUID()
  assessingAgencyId?: string;
}

/** The agency a stage decision is attributed to: the caller's own, or one a ministry user names. */
export function agencyOf(actor: RequestActor, given: string | undefined, field: string): string {
  const agency = given ?? actor.agencyId;
  if (!agency) throw invalidField(field, 'required', `${field} is required when you act for no agency`);
  return agency;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class AssessGrowthStageController {
  constructor(private readonly firms: FirmCommands) {}

  @Post(':firmId/stage-assessments')
  @HttpCode(200)
  @Roles(...FIRM_WRITERS)
  @ApiOperation({
    summary: 'Assess a firm’s growth stage (잠재 → 예비 → 선도) on innovation, growth and job creation',
    description: 'Promotion to 선도기업 requires every score at or above the configured thresholds.',
  })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async assess(
    @Param() { firmId }: FirmParams,
    @Body() dto: AssessGrowthStageDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const outcome = await this.firms.execute(
      {
        type: 'AssessGrowthStage',
        data: {
          firmId,
          stage: dto.stage,
          scores: { ...dto.scores },
          assessingAgencyId: agencyOf(actor, dto.assessingAgencyId, 'assessingAgencyId'),
          effectiveAt: dto.effectiveAt,
          leadingThresholds: this.firms.leadingThresholds,
        },
        metadata: this.firms.metadata(context),
      },
      context,
    );
    return commandResponse(reply, outcome);
  }
}
