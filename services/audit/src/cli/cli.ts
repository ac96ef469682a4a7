import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  KeyFormatError,
  parseVerificationKey,
  verifyFirmExport,
  type FirmExport,
  type FirmExportVerification,
} from '../ledger';

export const USAGE = `Usage: baton-audit <command> [options]

Commands (the service's API, as an auditor; every read of a firm is recorded by the service):
  replay       --firm <id> | --brn <number>  [--as-of <date|instant>] [--mode known|effective]
  diff         --firm <id> | --brn <number>  --from <date|instant> --to <date|instant> [--mode known|effective]
  timeline     --firm <id> | --brn <number>  [--json]
  export       --firm <id> | --brn <number>  --format json|csv|pdf [--out <file>]
  verify       --firm <id> | --brn <number>  the service verifies the firm's chain and digest
  completeness                               the ledger against what the services published
  public-key   [--out <file>]                the digest signing key (verify it out of band too)

Offline (no service needed; services/audit/VERIFY.md):
  verify <export.json> --public-key <file> [--key-id <id>]

Options:
  --url <url>    the audit service (BATON_AUDIT_URL, default http://127.0.0.1:3104)
  --user <id>    who is reading (BATON_AUDIT_USER, default $USER)
  --role <role>  auditor (default), ministry or admin (BATON_AUDIT_ROLE)
  A date (2026-03-01) means the end of that day in Korea (2026-03-01T23:59:59.999+09:00).

Exit status: 0 done (verified), 1 not verified or refused by the service, 2 wrong usage.
Results go to stdout (or --out); progress and errors to stderr.`;

class UsageError extends Error {}

interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

const OPTIONS = {
  firm: { type: 'string' },
  brn: { type: 'string' },
  'as-of': { type: 'string' },
  mode: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'public-key': { type: 'string' },
  'key-id': { type: 'string' },
  url: { type: 'string' },
  user: { type: 'string' },
  role: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one command; resolves to the exit status. `env` is read here only (BATON_AUDIT_*, USER). */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const progress = (message: string) => io.err.write(`[baton-audit] ${message}\n`);
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.out.write(`${USAGE}\n`);
      return command === undefined && !values.help ? 2 : 0;
    }
    const api = new AuditApi(
      values.url ?? env.BATON_AUDIT_URL ?? 'http://127.0.0.1:3104',
      values.user ?? env.BATON_AUDIT_USER ?? env.USER ?? 'auditor',
      values.role ?? env.BATON_AUDIT_ROLE ?? 'auditor',
      progress,
    );
    const firm = () => {
      if (values.firm && values.brn) throw new UsageError('give --firm or --brn, not both');
      const ref = values.firm ?? values.brn;
      if (!ref) throw new UsageError(`${command} needs --firm <id> or --brn <number>`);
      return encodeURIComponent(ref.trim());
    };
    const write = async (body: Buffer | string) => {
      if (values.out) {
        fs.writeFileSync(values.out, body);
        progress(`wrote ${Buffer.byteLength(body)} bytes to ${values.out}`);
      } else io.out.write(body);
    };
    const json = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
    switch (command) {
      case 'replay': {
        const query = new URLSearchParams({ mode: mode(values.mode) });
        if (values['as-of']) query.set('asOf', instantOf(values['as-of'], progress));
        await json(await api.json(`/firms/${firm()}/state?${query}`));
        return 0;
      }
      case 'diff': {
        if (!values.from || !values.to) throw new UsageError('diff needs --from and --to');
        const query = new URLSearchParams({
          from: instantOf(values.from, progress),
          to: instantOf(values.to, progress),
          mode: mode(values.mode),
        });
        await json(await api.json(`/firms/${firm()}/diff?${query}`));
        return 0;
      }
      case 'timeline': {
        const answer = (await api.json(`/firms/${firm()}/timeline`)) as {
          items: { sequence: number; at: string; recordedAt: string; type: string; summary: string }[];
        };
        if (values.json) await json(answer);
        else
          await write(
            answer.items
              .map((i) => `#${i.sequence}\t${i.at}\t(recorded ${i.recordedAt})\t${i.type}\t${i.summary}`)
              .join('\n') + '\n',
          );
        return 0;
      }
      case 'export': {
        const format = values.format ?? 'json';
        if (!['json', 'csv', 'pdf'].includes(format))
          throw new UsageError('--format must be json, csv or pdf');
        if (format === 'pdf' && !values.out && (io.out as { isTTY?: boolean }).isTTY)
          throw new UsageError('a PDF on a terminal: give --out <file>');
        await write(await api.download(`/firms/${firm()}/export?format=${format}`));
        return 0;
      }
      case 'verify': {
        if (rest.length) return verifyOffline(rest[0], values['public-key'], values['key-id'], io, progress);
        const answer = (await api.json(`/firms/${firm()}/verification`)) as { ok: boolean };
        await json(answer);
        io.err.write(answer.ok ? 'VERIFIED\n' : 'NOT VERIFIED\n');
        return answer.ok ? 0 : 1;
      }
      case 'completeness': {
        const answer = (await api.json('/completeness')) as { complete: boolean };
        await json(answer);
        return answer.complete ? 0 : 1;
      }
      case 'public-key': {
        const keys = (await api.json('/keys')) as {
          signingKeyId: string;
          keys: { keyId: string; pem: string }[];
        };
        const current = keys.keys.find((k) => k.keyId === keys.signingKeyId)!;
        progress(`key id ${current.keyId}`);
        await write(current.pem);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`baton-audit: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ServiceError) {
      io.err.write(`baton-audit: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function mode(value: string | undefined): string {
  if (value === undefined) return 'known';
  if (value !== 'known' && value !== 'effective') throw new UsageError('--mode must be known or effective');
  return value;
}

/** A date is the end of that day in Korea; anything else goes to the service as written (it checks it). */
export function instantOf(value: string, progress: (m: string) => void): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const instant = `${value}T23:59:59.999+09:00`;
    progress(`${value} → ${instant} (the end of that day in Korea)`);
    return instant;
  }
  return value;
}

/** The offline check of VERIFY.md §6, step by step on stderr. */
function verifyOffline(
  file: string,
  keyFile: string | undefined,
  expectedKeyId: string | undefined,
  io: Io,
  progress: (m: string) => void,
): number {
  if (!keyFile) throw new UsageError('verify <export.json> needs --public-key <file>');
  const t0 = performance.now();
  let exported: FirmExport;
  let publicKey;
  try {
    exported = JSON.parse(fs.readFileSync(file, 'utf8')) as FirmExport;
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  if (
    !Array.isArray(exported?.entries) ||
    typeof exported.digest !== 'object' ||
    typeof exported.proof !== 'object'
  )
    throw new UsageError(`${file} is not an audit export: it needs entries, digest and proof (VERIFY.md)`);
  try {
    publicKey = parseVerificationKey(fs.readFileSync(keyFile, 'utf8'));
  } catch (error) {
    if (error instanceof KeyFormatError) throw new UsageError(`${keyFile}: ${error.message}`);
    throw new UsageError(`cannot read ${keyFile}: ${(error as Error).message}`);
  }
  progress(
    `${file}: ${exported.entries.length} entries of firm ${exported.proof.firmId}; digest ${exported.digest.digestId} (key "${exported.digest.keyId}", watermark ${exported.digest.upTo})`,
  );
  progress(`checking the chain, the digest signature, the inclusion proof and the anchor …`);
  const result: FirmExportVerification = verifyFirmExport(exported, publicKey, { expectedKeyId });
  const ms = Math.round(performance.now() - t0);
  if (result.ok) {
    io.out.write(
      `VERIFIED: firm ${result.firmId}, ${result.count} entries; entries 1-${result.anchoredSequence} are pinned by digest ${exported.digest.digestId} signed by key "${exported.digest.keyId}"` +
        (result.anchoredSequence < result.count
          ? `; entries ${result.anchoredSequence + 1}-${result.count} were recorded after its watermark and are protected by the chain only`
          : '') +
        ` (${ms} ms)\n`,
    );
    return 0;
  }
  const where = result.step === 'chain' ? ` at entry ${result.failedAt}` : '';
  const hint =
    result.step === 'digest' && result.reason === 'signature-invalid'
      ? ` — the public key in ${keyFile} is not the key that signed this digest, or the digest was altered`
      : '';
  io.out.write(`NOT VERIFIED: ${result.step} ${result.reason}${where}: ${result.detail}${hint}\n`);
  return 1;
}

class ServiceError extends Error {}

/** The audit service's HTTP API with the trusted-front actor headers (ADR 11; JWTs come with issue 8). */
class AuditApi {
  constructor(
    private readonly url: string,
    private readonly user: string,
    private readonly role: string,
    private readonly progress: (m: string) => void,
  ) {}

  private async get(path: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.url.replace(/\/$/, '')}${path}`, {
        headers: { 'x-baton-user': this.user, 'x-baton-role': this.role },
      });
    } catch (error) {
      throw new ServiceError(
        `cannot reach the audit service at ${this.url}: ${(error as Error).cause ?? error}`,
      );
    }
    if (!response.ok) {
      const text = await response.text();
      let detail = text;
      try {
        const problem = JSON.parse(text) as {
          title?: string;
          detail?: string;
          errors?: { field: string; rule: string; message: string }[];
        };
        detail = [
          problem.title,
          problem.detail,
          ...(problem.errors ?? []).map((e) => `${e.field} (${e.rule}): ${e.message}`),
        ]
          .filter(Boolean)
          .join(' — ');
      } catch {
        // not problem+json: the text as it is
      }
      throw new ServiceError(`${response.status} from ${path}: ${detail}`);
    }
    return response;
  }

  async json(path: string): Promise<unknown> {
    this.progress(`GET ${path}`);
    return (await this.get(path)).json();
  }

  /** The body as it arrives, with progress every half second on long downloads. */
  async download(path: string): Promise<Buffer> {
    this.progress(`GET ${path}`);
    const response = await this.get(path);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let said = performance.now();
    const t0 = said;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      bytes += chunk.length;
      if (performance.now() - said > 500) {
        said = performance.now();
        this.progress(`received ${(bytes / 1024).toFixed(0)} KiB …`);
      }
    }
    this.progress(`received ${bytes} bytes in ${Math.round(performance.now() - t0)} ms`);
    return Buffer.concat(chunks);
  }
}
