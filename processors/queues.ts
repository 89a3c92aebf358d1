// Queue names, job payloads and default job options: the contract between the ingest
// (producer) and the processors (consumers). Nothing else names a queue.
import type { DefaultJobOptions } from 'bullmq';
import type { AlertEvent } from '../core/alert.ts';
import type { GroupRef, GroupTiming } from './alert/grouping.ts';
import type { Notification } from '../sinks/types.ts';
import type { IngestedRun, NodeEvent } from '../store/types.ts';

export const QUEUES = {
  /** Batches of accepted reports and node events, written to the Store by the runs processor. */
  runs: 'runs',
  /** Alerts raised and ended by processed runs and sweeps: deduped, silenced and routed (issue 4). */
  alerts: 'alerts',
  /** Prefix of the per-receiver queues: one job per message, retried with backoff (issue 4). */
  deliveries: 'deliveries',
  /** Report generation (issue 5): one job per requested report. */
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Each receiver has its own queue and worker: a receiver that is down or slow delays only
 *  its own messages (a bulkhead), never those to other receivers. */
export type DeliveryQueueName = `${typeof QUEUES.deliveries}-${string}`;
export const deliveryQueueName = (receiver: string): DeliveryQueueName => `${QUEUES.deliveries}-${receiver}`;

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

/** Alert events in the order they happened (a failed run, then the clean run that ends it);
 *  or, delayed, the flush that sends a group's message (processors/alert/grouping.ts). */
export interface AlertsJob {
  events: AlertEvent[];
  flush?: GroupFlush;
}

export interface GroupFlush {
  group: GroupRef;
  timing: GroupTiming;
  seq: number;
}

export const ALERTS_JOB_NAME = 'alert-events';

export const ALERTS_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.25 },
  removeOnComplete: { count: 1000 },
  removeOnFail: false,
};

export interface DeliveryJob {
  deliveryId: string;
  tenant: string;
  receiver: string;
  alertId?: string;
  /** A group message: the alerts it lists (their attempts are shown under each of them). */
  alertIds?: string[];
  notification: Notification;
  /** When the message was first queued: retries stop giveUpAfterMs after it. */
  queuedAt: string;
  /** Held by a group wait: dropped if its alert resolved meanwhile. */
  held?: boolean;
}

export const DELIVERY_JOB_NAME = 'deliver';

export const DELIVERY_JOB_OPTIONS: DefaultJobOptions = {
  // Retries end by time (alerts.delivery.giveUpAfterMs), not by count; the backoff is custom
  // so that a 429's Retry-After is honoured (sinks/delivery.processor.ts).
  attempts: 10_000,
  backoff: { type: 'custom' },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};

/** Job ids must not contain ':' and must not be all digits (BullMQ). */
export function deliveryJobId(alertId: string, receiver: string, status: string, occurrence: number): string {
  return `d_${alertId}_${receiver}_${status}_${occurrence}`.replaceAll(':', '_');
}
/** One flush per group and sequence number: scheduling it twice queues it once. */
export function groupFlushJobId(groupId: string, seq: number): string {
  return `g_${groupId}_s${seq}`;
}

/** A group message's delivery: a retried flush queues it only once. */
export function groupDeliveryJobId(flushJobId: string): string {
  return `d_${flushJobId}`;
}

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
