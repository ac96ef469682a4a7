// The audit service as `npm run start:audit` runs it (startAudit with this process's environment), in a
// process of its own, its SQL statements counted (query-counter.ts).
import 'reflect-metadata';
import { installQueryCounter, runChild } from '@baton/testing/bench';
import { startAudit } from '../src/main';

runChild(async () => {
  installQueryCounter();
  const audit = await startAudit(process.env);
  return { url: audit.url, close: () => audit.close() };
});
