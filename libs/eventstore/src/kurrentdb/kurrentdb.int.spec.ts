// The event-store contract against a real KurrentDB (or EventStoreDB 23.10+) server, when one is given:
//   KURRENTDB_CONNECTION_STRING=kurrentdb://admin:changeit@127.0.0.1:2113?tls=false npx jest libs/eventstore/src/kurrentdb
// Without it the suite is skipped, and says so: no server is started from here.
import { eventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('KurrentDB', async () => {
    const opened: KurrentDbEventStore[] = [];
    const open = async () => {
      const store = new KurrentDbEventStore(connectionString);
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      async teardown() {
        await Promise.all(opened.map((store) => store.close()));
      },
    };
  });
} else {
  const message =
    'SKIPPED KurrentDB contract suite: KURRENTDB_CONNECTION_STRING is not set (e.g. esdb://127.0.0.1:2113?tls=false)';
  process.stdout.write(`${message}\n`);
  console.warn(message);
  describe.skip('EventStore contract: KurrentDB (KURRENTDB_CONNECTION_STRING is not set)', () => {
    it('runs the event-store contract against KurrentDB', () => undefined);
  });
}
