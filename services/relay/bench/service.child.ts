// The relay as `npm run start:relay` runs it (startRelay with this process's environment: DATABASE_URL,
// PORT, LOG_LEVEL from the bench), in a process of its own, its SQL statements counted (query-counter.ts).
import 'reflect-metadata';
import { startRelay } from '../src/main';
import { runChild } from '@baton/testing/bench';
import { installQueryCounter } from '@baton/testing/bench';

runChild(async () => {
  installQueryCounter();
  const relay = await startRelay(process.env);
  return { url: relay.url, close: () => relay.close() };
});
