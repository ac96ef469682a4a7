import { checkServiceConfig, loadConfig, WebhookServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** The relay's settings; `process.env` is read here and nowhere else. */
export class RelayConfig extends WebhookServiceConfig {
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
}

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const config = loadConfig(RelayConfig, env);
  checkServiceConfig(config);
  return config;
}
