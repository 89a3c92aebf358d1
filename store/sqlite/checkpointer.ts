// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses its threshold, on the writer's thread — the thread that also answers ingest requests
// — and waits there for the copy and the fsync (9 % of Puppet ingest throughput,
// docs/performance.md). The writer's connection turns it off and this thread does the work.
import { Worker } from 'node:worker_threads';

/** How often the thread checkpoints. A PASSIVE checkpoint never blocks the writer; once it has
 *  copied every frame, the writer's next transaction starts the WAL over from its beginning. */
const INTERVAL_MS = 250;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `onFailure`: the thread died, and the caller turns SQLite's own checkpoints back on. */
export function startCheckpointer(path: string, onFailure: (err: Error) => void): Checkpointer {
  const worker = new Worker(new URL('./checkpoint.worker.mjs', import.meta.url), { workerData: { path, intervalMs: INTERVAL_MS } });
  // A store someone forgets to close must not keep the process alive.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) console.error(`[store:sqlite] checkpoint failed: ${message.error}`);
  });
  let stopping = false;
  let failure: Error | undefined;
  worker.on('error', (err) => (failure = err));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping && code !== 0) onFailure(failure ?? new Error(`the checkpoint thread exited with code ${code}`));
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
