// Worker process: receives one task from the orchestrator over IPC, runs it, answers, exits. Only the
// modules the task needs are loaded (the catch-up's RSS is not inflated by TypeORM or Emmett).
import type { CatchUpTask, AppendTask, CopyToPeerTask, LoadTask } from './tasks';
import type { RebuildTask } from './rebuild';

export type Task = AppendTask | LoadTask | CopyToPeerTask | CatchUpTask | RebuildTask;

export type WorkerReply = { ok: true; result: unknown } | { ok: false; error: string };

async function run(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'append':
      return (await import('./tasks')).runAppend(task);
    case 'load':
      return (await import('./tasks')).runLoad(task);
    case 'copy-to-peer':
      return (await import('./tasks')).runCopyToPeer(task);
    case 'catchup':
      return (await import('./tasks')).runCatchUp(task);
    case 'rebuild':
      return (await import('./rebuild')).runRebuild(task);
  }
}

if (require.main === module) {
  process.once('message', (task: Task) => {
    run(task).then(
      (result) => reply({ ok: true, result }, 0),
      (error: unknown) =>
        reply(
          { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          1,
        ),
    );
  });
}

function reply(message: WorkerReply, code: number): void {
  process.send!(message, () => process.exit(code));
}
