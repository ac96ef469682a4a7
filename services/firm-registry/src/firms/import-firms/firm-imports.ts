import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '@baton/eventsourcing';
import {
  invalidField,
  violationsOf,
  type FieldViolation,
  type Logger,
  type RequestActor,
} from '@baton/platform';
import { parse } from 'csv-parse';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { FirmCommands } from '../firm-commands';
import { RegisterFirmDto } from '../register-firm/register-firm.controller';
import { normalizeBrn } from '../validators';

/** The CSV columns of a firm import (header row required, any order; optional ones may be left out). */
export const IMPORT_COLUMNS = [
  'businessRegistrationNumber',
  'name',
  'representativeName',
  'representativeEmail',
  'representativePhone',
  'regionCode',
  'industryId',
  'ksicCode',
  'foundedOn',
  'size',
] as const;
const REQUIRED = [
  'businessRegistrationNumber',
  'name',
  'representativeName',
  'regionCode',
  'industryId',
  'foundedOn',
  'size',
];

export interface ImportReport {
  importId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  fileName: string | null;
  rowsRead: number;
  rowsRegistered: number;
  rowsUnchanged: number;
  rowsFailed: number;
  failure: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  errors: { line: number; field: string; rule: string; message: string }[];
  errorsTruncated: boolean;
}

/** A running import not updated for this long lost its process: it reads as interrupted. */
const STALE_MS = 30_000;
const PROGRESS_EVERY_MS = 1000;

type Row = Record<string, string>;

/**
 * Streamed CSV import of firms. Each row is one RegisterFirm command whose idempotency key is the row's
 * content, so re-importing a file registers nothing twice: rows already imported count as unchanged.
 * Progress is written to `firm_imports` while it runs; every refused row is reported with line, field and rule.
 */
export class FirmImports {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly firms: FirmCommands,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  async run(
    body: Readable,
    options: { actor: RequestActor; importId?: string; fileName?: string; requestId?: string },
  ): Promise<ImportReport> {
    const importId = options.importId ?? randomUUID();
    const inserted = await this.dataSource.query(
      `INSERT INTO firm_imports (import_id, status, file_name, actor) VALUES ($1, 'running', $2, $3)
       ON CONFLICT (import_id) DO NOTHING RETURNING import_id`,
      [importId, options.fileName ?? null, options.actor],
    );
    if (!inserted.length)
      throw new DomainError(`Import ${importId} exists already; choose a new id`, 'import-already-exists', {
        field: 'importId',
      });
    const work = this.process(importId, body, options);
    this.running.add(work);
    try {
      await work;
    } finally {
      this.running.delete(work);
    }
    return (await this.report(importId))!;
  }

  private async process(
    importId: string,
    body: Readable,
    options: { actor: RequestActor; requestId?: string },
  ): Promise<void> {
    const counts = { read: 0, registered: 0, unchanged: 0, failed: 0 };
    let pendingErrors: { line: number; v: FieldViolation }[] = [];
    let lastFlush = Date.now();
    const flush = async (final?: { status: string; failure?: string }) => {
      const errors = pendingErrors;
      pendingErrors = [];
      await this.dataSource.transaction(async (m) => {
        if (errors.length)
          await m.query(
            `INSERT INTO firm_import_errors (import_id, line, field, rule, message)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
            [
              importId,
              errors.map((e) => e.line),
              errors.map((e) => e.v.field),
              errors.map((e) => e.v.rule),
              errors.map((e) => e.v.message),
            ],
          );
        await m.query(
          `UPDATE firm_imports SET rows_read = $2, rows_registered = $3, rows_unchanged = $4, rows_failed = $5,
             updated_at = now(), status = COALESCE($6, status), failure = $7,
             finished_at = CASE WHEN $6 IS NULL THEN NULL ELSE now() END
           WHERE import_id = $1`,
          [
            importId,
            counts.read,
            counts.registered,
            counts.unchanged,
            counts.failed,
            final?.status ?? null,
            final?.failure ?? null,
          ],
        );
      });
      lastFlush = Date.now();
    };

    const parser = body.pipe(
      parse({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
        columns: (header: string[]) => {
          const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
          const missing = REQUIRED.filter((c) => !header.includes(c));
          if (unknown.length || missing.length)
            throw invalidField(
              'body',
              'csv-header',
              `CSV header: ${[unknown.length && `unknown columns ${unknown.join(', ')}`, missing.length && `missing columns ${missing.join(', ')}`].filter(Boolean).join('; ')}. Columns: ${IMPORT_COLUMNS.join(', ')}`,
            );
          return header;
        },
      }),
    );
    body.on('error', (error) => parser.destroy(error));

    const inFlight = new Set<Promise<void>>();
    const refuse = (line: number, violations: FieldViolation[]) => {
      counts.failed++;
      for (const v of violations) pendingErrors.push({ line, v });
    };
    const handleRow = async (line: number, row: Row) => {
      const violations = await checkRow(row);
      if (violations.length) return refuse(line, violations);
      try {
        const outcome = await this.firms.register(toInput(row), {
          actor: options.actor,
          requestId: options.requestId,
          idempotencyKey: `import:${createHash('sha256').update(JSON.stringify(row)).digest('hex')}`,
        });
        if (outcome.replayed) counts.unchanged++;
        else counts.registered++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const field = typeof error.details.field === 'string' ? error.details.field : 'row';
        refuse(line, [{ field, rule: error.code, message: error.message }]);
      }
    };

    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Row;
        info: { lines: number; index: number; columns: unknown[]; error?: { code: string } };
      }>) {
        if (this.stopping) throw new Error('the service is stopping');
        counts.read++;
        // relax_column_count keeps the file going, but a row whose fields do not line up with the header
        // (an unquoted comma, a cut-off line) must be refused as such, not imported with shifted values.
        if (info.error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
          refuse(info.lines, [
            {
              field: 'row',
              rule: 'csv-column-count',
              message: `The row has ${info.index} fields; the header has ${info.columns.length} columns (quote values that contain commas)`,
            },
          ]);
          continue;
        }
        const task: Promise<void> = handleRow(info.lines, record).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= this.concurrency) await Promise.race(inFlight);
        if (Date.now() - lastFlush > PROGRESS_EVERY_MS) {
          await flush();
          this.logger.info({ importId, ...counts }, 'import progress');
        }
      }
      await Promise.all(inFlight);
      await flush({ status: 'completed' });
      this.logger.info({ importId, ...counts }, 'import completed');
    } catch (error) {
      await Promise.allSettled(inFlight);
      const message = (error as Error).message;
      await flush({ status: 'failed', failure: message });
      this.logger.warn({ importId, ...counts, err: error }, 'import failed');
      if (counts.read === 0) throw error;
    }
  }

  async report(importId: string, errorLimit = 1000): Promise<ImportReport | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT import_id AS "importId",
              CASE WHEN status = 'running' AND updated_at < now() - make_interval(secs => $2) THEN 'interrupted'
                   ELSE status END AS status,
              file_name AS "fileName", rows_read AS "rowsRead", rows_registered AS "rowsRegistered",
              rows_unchanged AS "rowsUnchanged", rows_failed AS "rowsFailed", failure,
              started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt"
       FROM firm_imports WHERE import_id = $1`,
      [importId, STALE_MS / 1000],
    );
    if (!row) return undefined;
    const errors = await this.dataSource.query(
      `SELECT line, field, rule, message FROM firm_import_errors WHERE import_id = $1 ORDER BY line, field LIMIT $2`,
      [importId, errorLimit + 1],
    );
    return {
      ...row,
      startedAt: new Date(row.startedAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
      errors: errors.slice(0, errorLimit),
      errorsTruncated: errors.length > errorLimit,
    };
  }

  /** Lets running imports notice the shutdown; they end as failed and can be re-run (idempotent). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running);
  }
}

async function checkRow(row: Row): Promise<FieldViolation[]> {
  const dto = plainToInstance(RegisterFirmDto, rowToBody(row));
  return violationsOf(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function rowToBody(row: Row) {
  return {
    businessRegistrationNumber: row.businessRegistrationNumber,
    name: row.name,
    representative: {
      name: row.representativeName,
      ...(blankToUndefined(row.representativeEmail) && { email: row.representativeEmail }),
      ...(blankToUndefined(row.representativePhone) && { phone: row.representativePhone }),
    },
    regionCode: row.regionCode,
    industryId: row.industryId,
    ...(blankToUndefined(row.ksicCode) && { ksicCode: row.ksicCode }),
    foundedOn: row.foundedOn,
    size: row.size,
  };
}

function toInput(row: Row) {
  const dto = plainToInstance(RegisterFirmDto, rowToBody(row));
  return {
    businessRegistrationNumber: normalizeBrn(dto.businessRegistrationNumber),
    name: dto.name,
    representative: { ...dto.representative },
    regionCode: dto.regionCode,
    industryId: dto.industryId,
    ...(dto.ksicCode !== undefined && { ksicCode: dto.ksicCode }),
    foundedOn: dto.foundedOn,
    size: dto.size,
  };
}
