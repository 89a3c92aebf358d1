// Queue names, job payloads and default job options: the contract between the ingest
// (producer) and the processors (consumers). Nothing else names a queue.
import type { DefaultJobOptions } from 'bullmq';
import type { IngestedRun, NodeEvent } from '../store/types.ts';

export const QUEUES = {
  /** Batches of accepted reports and node events, written to the Store by the runs processor. */
  runs: 'runs',
  /** Report generation (issue 5): one job per requested report. */
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type QueueItem = { kind: 'run'; run: IngestedRun } | { kind: 'node_event'; event: NodeEvent };

/** One job holds up to `ingest.batchMaxRuns` items: a BullMQ job costs far more Redis and
 *  worker time than a report, so the ingest micro-batches (docs/performance.md). */
export interface RunsJob {
  items: QueueItem[];
}

export const RUNS_JOB_NAME = 'ingest-batch';

export const RUNS_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.25 },
  removeOnComplete: { count: 1000 },
  // Failed batches stay for inspection and replay: a report is never dropped silently.
  removeOnFail: false,
};

/** A report to generate; the record in store.reports holds what was asked. */
export interface ReportsJob {
  tenant: string;
  reportId: string;
}

export const REPORTS_JOB_NAME = 'generate-report';

export const REPORTS_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};
