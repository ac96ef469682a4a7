import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ActorGuard, etagOf, ProblemError, waitForReadModel, type PositionWaiter } from '@baton/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { FIRM_SIZES } from '../firm.events';
import { FirmParams } from '../firm-params';
import { IsRegion, ToRegionCode } from '../validators';
import { FirmDirectoryQuery } from './firm-directory.query';

export const FIRM_DIRECTORY_RUNNER = Symbol('FIRM_DIRECTORY_RUNNER');
export const CONSISTENCY_TIMEOUT_MS = Symbol('CONSISTENCY_TIMEOUT_MS');

export class ReadYourWritesDto {
  @ApiPropertyOptional({ description: 'A `position` from a command: answer only once the read model has it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  waitFor?: string;
}

export class ListFirmsDto extends ReadYourWritesDto {
  @ApiPropertyOptional({ example: '26' })
  @IsOptional()
  @ToRegionCode()
  @IsRegion()
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  industryId?: string;

  @ApiPropertyOptional({ enum: ['potential', 'preliminary', 'leading', 'super-regional-leading'] })
  @IsOptional()
  @IsIn(['potential', 'preliminary', 'leading', 'super-regional-leading'])
  stage?: string;

  @ApiPropertyOptional({ enum: FIRM_SIZES })
  @IsOptional()
  @IsIn(FIRM_SIZES)
  size?: string;

  @ApiPropertyOptional({ enum: ['active', 'closed'] })
  @IsOptional()
  @IsIn(['active', 'closed'])
  status?: string;

  @ApiPropertyOptional({ description: 'Part of the name, at least two characters, e.g. 한빛' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

@ApiTags('firms')
@Controller('firms')
@UseGuards(ActorGuard)
export class FirmDirectoryController {
  constructor(
    private readonly query: FirmDirectoryQuery,
    @Inject(FIRM_DIRECTORY_RUNNER) private readonly runner: PositionWaiter,
    @Inject(CONSISTENCY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List firms: filter by region, industry, stage, size, status; search by name' })
  async list(@Query() dto: ListFirmsDto) {
    await waitForReadModel(this.runner, dto.waitFor, this.timeoutMs);
    return this.query.list({ ...dto, limit: dto.limit ?? 50 });
  }

  @Get(':firmId')
  @ApiOperation({
    summary: 'A firm’s profile with its stage history (effective and recorded) and indicator reports',
    description: 'The ETag is the firm’s revision: send it back as If-Match to change the firm.',
  })
  async profile(
    @Param() { firmId }: FirmParams,
    @Query() dto: ReadYourWritesDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await waitForReadModel(this.runner, dto.waitFor, this.timeoutMs);
    const found = await this.query.profile(firmId);
    if (!found) throw new ProblemError(404, 'firm-not-found', 'No such firm', `No firm ${firmId}`);
    reply.header('etag', etagOf(found.revision));
    return found.firm;
  }
}
