import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ActorGuard,
  CurrentActor,
  idempotencyKeyFrom,
  ProblemError,
  Roles,
  type RequestActor,
} from '@baton/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { IsCalendarDate, IsRegion, ToRegionCode } from '../firms/validators';
import type { CatalogueIndustry } from './industry';
import { IndustryCatalogue } from './industry-catalogue';

const KINDS = ['core', 'future-single', 'future-cooperative'] as const;
const CONFIDENCE = ['verified', 'single-source', 'unverified'] as const;

export class IndustrySourceDto {
  @ApiProperty({ example: ['MSS 보도자료 2023-02-16'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  refs!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AddIndustryDto {
  @ApiProperty({ example: 'gwangju-ai-convergence' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'industryId must be a lowercase slug' })
  @MaxLength(64)
  industryId!: string;

  @ApiProperty({ example: '인공지능 융복합' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameKo!: string;

  @ApiProperty({ example: 'AI convergence' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  nameEn!: string;

  @ApiProperty({ enum: KINDS, description: 'core 주축산업, future-single / future-cooperative 미래 신산업' })
  @IsIn(KINDS)
  kind!: (typeof KINDS)[number];

  @ApiProperty({ example: ['29'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(17)
  @ToRegionCode()
  @IsRegion({ each: true })
  regionCodes!: string[];

  @ApiProperty({ type: IndustrySourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IndustrySourceDto)
  source!: IndustrySourceDto;

  @ApiProperty({ enum: CONFIDENCE })
  @IsIn(CONFIDENCE)
  confidence!: (typeof CONFIDENCE)[number];

  @ApiProperty({ example: '2023-02-27' })
  @IsCalendarDate()
  validFrom!: string;
}

export class RetireIndustryDto {
  @ApiProperty()
  @IsCalendarDate()
  retiredOn!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class IndustryFilterDto {
  @ApiPropertyOptional({ example: '26' })
  @IsOptional()
  @ToRegionCode()
  @IsRegion()
  regionCode?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: string;
}

class IndustryParams {
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'industryId must be a lowercase slug' })
  @MaxLength(64)
  industryId!: string;
}

/** The regional key industry catalogue: sourced seed entries plus what ministry admins added. */
@ApiTags('industries')
@Controller('industries')
@UseGuards(ActorGuard)
export class IndustryCatalogueController {
  constructor(private readonly catalogue: IndustryCatalogue) {}

  @Get()
  @ApiOperation({
    summary: 'Regional key industries (지역주력산업) with their regions, source and confidence',
  })
  async list(@Query() filter: IndustryFilterDto): Promise<{ items: CatalogueIndustry[] }> {
    const items = (await this.catalogue.list()).filter(
      (i) =>
        (!filter.regionCode || i.regionCodes.includes(filter.regionCode as never)) &&
        (!filter.kind || i.kind === filter.kind),
    );
    return { items: items.sort((a, b) => a.industryId.localeCompare(b.industryId)) };
  }

  @Get(':industryId')
  async one(@Param() { industryId }: IndustryParams): Promise<CatalogueIndustry> {
    const industry = await this.catalogue.industry(industryId);
    if (!industry)
      throw new ProblemError(404, 'industry-not-found', 'No such industry', `No industry ${industryId}`);
    return industry;
  }

  @Post()
  @HttpCode(201)
  @Roles('ministry', 'admin')
  @ApiOperation({ summary: 'Add an industry to the catalogue (ministry admins); recorded as an event' })
  async add(
    @Body() dto: AddIndustryDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const result = await this.catalogue.handle(
      {
        type: 'AddIndustry',
        data: {
          ...dto,
          regionCodes: dto.regionCodes as CatalogueIndustry['regionCodes'],
          source: { ...dto.source },
        },
        metadata: { now: new Date().toISOString(), actor, correlationId: String(request.id) },
      },
      { idempotencyKey: idempotencyKeyFrom(request.headers['idempotency-key']) },
    );
    return { industryId: dto.industryId, revision: result.nextExpectedRevision };
  }

  @Post(':industryId/retirement')
  @HttpCode(200)
  @Roles('ministry', 'admin')
  @ApiOperation({ summary: 'Retire an industry: existing firms keep it, no new firm may take it' })
  async retire(
    @Param() { industryId }: IndustryParams,
    @Body() dto: RetireIndustryDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    const result = await this.catalogue.handle({
      type: 'RetireIndustry',
      data: { industryId, retiredOn: dto.retiredOn, reason: dto.reason },
      metadata: { now: new Date().toISOString(), actor, correlationId: String(request.id) },
    });
    return { industryId, revision: result.nextExpectedRevision };
  }
}
