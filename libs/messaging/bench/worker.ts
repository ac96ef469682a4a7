// Worker process: one contender's consumer or producer for one session, driven over IPC by
// messaging.bench.ts. Only what the role needs is loaded (a producer does not load Nest or TypeORM).
import type { FromWorker, SessionSetup, ToWorker } from './protocol';

function send(message: FromWorker): void {
  process.send?.(message);
}

function fail(error: unknown): void {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

async function consumerRole(setup: SessionSetup): Promise<void> {
  const { startConsumer, recorder, setLog } = await import('./consumers');
  const { startProfile, stopProfile } = await import('./profile');
  setLog((level, message) => send({ type: 'log', level, message }));
  const consumer = await startConsumer(setup);
  let ticker: NodeJS.Timeout | undefined;
  process.on('message', (message: ToWorker) => {
    if (message.type === 'window') {
      void (async () => {
        if (message.profile) await startProfile();
        recorder.arm(message.n, message.record, message.timeoutMs, (result) => {
          clearInterval(ticker);
          if (!message.profile) return send({ type: 'window-done', result });
          stopProfile().then(
            (profile) => send({ type: 'window-done', result: { ...result, profile } }),
            fail,
          );
        });
        ticker = setInterval(() => send({ type: 'progress', handled: recorder.windowProgress ?? 0 }), 1000);
        send({ type: 'window-armed' });
      })().catch(fail);
    } else if (message.type === 'stop') {
      clearInterval(ticker);
      consumer.stop().then(
        (result) => process.send!({ type: 'stopped', result }, () => process.exit(0)),
        (error) => {
          fail(error);
          setTimeout(() => process.exit(1), 100);
        },
      );
    }
  });
  send({ type: 'ready', pid: process.pid });
}

async function producerRole(setup: SessionSetup): Promise<void> {
  const { openProducer, burst, paced } = await import('./producers');
  const producer = await openProducer(setup);
  process.on('message', (message: ToWorker) => {
    if (message.type === 'burst') {
      burst(producer, message.n, message.firstSeq, setup.producerBatch).then(
        (result) => send({ type: 'burst-done', result }),
        fail,
      );
    } else if (message.type === 'paced') {
      paced(producer, message.rate, message.durationMs, message.firstSeq, setup.producerBatch).then(
        (result) => send({ type: 'paced-done', result }),
        fail,
      );
    } else if (message.type === 'stop') {
      producer.close().then(
        () => process.send!({ type: 'stopped', result: null }, () => process.exit(0)),
        (error) => {
          fail(error);
          setTimeout(() => process.exit(1), 100);
        },
      );
    }
  });
  send({ type: 'ready', pid: process.pid });
}

if (require.main === module) {
  process.once('message', (message: ToWorker) => {
    if (message.type !== 'setup') return fail(new Error(`expected setup, got ${message.type}`));
    (message.role === 'consumer' ? consumerRole(message.setup) : producerRole(message.setup)).catch(fail);
  });
  // The orchestrator went away: do not linger.
  process.on('disconnect', () => process.exit(0));
}
