import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { transportContract } from '../testing/transport-contract';
import { embeddedHarness } from './embedded-harness';

describe('Bus transport contract: embedded (PostgreSQL)', () => {
  let db: TestDatabase | undefined;

  transportContract(async () => {
    db = await createTestDatabase('bus_embedded');
    return embeddedHarness(db.url);
  });

  // Declared after the contract's own afterAll (which closes the harness), so it runs after it.
  afterAll(async () => {
    await db?.drop();
  });
});
