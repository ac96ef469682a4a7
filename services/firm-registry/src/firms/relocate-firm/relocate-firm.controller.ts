import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FirmParams } from '../firm-params';
import { IsCalendarDate, IsRegion, ToRegionCode } from '../validators';

export class RelocateFirmDto {
  @ApiProperty({ example: '31', description: 'The new 시·도 of the head office' })
  @ToRegionCode()
  @IsRegion()
  toRegion!: string;

  @ApiPropertyOptional({
    description: 'Required when the firm’s industry is not a key industry of the new region',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  industryId?: string;

  @ApiProperty({ example: '2026-05-01' })
  @IsCalendarDate()
  relocatedOn!: string;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class RelocateFirmController {
  constructor(private readonly firms: FirmCommands) {}

  @Post(':firmId/relocation')
  @HttpCode(200)
  @Roles(...FIRM_WRITERS)
  @ApiOperation({ summary: 'Record that a firm moved its head office to another region (본사 이전)' })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async relocate(
    @Param() { firmId }: FirmParams,
    @Body() dto: RelocateFirmDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const current = dto.industryId ?? (await this.firms.currentIndustryOf(firmId));
    const outcome = await this.firms.execute(
      {
        type: 'RelocateFirm',
        data: {
          firmId,
          toRegion: dto.toRegion,
          ...(dto.industryId !== undefined && { industryId: dto.industryId }),
          industry: current === undefined ? undefined : await this.firms.catalogue.industry(current),
          relocatedOn: dto.relocatedOn,
        },
        metadata: this.firms.metadata(context),
      },
      context,
    );
    return commandResponse(reply, outcome);
  }
}
