import { checkServiceConfig, loadConfig, WebhookServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** Crisis monitoring's settings; `process.env` is read here and nowhere else. */
export class CrisisConfig extends WebhookServiceConfig {
  override PORT = 3103;

  /** How often unacknowledged warnings past their SLA are looked for (then escalated). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ACK_CHECK_INTERVAL_MS = 60_000;

  /**
   * Where warnings of a region with neither a crisis support center nor a regional SME office go (제주: the
   * office's functions passed to the province). Unset: such a warning is refused and logged.
   */
  @IsOptional()
  @IsUUID()
  CRISIS_FALLBACK_AGENCY_ID?: string;
}

export function loadCrisisConfig(env: NodeJS.ProcessEnv = process.env): CrisisConfig {
  const config = loadConfig(CrisisConfig, env);
  checkServiceConfig(config);
  return config;
}
