import 'reflect-metadata';
import { createBusMicroservice } from '@baton/messaging';
import { createHttpApp, listen } from '@baton/platform';
import { CrisisModule, CrisisReactionsModule } from './app.module';
import { loadCrisisConfig } from './config';
import { WARNING_ERROR_STATUSES } from './warnings/warning.errors';
import { createRuntime, SERVICE } from './runtime';

/** Starts crisis monitoring: runtime (migrations, rule-set seed, runners, watchers), the bus reactions, then HTTP. */
export async function startCrisisMonitoring(env: NodeJS.ProcessEnv = process.env) {
  const config = loadCrisisConfig(env);
  const runtime = await createRuntime(config);
  const reactions = await createBusMicroservice(
    CrisisReactionsModule.register(runtime) as never,
    runtime.bus,
    {
      logger: false,
    },
  );
  await reactions.listen();
  const app = await createHttpApp(CrisisModule.register(runtime), {
    service: SERVICE,
    logger: runtime.logger,
    bodyLimit: config.HTTP_BODY_LIMIT,
    statuses: WARNING_ERROR_STATUSES,
    openApi: {
      title: 'Baton crisis monitoring',
      description:
        'Early warnings of crisis signs (위기 징후) routed to crisis support centers (위기지원센터): rule sets, warnings and their lifecycle, backtests',
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
  startCrisisMonitoring().catch((error) => {
    process.stderr.write(`crisis monitoring failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
