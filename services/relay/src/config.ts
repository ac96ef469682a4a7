import { checkServiceConfig, loadConfig, ServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

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
}

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const config = loadConfig(RelayConfig, env);
  checkServiceConfig(config);
  return config;
}
