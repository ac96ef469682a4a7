import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext, commandResponse, CommandResponseDto, FIRM_WRITERS } from '../command-http';
import { FirmCommands } from '../firm-commands';
import { FIRM_SIZES, type FirmSize } from '../firm.events';
import {
  HasBrnChecksum,
  IsBrnFormat,
  IsCalendarDate,
  IsKsicCode,
  IsRegion,
  normalizeBrn,
  ToRegionCode,
} from '../validators';

export class RepresentativeDto {
  @ApiProperty({
    example: '김한빛',
    description: 'Representative (대표자) — personal data, encrypted per firm',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: 'ceo@hanbit.example' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '051-123-4567' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{7,20}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

export class RegisterFirmDto {
  @ApiProperty({ example: '116-82-00276', description: '사업자등록번호, 10 digits; check digit verified' })
  @IsBrnFormat()
  @HasBrnChecksum()
  businessRegistrationNumber!: string;

  @ApiProperty({ example: '주식회사 한빛정밀' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: RepresentativeDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RepresentativeDto)
  representative!: RepresentativeDto;

  @ApiProperty({
    example: '26',
    description: '시·도 code; legacy 42 (강원) and 45 (전북) are stored as 51 and 52',
  })
  @ToRegionCode()
  @IsRegion()
  regionCode!: string;

  @ApiProperty({
    example: 'busan-power-semiconductors',
    description: 'An industry of that region in GET /industries',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  industryId!: string;

  @ApiPropertyOptional({ example: 'C26110', description: 'KSIC (11th revision) code' })
  @IsOptional()
  @IsKsicCode()
  ksicCode?: string;

  @ApiProperty({ example: '2015-03-02' })
  @IsCalendarDate()
  foundedOn!: string;

  @ApiProperty({ enum: FIRM_SIZES, description: 'micro/small 소기업, medium 중기업, mid-sized 중견기업' })
  @IsIn(FIRM_SIZES)
  size!: FirmSize;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class RegisterFirmController {
  constructor(private readonly firms: FirmCommands) {}

  @Post()
  @HttpCode(201)
  @Roles(...FIRM_WRITERS)
  @ApiOperation({
    summary: 'Register a firm (기업 등록)',
    description:
      'One firm per business registration number: a second registration answers 409 naming the first.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: CommandResponseDto })
  async register(
    @Body() dto: RegisterFirmDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.firms.register(
      {
        businessRegistrationNumber: normalizeBrn(dto.businessRegistrationNumber),
        name: dto.name,
        representative: { ...dto.representative },
        regionCode: dto.regionCode,
        industryId: dto.industryId,
        ...(dto.ksicCode !== undefined && { ksicCode: dto.ksicCode }),
        foundedOn: dto.foundedOn,
        size: dto.size,
      },
      commandContext(request, actor),
    );
    reply.header('location', `/firms/${outcome.firmId}`);
    return commandResponse(reply, outcome);
  }
}
