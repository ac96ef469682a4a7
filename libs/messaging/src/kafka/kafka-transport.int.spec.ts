import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithKafka } from '@baton/testing';
import { transportContract } from '../testing/transport-contract';
import { kafkaHarness } from './kafka-harness';

const run = promisify(execFile);
const script = path.resolve(__dirname, '../../../../deploy/kafka/kafka.sh');
/** A broker of this suite's own: the outage test stops and restarts it. */
const PORT = Number(process.env.KAFKA_CONTRACT_PORT ?? 19092);
const env = { ...process.env, KAFKA_PORT: String(PORT), KAFKA_KEEP_DATA: '1' };

describeWithKafka('Bus transport contract: Kafka', () => {
  transportContract(async () => {
    await run('bash', [script, 'stop'], { env: { ...env, KAFKA_KEEP_DATA: '0' } }); // a leftover from a killed run
    await run('bash', [script, 'start'], { env: { ...env, KAFKA_KEEP_DATA: '0' }, timeout: 170000 });
    return kafkaHarness([`127.0.0.1:${PORT}`], { ownBrokerPort: PORT, scriptPath: script });
  });

  // Declared after the contract's own afterAll (which closes clients), so it runs after it.
  afterAll(async () => {
    await run('bash', [script, 'stop'], { env: { ...env, KAFKA_KEEP_DATA: '0' } });
  }, 120000);
});
