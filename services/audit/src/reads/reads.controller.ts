import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, Roles } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LEDGER_READERS } from '../firm-history/access';
import { parseFirmRef } from '../firm-history/firm-ref';
import { ReadLog } from './read-log';

class ReadsQuery {
  /** Only reads of this firm (id or business registration number). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  firm?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  user?: string;

  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('reads')
@Controller('reads')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class ReadsController {
  constructor(@Inject(ReadLog) private readonly reads: ReadLog) {}

  @Get()
  @ApiOperation({ summary: 'Who read which firm’s history, when and how: newest first, keyset-paginated' })
  list(@Query() query: ReadsQuery) {
    return this.reads.list({
      firmId: query.firm === undefined ? undefined : parseFirmRef(query.firm).firmId,
      userId: query.user,
      cursor: query.cursor,
      limit: query.limit ?? 100,
    });
  }
}
