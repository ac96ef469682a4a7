/**
 * Kafka for integration suites: a real broker, never a fake. Start one with `npm run kafka:start`
 * (deploy/kafka/kafka.sh) and pass its address in KAFKA_BROKERS; `.ci/run` does both.
 */

const SKIP_HINT = 'KAFKA_BROKERS is not set (start a broker with npm run kafka:start)';

/** Broker addresses from KAFKA_BROKERS ("host:port,host:port"), or undefined when not set. */
export function kafkaBrokers(): string[] | undefined {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  return brokers.length > 0 ? brokers : undefined;
}

/**
 * `describe` for suites that need a real Kafka broker. Runs the suite when KAFKA_BROKERS is set;
 * otherwise says so on stdout and registers it with `describe.skip`, so Jest reports it as skipped
 * instead of failing or passing silently.
 *
 * Uses Jest's global `describe` (not `@jest/globals`, which throws when imported outside Jest), so
 * importing `@baton/testing` from a script stays harmless.
 */
export function describeWithKafka(name: string, fn: () => void): void {
  if (kafkaBrokers()) {
    describe(name, fn);
    return;
  }
  process.stdout.write(`SKIPPED ${name}: ${SKIP_HINT}\n`);
  describe.skip(name, fn);
}
