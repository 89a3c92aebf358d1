// Turning alerts into messages and queueing them: one delivery job per message and receiver.
// `enqueueNotification` is also how other parts of RunLedger (e.g. "report ready") send to a
// named receiver (docs/alerts.md).
import type { Queue } from 'bullmq';
import type { Clock } from '../../core/clock.ts';
import { randomId } from '../../core/ids.ts';
import type { Notification } from '../../sinks/types.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import { DELIVERY_JOB_NAME, type DeliveryJob, deliveryJobId } from '../queues.ts';

export function toNotification(alert: AlertRecord, status: Notification['status']): Notification {
  return {
    status,
    dedupKey: alert.dedupKey,
    tenant: alert.tenant,
    kind: alert.kind,
    severity: alert.severity,
    ...(alert.node ? { node: alert.node } : {}),
    ...(alert.environment ? { environment: alert.environment } : {}),
    summary: alert.summary,
    changes: alert.changes,
    ...(alert.link ? { link: alert.link } : {}),
    startsAt: alert.startsAt,
    ...(alert.endsAt ? { endsAt: alert.endsAt } : {}),
    occurrences: alert.occurrences,
    labels: alert.labels,
  };
}

export class UnknownReceiverError extends Error {
  override name = 'UnknownReceiverError';
}

export interface DeliveryEnqueuer {
  /** Queues `notification` for the receiver named in config (alerts.receivers); returns the delivery id. */
  enqueueNotification(receiver: string, notification: Notification): Promise<string>;
  /** Queues an alert's message (held `delayMs` by a group wait); the job id makes a retried
   *  alerts job queue it only once. */
  enqueueAlert(receiver: string, alert: AlertRecord, status: Notification['status'], delayMs?: number): Promise<string>;
  /** Queues a group's message (listing `alertIds`) under a delivery id that a retried flush repeats (queued once). */
  enqueueGroup(receiver: string, notification: Notification, deliveryId: string, alertIds: readonly string[]): Promise<string>;
}

/** `queues`: each receiver's delivery queue, by receiver name. */
export function createDeliveryEnqueuer(queues: ReadonlyMap<string, Queue<DeliveryJob>>, clock: Clock): DeliveryEnqueuer {
  const add = async (deliveryId: string, receiver: string, notification: Notification, about: Pick<DeliveryJob, 'alertId' | 'alertIds'> = {}, delayMs = 0) => {
    const queue = queues.get(receiver);
    if (!queue) throw new UnknownReceiverError(`[alerts] no receiver named '${receiver}' in alerts.receivers`);
    const job: DeliveryJob = { deliveryId, tenant: notification.tenant, receiver, notification, queuedAt: clock.now().toISOString(), ...about, ...(delayMs ? { held: true } : {}) };
    await queue.add(DELIVERY_JOB_NAME, job, { jobId: deliveryId, ...(delayMs ? { delay: delayMs } : {}) });
    return deliveryId;
  };
  return {
    enqueueNotification: (receiver, notification) => add(randomId('d_'), receiver, notification),
    enqueueGroup: (receiver, notification, deliveryId, alertIds) => add(deliveryId, receiver, notification, { alertIds: [...alertIds] }),
    enqueueAlert: (receiver, alert, status, delayMs) => add(deliveryJobId(alert.id, receiver, status, alert.occurrences), receiver, toNotification(alert, status), { alertId: alert.id }, delayMs),
  };
}
