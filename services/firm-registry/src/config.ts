import { ServiceConfig, checkServiceConfig, loadConfig } from '@baton/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

/** The firm registry's settings; `process.env` is read here and nowhere else. */
export class FirmRegistryConfig extends ServiceConfig {
  override PORT = 3101;

  /**
   * Key-encryption key for the per-firm personal-data keys: 32 bytes, base64. The default is a well-known
   * development key — set a secret in every real deployment.
   */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'PERSONAL_DATA_KEK must be 32 bytes in base64' })
  PERSONAL_DATA_KEK = Buffer.alloc(32, 'baton-dev-only-personal-data-kek').toString('base64');

  /**
   * Minimum scores (0–100) for promotion to 선도기업 and for 초광역권 designation. A policy setting: the
   * ministry's actual cut-offs are not in the sources, so these defaults are placeholders to configure.
   */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(100)
  LEADING_MIN_INNOVATION = 70;

  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(100)
  LEADING_MIN_GROWTH = 70;

  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(100)
  LEADING_MIN_JOB_CREATION = 60;

  /** Rows of a CSV import in flight at once. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(64)
  IMPORT_CONCURRENCY = 8;
}

export function loadFirmRegistryConfig(env: NodeJS.ProcessEnv = process.env): FirmRegistryConfig {
  const config = loadConfig(FirmRegistryConfig, env);
  checkServiceConfig(config);
  return config;
}
