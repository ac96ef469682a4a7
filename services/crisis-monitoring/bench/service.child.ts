// Crisis monitoring as `npm run start:crisis-monitoring` runs it (startCrisisMonitoring with this process's
// environment: DATABASE_URL, PORT, LOG_LEVEL from the bench; embedded bus, PostgreSQL event store), in a
// process of its own, its SQL statements counted (query-counter.ts).
import 'reflect-metadata';
import { installQueryCounter, runChild } from '@baton/testing/bench';
import { startCrisisMonitoring } from '../src/main';

runChild(async () => {
  installQueryCounter();
  const service = await startCrisisMonitoring(process.env);
  return { url: service.url, close: () => service.close() };
});
