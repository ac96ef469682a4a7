import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** A service refused to start: its configuration breaks these rules (one line per variable). */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates a service's configuration from environment variables (the only place a service
 * reads `process.env`). Unknown variables are ignored; a missing or malformed one stops the start with
 * every problem listed at once.
 */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(schema, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length) {
    throw new ConfigError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid'}`),
    );
  }
  return config;
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** Settings every Baton service shares. A service's own config class extends this one. */
export class ServiceConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^0\.0\.0\.0$|^127\.0\.0\.1$|^::$|^[\w.-]+$/, { message: 'HOST must be an interface address' })
  HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** PostgreSQL for the read models (and the event store and bus in the embedded setup). */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/baton';

  @IsIn(['postgres', 'kurrentdb'])
  EVENT_STORE: 'postgres' | 'kurrentdb' = 'postgres';

  /** Required when EVENT_STORE=kurrentdb, e.g. kurrentdb://localhost:2113?tls=false */
  @IsOptional()
  @Matches(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, { message: 'KURRENTDB_URL must be a kurrentdb:// URL' })
  KURRENTDB_URL?: string;

  /** Schema of the PostgreSQL event store (embedded setup). */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'EVENT_STORE_SCHEMA must be a lowercase SQL identifier' })
  EVENT_STORE_SCHEMA = 'eventstore';

  @IsIn(['embedded', 'kafka'])
  BUS: 'embedded' | 'kafka' = 'embedded';

  /** Comma-separated host:port list; required when BUS=kafka. */
  @IsOptional()
  @Matches(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS?: string;

  /** Request bodies over this many bytes are refused with 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT = 1024 * 1024;

  /**
   * Who the caller is: `jwt` verifies bearer tokens against AUTH_JWKS_URL (any OIDC provider; the gateway's
   * dev issuer in `npm start`); `headers` trusts X-Baton-* headers — tests and local runs behind a trusted
   * front only, it is not authentication.
   */
  @IsIn(['jwt', 'headers'])
  AUTH: 'jwt' | 'headers' = 'headers';

  /** The issuer's JWKS (`jwks_uri`); required when AUTH=jwt. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** Expected `iss` of tokens (checked when set). */
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  /** Expected `aud` of tokens (checked when set). */
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** How long a query waits for read-your-writes (`waitFor`) before answering 504. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  CONSISTENCY_TIMEOUT_MS = 5000;
}

/** Cross-field rules `class-validator` cannot express on one property. */
export function checkServiceConfig(config: ServiceConfig): void {
  const problems: string[] = [];
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL)
    problems.push('KURRENTDB_URL: required when EVENT_STORE=kurrentdb');
  if (config.BUS === 'kafka' && !config.KAFKA_BROKERS)
    problems.push('KAFKA_BROKERS: required when BUS=kafka');
  if (config.AUTH === 'jwt' && !config.AUTH_JWKS_URL) problems.push('AUTH_JWKS_URL: required when AUTH=jwt');
  if (problems.length) throw new ConfigError(problems);
}

/** Settings of a service that sends webhooks to agencies' own systems (libs/platform/src/webhooks). */
export class WebhookServiceConfig extends ServiceConfig {
  /** How often due webhook deliveries are looked for. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_POLL_MS = 1000;

  /** Retry backoff after the n-th failed delivery: base × 2^(n-1), at most an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_BASE_MS = 5000;

  /** Attempts before a delivery is given up (it stays in the log as failed). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 12;
}
