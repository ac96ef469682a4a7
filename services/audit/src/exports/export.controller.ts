import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, Roles, type RequestActor } from '@baton/platform';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Digests } from '../digests/digests';
import { KEY_RING } from '../digests/keys.controller';
import type { KeyRing } from '../digests/key-ring';
import { LEDGER_READERS } from '../firm-history/access';
import { FirmParams } from '../firm-history/firm-history.controller';
import { firmNotFound, parseFirmRef } from '../firm-history/firm-ref';
import { rawPublicKeyBase64 } from '../ledger';
import { ReadLog } from '../reads/read-log';
import { LedgerReader } from '../store/ledger-reader';
import { toCsv } from './csv';
import { checkExport, exportFirm } from './firm-exports';
import { firmReportPdf } from './report';

class ExportQuery {
  /** json (verifiable offline, VERIFY.md), csv (spreadsheets) or pdf (a report for people). */
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  pdf: 'application/pdf',
} as const;

@ApiTags('exports')
@Controller('firms/:firm/export')
@UseGuards(ActorGuard)
@Roles(...LEDGER_READERS)
export class ExportController {
  constructor(
    @Inject(LedgerReader) private readonly reader: LedgerReader,
    @Inject(Digests) private readonly digests: Digests,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(ReadLog) private readonly reads: ReadLog,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The firm’s ledger to take away: JSON with chain, signed digest and inclusion proof (verifiable offline), CSV, or a PDF report',
  })
  async export(
    @Param() params: FirmParams,
    @Query() query: ExportQuery,
    @CurrentActor() actor: RequestActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ref = parseFirmRef(params.firm);
    const format = query.format ?? 'json';
    await this.reads.record(actor, ref.firmId, 'export', { format }, request.id);
    if (!(await this.reader.head(ref.firmId))) throw firmNotFound(ref);
    const exported = await exportFirm(ref.firmId, { reader: this.reader, digests: this.digests });
    reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="audit-${ref.firmId}.${format}"`);
    if (format === 'csv') return toCsv(exported.entries);
    if (format === 'pdf') {
      const publicKey = this.keys.publicKey(exported.digest.keyId)!;
      return firmReportPdf({
        exported,
        verification: checkExport(exported, publicKey),
        readBy: actor,
        publicKey: rawPublicKeyBase64(publicKey),
      });
    }
    return exported;
  }
}
