import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ActorGuard,
  CurrentActor,
  invalidField,
  ProblemError,
  Roles,
  type RequestActor,
} from '@baton/platform';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { FIRM_WRITERS } from '../command-http';
import { FirmImports, IMPORT_COLUMNS } from './firm-imports';

export class StartImportDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Choose the id to follow progress at GET /firm-imports/{id}',
  })
  @IsOptional()
  @IsUUID()
  importId?: string;

  @ApiPropertyOptional({ example: 'daegu-tp-2026.csv' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

class ImportParams {
  @IsUUID()
  importId!: string;
}

@ApiTags('firm imports')
@Controller('firm-imports')
@UseGuards(ActorGuard)
export class ImportFirmsController {
  constructor(private readonly imports: FirmImports) {}

  @Post()
  @HttpCode(200)
  @Roles(...FIRM_WRITERS)
  @ApiConsumes('text/csv')
  @ApiBody({ description: `CSV (UTF-8) with a header row; columns: ${IMPORT_COLUMNS.join(', ')}` })
  @ApiOperation({
    summary: 'Import firms from a CSV file (streamed); answers with the per-row report when done',
    description:
      'Re-importing the same file registers nothing twice. While it runs, GET /firm-imports/{importId} shows progress.',
  })
  async start(
    @Query() dto: StartImportDto,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
  ) {
    if (!(request.body instanceof Readable))
      throw new ProblemError(
        415,
        'unsupported-media-type',
        'Send the file as text/csv',
        'Content-Type must be text/csv',
      );
    if (request.headers['content-length'] === '0')
      throw invalidField('body', 'required', 'The CSV file is empty');
    return this.imports.run(request.body, {
      actor,
      importId: dto.importId,
      fileName: dto.fileName,
      requestId: String(request.id),
    });
  }

  @Get(':importId')
  @ApiOperation({ summary: 'Progress and per-row report (line, field, rule) of an import' })
  async report(@Param() { importId }: ImportParams) {
    const report = await this.imports.report(importId);
    if (!report) throw new ProblemError(404, 'import-not-found', 'No such import', `No import ${importId}`);
    return report;
  }
}
