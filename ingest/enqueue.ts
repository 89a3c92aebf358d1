// Micro-batching producer. A BullMQ job costs far more Redis and worker time than a report,
// and one store transaction per report costs more than the report's rows, so items wait up
// to `lingerMs` for company (or until `maxItems` are waiting) and travel as one job. Each
// caller's promise settles only once the job holding its item is in Redis, so a 202 still
// means "durably queued".
import type { Queue } from 'bullmq';
import { type QueueItem, RUNS_JOB_NAME, type RunsJob } from '../processors/queues.ts';

export interface Enqueuer {
  enqueue(item: QueueItem): Promise<void>;
  /** Sends what is waiting now and resolves once everything handed over is in Redis. */
  drain(): Promise<void>;
}

interface Pending {
  item: QueueItem;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface BatchOptions {
  maxItems: number;
  /** How long the first item of a batch waits for others. */
  lingerMs: number;
}

export function createBatchingEnqueuer(queue: Queue<RunsJob>, options: BatchOptions): Enqueuer {
  let waiting: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    const write: Promise<void> = queue
      .add(RUNS_JOB_NAME, { items: batch.map((p) => p.item) })
      .then(
        () => batch.forEach((p) => p.resolve()),
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      )
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  }

  return {
    enqueue(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (waiting.length >= options.maxItems) flush();
        else timer ??= setTimeout(flush, options.lingerMs);
      });
    },
    async drain() {
      flush();
      await Promise.all(inFlight);
    },
  };
}
