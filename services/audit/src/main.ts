import 'reflect-metadata';
import { createBusMicroservice } from '@baton/messaging';
import { createHttpApp, listen } from '@baton/platform';
import { AuditModule, LedgerReactionsModule } from './app.module';
import { loadAuditConfig } from './config';
import { createRuntime, SERVICE } from './runtime';

/** Starts the audit service: runtime (migrations, key, first digest), the ledger's bus consumer, then HTTP. */
export async function startAudit(env: NodeJS.ProcessEnv = process.env) {
  const config = loadAuditConfig(env);
  const runtime = await createRuntime(config);
  const reactions = await createBusMicroservice(
    LedgerReactionsModule.register(runtime) as never,
    runtime.bus,
    {
      logger: false,
    },
  );
  await reactions.listen();
  const app = await createHttpApp(AuditModule.register(runtime), {
    service: SERVICE,
    logger: runtime.logger,
    bodyLimit: config.HTTP_BODY_LIMIT,
    openApi: {
      title: 'Baton audit',
      description:
        'Per-firm audit ledger (기업별 감사 원장): as-of replay, verification against signed digests, exports, completeness, recorded reads',
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
  startAudit().catch((error) => {
    process.stderr.write(`audit failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
