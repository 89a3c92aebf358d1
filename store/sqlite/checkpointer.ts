// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses its threshold, on the writer's thread — the thread that also answers ingest requests
// — and waits there for the copy and the fsync (9 % of Puppet ingest throughput,
// docs/performance.md). The writer's connection turns it off and this thread does the work.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** A WAL this long (4 KB frames) is checkpointed with RESTART, which waits for writers. */
  restartAfterFrames?: number;
  log?: Pick<Logger, 'error'>;
  /** The thread died: the caller turns SQLite's own checkpoints back on. */
  onFailure: (err: Error) => void;
}

export function startCheckpointer(path: string, options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(new URL('./checkpoint.worker.mjs', import.meta.url), {
    workerData: { path, intervalMs: options.intervalMs ?? 250, restartAfterFrames: options.restartAfterFrames ?? 50_000 },
  });
  // A store someone forgets to close must not keep the process alive.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) (options.log ?? console).error(`[store:sqlite] checkpoint failed: ${message.error}`);
  });
  let stopping = false;
  worker.on('error', (err) => options.onFailure(err));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping && code !== 0) options.onFailure(new Error(`the checkpoint thread exited with code ${code}`));
      resolve();
    }),
  );
  return {
    async stop() {
      stopping = true;
      // Held again while it finishes: awaiting an unreferenced thread lets the process exit
      // before whatever follows the close (the CLI printed nothing).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
