import { checkServiceConfig, ConfigError, loadConfig, ServiceConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const URL_RULE = { message: 'must be an http(s) URL' };

/** The gateway's settings; `process.env` is read here and nowhere else. */
export class GatewayConfig extends ServiceConfig {
  override PORT = 3100;

  /** Upstreams: `/api/<service>/…` goes to these. */
  @Matches(/^https?:\/\//, URL_RULE) FIRM_REGISTRY_URL = 'http://127.0.0.1:3101';
  @Matches(/^https?:\/\//, URL_RULE) RELAY_URL = 'http://127.0.0.1:3102';
  @Matches(/^https?:\/\//, URL_RULE) CRISIS_MONITORING_URL = 'http://127.0.0.1:3103';
  @Matches(/^https?:\/\//, URL_RULE) AUDIT_URL = 'http://127.0.0.1:3104';

  /**
   * Embedded mode: the gateway is the dev token issuer, its Ed25519 key kept in this folder (created on first
   * start). Then the gateway verifies tokens with that key, and services use its `/.well-known/jwks.json`.
   */
  @IsOptional()
  @IsString()
  AUTH_DEV_ISSUER_DIR?: string;

  /** Origins allowed by CORS, comma-separated (`*` for any); none by default. */
  @IsString()
  CORS_ORIGINS = '';

  /** Requests per minute per caller (token sub, else client address), with bursts up to RATE_LIMIT_BURST. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_BURST = 200;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const config = loadConfig(GatewayConfig, env);
  if (config.AUTH_DEV_ISSUER_DIR) {
    if (config.AUTH === 'headers')
      throw new ConfigError(['AUTH_DEV_ISSUER_DIR: the dev issuer needs AUTH=jwt']);
    // The gateway verifies with its own key; AUTH_JWKS_URL is what the services use.
    Object.assign(config, {
      AUTH_JWKS_URL: config.AUTH_JWKS_URL ?? `http://127.0.0.1:${config.PORT}/.well-known/jwks.json`,
    });
  }
  checkServiceConfig(config);
  return config;
}
