import 'reflect-metadata';
import { createBusMicroservice } from '@baton/messaging';
import { createHttpApp, listen } from '@baton/platform';
import { RelayModule, RelayReactionsModule } from './app.module';
import { CASE_ERROR_STATUSES } from './cases/case.errors';
import { AGENCY_ERROR_STATUSES } from './agencies/agency.errors';
import { loadRelayConfig } from './config';
import { createRuntime, SERVICE } from './runtime';

/** Starts the relay: runtime (migrations, agency seed, runners), the bus reactions, then HTTP. */
export async function startRelay(env: NodeJS.ProcessEnv = process.env) {
  const config = loadRelayConfig(env);
  const runtime = await createRuntime(config);
  const reactions = await createBusMicroservice(
    RelayReactionsModule.register(runtime) as never,
    runtime.bus,
    {
      logger: false,
    },
  );
  await reactions.listen();
  const app = await createHttpApp(RelayModule.register(runtime), {
    service: SERVICE,
    logger: runtime.logger,
    bodyLimit: config.HTTP_BODY_LIMIT,
    statuses: { ...AGENCY_ERROR_STATUSES, ...CASE_ERROR_STATUSES },
    openApi: {
      title: 'Baton relay',
      description:
        'Support cases and baton hand-offs between agencies (이어달리기), and the agencies directory',
      version: '1',
    },
  });
  const url = await listen(app, config.PORT, config.HOST, runtime.logger);
  return {
    app,
    runtime,
    url,
    async close() {
      await reactions.close();
      await app.close();
    },
  };
}

if (require.main === module) {
  startRelay().catch((error) => {
    process.stderr.write(`relay failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
