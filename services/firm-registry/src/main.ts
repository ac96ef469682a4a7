import 'reflect-metadata';
import { createHttpApp, listen } from '@baton/platform';
import { FirmRegistryModule } from './app.module';
import { loadFirmRegistryConfig } from './config';
import { FIRM_ERROR_STATUSES } from './firms/firm.errors';
import { createRuntime, SERVICE } from './runtime';

/** Starts the firm registry: runtime first (migrations, seed, runners), then HTTP. */
export async function startFirmRegistry(env: NodeJS.ProcessEnv = process.env) {
  const config = loadFirmRegistryConfig(env);
  const runtime = await createRuntime(config);
  const app = await createHttpApp(FirmRegistryModule.register(runtime), {
    service: SERVICE,
    logger: runtime.logger,
    bodyLimit: config.HTTP_BODY_LIMIT,
    statuses: FIRM_ERROR_STATUSES,
    streamedContentTypes: ['text/csv'],
    openApi: {
      title: 'Baton firm registry',
      description:
        'Regional firms (지역중소기업), growth stages, indicators and the regional key industry catalogue',
      version: '1',
    },
  });
  const url = await listen(app, config.PORT, config.HOST, runtime.logger);
  return { app, runtime, url };
}

if (require.main === module) {
  startFirmRegistry().catch((error) => {
    process.stderr.write(`firm-registry failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
