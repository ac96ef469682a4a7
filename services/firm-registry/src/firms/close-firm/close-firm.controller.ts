import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { CLOSURE_REASONS, type ClosureReason } from '../firm.events';
import { FirmParams } from '../firm-params';
import { IsCalendarDate } from '../validators';

export class CloseFirmDto {
  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only for merged: the firm it merged into' })
  @IsOptional()
  @IsUUID()
  successorFirmId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ example: '2026-06-30' })
  @IsCalendarDate()
  closedOn!: string;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class CloseFirmController {
  constructor(private readonly firms: FirmCommands) {}

  @Post(':firmId/closure')
  @HttpCode(200)
  @Roles(...FIRM_WRITERS)
  @ApiOperation({ summary: 'Close a firm (폐업 등): it stays in history; other services close its cases' })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async close(
    @Param() { firmId }: FirmParams,
    @Body() dto: CloseFirmDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const outcome = await this.firms.execute(
      {
        type: 'CloseFirm',
        data: {
          firmId,
          reason: dto.reason,
          ...(dto.successorFirmId && { successorFirmId: dto.successorFirmId }),
          ...(dto.note && { note: dto.note }),
          closedOn: dto.closedOn,
        },
        metadata: this.firms.metadata(context),
      },
      context,
    );
    return commandResponse(reply, outcome);
  }
}
