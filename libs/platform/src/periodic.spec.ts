import pino from 'pino';
import { PeriodicTask } from './periodic';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicTask', () => {
  it('runs a round every interval, never two at once; a failed round is retried next time; stop waits for the round in flight', async () => {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    let finished = 0;
    const task = new PeriodicTask(
      'test round',
      10,
      async () => {
        rounds++;
        running++;
        if (running > 1) overlapped = true;
        await sleep(35); // longer than the interval
        running--;
        finished++;
        if (rounds === 1) throw new Error('first round fails');
      },
      silent,
    );
    task.start();
    task.start(); // a second start changes nothing
    await sleep(200);
    await task.stop();
    expect(rounds).toBeGreaterThanOrEqual(3); // the failure did not stop it
    expect(overlapped).toBe(false);
    expect(finished).toBe(rounds); // stop waited for the round in flight
    const after = rounds;
    await sleep(60);
    expect(rounds).toBe(after); // stopped for good
  });
});
