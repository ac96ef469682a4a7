import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { agencyOf, StageScoresDto } from '../assess-growth-stage/assess-growth-stage.controller';
import { commandContext, commandResponse, CommandResponseDto } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FirmParams } from '../firm-params';
import { IsRegion, ToRegionCode } from '../validators';

export class DesignateSuperRegionalFirmDto {
  @ApiProperty({
    example: 'hydrogen-storage-transport',
    description: 'A cooperative future industry (협력 미래 신산업)',
  })
  @IsString()
  @MaxLength(64)
  industryId!: string;

  @ApiProperty({
    example: ['26', '31'],
    description: 'At least two of the industry’s cooperating regions, the firm’s among them',
  })
  @IsArray()
  @ArrayMaxSize(17)
  @ToRegionCode()
  @IsRegion({ each: true })
  cooperatingRegions!: string[];

  @ApiProperty({ type: StageScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StageScoresDto)
  scores!: StageScoresDto;

  @ApiProperty({ example: '2026-07-01T00:00:00+09:00' })
  @IsISO8601({ strict: true })
  effectiveAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the caller’s agency' })
  @IsOptional()
  @IsUUID()
  designatingAgencyId?: string;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class DesignateSuperRegionalFirmController {
  constructor(private readonly firms: FirmCommands) {}

  @Post(':firmId/super-regional-designation')
  @HttpCode(200)
  @Roles('ministry', 'regional-office', 'admin')
  @ApiOperation({
    summary: 'Designate a super-regional leading firm (초광역권 선도기업) in a cooperative future industry',
  })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async designate(
    @Param() { firmId }: FirmParams,
    @Body() dto: DesignateSuperRegionalFirmDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const outcome = await this.firms.execute(
      {
        type: 'DesignateSuperRegionalLeadingFirm',
        data: {
          firmId,
          industryId: dto.industryId,
          industry: await this.firms.catalogue.industry(dto.industryId),
          cooperatingRegions: dto.cooperatingRegions,
          scores: { ...dto.scores },
          designatingAgencyId: agencyOf(actor, dto.designatingAgencyId, 'designatingAgencyId'),
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
