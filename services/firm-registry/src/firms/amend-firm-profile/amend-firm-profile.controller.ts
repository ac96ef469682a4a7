import { Body, Controller, Param, Patch, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FIRM_SIZES, type FirmSize, type ProfileChanges } from '../firm.events';
import { FirmParams } from '../firm-params';
import { RepresentativeDto } from '../register-firm/register-firm.controller';
import { IsCalendarDate, IsKsicCode } from '../validators';

export class AmendFirmProfileDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: RepresentativeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RepresentativeDto)
  representative?: RepresentativeDto;

  @ApiPropertyOptional({ nullable: true, description: 'KSIC code; null removes it' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsKsicCode()
  ksicCode?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  foundedOn?: string;

  @ApiPropertyOptional({ enum: FIRM_SIZES })
  @IsOptional()
  @IsIn(FIRM_SIZES)
  size?: FirmSize;

  @ApiPropertyOptional({ description: 'Another industry of the firm’s region' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  industryId?: string;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class AmendFirmProfileController {
  constructor(private readonly firms: FirmCommands) {}

  @Patch(':firmId')
  @Roles(...FIRM_WRITERS)
  @ApiOperation({
    summary: 'Amend a firm’s profile (name, representative, KSIC, founding date, size, industry)',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag you read; 412 if the firm changed since',
  })
  @ApiResponse({ status: 200, type: CommandResponseDto })
  async amend(
    @Param() { firmId }: FirmParams,
    @Body() dto: AmendFirmProfileDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = commandContext(request, actor);
    const changes: ProfileChanges = {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.representative && {
        representative: await this.firms.sealRepresentative(firmId, { ...dto.representative }),
      }),
      ...(dto.ksicCode !== undefined && { ksicCode: dto.ksicCode }),
      ...(dto.foundedOn !== undefined && { foundedOn: dto.foundedOn }),
      ...(dto.size !== undefined && { size: dto.size }),
      ...(dto.industryId !== undefined && { industryId: dto.industryId }),
    };
    const outcome = await this.firms.execute(
      {
        type: 'AmendFirmProfile',
        data: {
          firmId,
          changes,
          ...(dto.industryId !== undefined && {
            industry: await this.firms.catalogue.industry(dto.industryId),
          }),
        },
        metadata: this.firms.metadata(context),
      },
      context,
    );
    return commandResponse(reply, outcome);
  }
}
