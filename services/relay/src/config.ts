import { checkServiceConfig, loadConfig, ServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** The relay's settings; `process.env` is read here and nowhere else. */
export class RelayConfig extends ServiceConfig {
  override PORT = 3102;

  /** A proposal is due for acceptance within this many Korean business days (then it escalates). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  HANDOFF_DUE_BUSINESS_DAYS = 5;

  /** …and can no longer be accepted after this many business days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  HANDOFF_EXPIRY_BUSINESS_DAYS = 15;

  /** How often overdue and expired proposals are looked for. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DEADLINE_CHECK_INTERVAL_MS = 60_000;

  /**
   * Where overdue proposals escalate in a region without a regional SME office (제주: its functions passed to
   * the province). Unset: they are logged and left to expire.
   */
  @IsOptional()
  @IsUUID()
  ESCALATION_FALLBACK_AGENCY_ID?: string;

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

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const config = loadConfig(RelayConfig, env);
  checkServiceConfig(config);
  return config;
}
