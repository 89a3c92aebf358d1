// The only place that creates a BullMQ Worker. Processors receive plain job data and a
// context, never the Job, so each can be tested without Redis.
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeliveryQueueName, QueueName } from './queues.ts';

export interface JobContext {
  jobId: string;
  attempt: number;
  log: Logger;
  /** Aborted when the worker is closing and gives up on the job. */
  signal?: AbortSignal;
  /** Sets the job's progress in the queue (BullMQ job.updateProgress; `progress` events). */
  progress?(value: number | object): Promise<void>;
}

export interface ProcessorDefinition<D> {
  queue: QueueName | DeliveryQueueName;
  concurrency: number;
  handle(data: D, ctx: JobContext): Promise<void>;
  /** Delay before the next attempt of jobs whose backoff type is 'custom'; receives the error. */
  backoff?: (attemptsMade: number, err: Error) => number;
}

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  log: Logger;
  /** BullMQ lockDuration and stalledInterval: how soon a dead worker's job goes to another. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export function startWorker<D>(definition: ProcessorDefinition<D>, options: WorkerOptions): Worker<D> {
  const log = options.log.child({ queue: definition.queue });
  const worker = new Worker<D>(
    definition.queue,
    (job, _token, signal) =>
      definition.handle(job.data, {
        jobId: job.id ?? '',
        attempt: job.attemptsMade + 1,
        log: log.child({ jobId: job.id }),
        progress: (value) => job.updateProgress(value),
        ...(signal ? { signal } : {}),
      }),
    {
      // Recorded on each job as processedBy: which machine and process did it.
      name: `${hostname()}:${process.pid}`,
      connection: options.connection,
      prefix: options.prefix,
      concurrency: definition.concurrency,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      ...(definition.backoff ? { settings: { backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => definition.backoff!(attemptsMade, err ?? new Error('unknown')) } } : {}),
    },
  );
  worker.on('failed', (job, err) => log.error({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed'));
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  return worker;
}
