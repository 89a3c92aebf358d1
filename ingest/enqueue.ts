// Micro-batching producer: requests that arrive while a Redis write is in flight share the
// next job. Each caller's promise settles only once the job holding its item is in Redis,
// so a 202 still means "durably queued"; an idle server adds no delay at all.
import type { Queue } from 'bullmq';
import { type QueueItem, RUNS_JOB_NAME, type RunsJob } from '../processors/queues.ts';

export interface Enqueuer {
  enqueue(item: QueueItem): Promise<void>;
  /** Waits for everything already handed over to reach Redis. */
  drain(): Promise<void>;
}

interface Pending {
  item: QueueItem;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface BatchOptions {
  maxItems: number;
  /** Concurrent job writes; more keeps latency low under load, fewer makes bigger batches. */
  maxInFlight?: number;
}

export function createBatchingEnqueuer(queue: Queue<RunsJob>, options: BatchOptions): Enqueuer {
  const maxInFlight = options.maxInFlight ?? 2;
  const waiting: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  let idle: (() => void)[] = [];

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // Let every request parsed in this turn of the event loop join the batch.
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const batch = waiting.splice(0, options.maxItems);
      inFlight += 1;
      queue
        .add(RUNS_JOB_NAME, { items: batch.map((p) => p.item) })
        .then(
          () => batch.forEach((p) => p.resolve()),
          (err: unknown) => batch.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          inFlight -= 1;
          if (waiting.length > 0) schedule();
          else if (inFlight === 0) {
            const done = idle;
            idle = [];
            done.forEach((resolve) => resolve());
          }
        });
    }
  }

  return {
    enqueue(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
    drain() {
      if (waiting.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
