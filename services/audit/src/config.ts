import { checkServiceConfig, ConfigError, loadConfig, ServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** The audit service's settings; `process.env` is read here and nowhere else (the CLI has its own). */
export class AuditConfig extends ServiceConfig {
  override PORT = 3104;

  /**
   * `production` refuses to start without AUDIT_SIGNING_KEY; elsewhere a missing key is replaced by an
   * ephemeral one (with a warning): its digests cannot be verified once the process is gone.
   */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /**
   * The Ed25519 key that signs the ledger digests: a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`) or
   * the base64 of the raw 32-byte seed.
   */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  /** The name auditors look the public key up by; every digest carries it. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'AUDIT_KEY_ID must be 1–64 of A–Z a–z 0–9 . _ : -' })
  AUDIT_KEY_ID?: string;

  /**
   * Earlier keys whose digests the service still verifies (after a rotation): `keyId=<base64 raw public
   * key>` pairs separated by commas.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,64}=[A-Za-z0-9+/]{43}=(,[A-Za-z0-9._:-]{1,64}=[A-Za-z0-9+/]{43}=)*$/, {
    message: 'AUDIT_TRUSTED_KEYS must be keyId=<base64 public key>[,keyId=<base64 public key>…]',
  })
  AUDIT_TRUSTED_KEYS?: string;

  /** How often a digest over every firm's chain is signed (when the ledger changed since the last one). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(24 * 60 * 60 * 1000)
  AUDIT_DIGEST_INTERVAL_MS = 60_000;

  /**
   * The bus consumer group of the ledger, and the group whose committed offsets the completeness check
   * compares with. One per ledger: a second ledger (another database) needs a group of its own.
   */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'AUDIT_CONSUMER_GROUP must be 1–100 of A–Z a–z 0–9 . _ -' })
  AUDIT_CONSUMER_GROUP = 'audit';

  /** Schema of the embedded bus's tables, read by the completeness check (BUS=embedded). */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'BUS_SCHEMA must be a lowercase SQL identifier' })
  BUS_SCHEMA = 'bus';

  /**
   * Ledger entries kept in memory for replays (least recently read firms dropped first; 0 keeps only the firm
   * being read). Roughly 1–2 KB each.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUDIT_REPLAY_CACHE_ENTRIES = 50_000;

  /** Missing offsets listed per partition in a completeness report (the count is always exact). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  COMPLETENESS_MAX_GAPS = 100;
}

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const config = loadConfig(AuditConfig, env);
  checkServiceConfig(config);
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && !config.AUDIT_SIGNING_KEY)
    problems.push('AUDIT_SIGNING_KEY: required when NODE_ENV=production (digests must outlive the process)');
  if (config.AUDIT_SIGNING_KEY && !config.AUDIT_KEY_ID)
    problems.push('AUDIT_KEY_ID: required with AUDIT_SIGNING_KEY (verifiers look the key up by it)');
  if (problems.length) throw new ConfigError(problems);
  return config;
}
