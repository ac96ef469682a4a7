// The firm registry as `npm run start:firm-registry` runs it (startFirmRegistry with this process's
// environment: DATABASE_URL, PORT, LOG_LEVEL from the bench), in a process of its own, its SQL statements
// counted (query-counter.ts).
import 'reflect-metadata';
import { startFirmRegistry } from '../src/main';
import { runChild } from '@baton/testing/bench';
import { installQueryCounter } from '@baton/testing/bench';

runChild(async () => {
  installQueryCounter();
  const service = await startFirmRegistry(process.env);
  return { url: service.url, close: () => service.app.close() };
});
