// Consumes the "deliveries" queue: one message to one receiver per job. Sinks classify, this
// decides: delivered → done; retry → throw so BullMQ backs off (Retry-After honoured);
// rejected, or retrying past giveUpAfterMs → dead-letter list. Every attempt is recorded.
import { UnrecoverableError } from 'bullmq';
import type { AlertsConfig } from '../core/alerts-config.ts';
import type { Clock } from '../core/clock.ts';
import { randomId } from '../core/ids.ts';
import type { Metrics } from '../core/metrics.ts';
import { type DeliveryJob, deliveryQueueName } from '../processors/queues.ts';
import type { ProcessorDefinition } from '../processors/worker.ts';
import type { DeadLetter } from '../store/alerts.types.ts';
import type { Store } from '../store/types.ts';
import type { DeliveryOutcome, Sink, SinkKind } from './types.ts';

export interface DeliveryProcessorDeps {
  store: Store;
  clock: Clock;
  metrics: Metrics;
  /** The one receiver this processor (and its queue) serves. */
  receiver: { name: string; kind: SinkKind; sink: Sink };
  delivery: AlertsConfig['delivery'];
  /** Called once per message that ends in the dead-letter list (raises "delivery failing"). */
  onDeadLetter?: (letter: DeadLetter) => Promise<void>;
}

/** The alert, or the group message's alerts, a delivery is about. */
const about = (job: DeliveryJob) => ({ ...(job.alertId ? { alertId: job.alertId } : {}), ...(job.alertIds?.length ? { alertIds: job.alertIds } : {}) });

/** Thrown for a retryable outcome; the backoff strategy reads afterMs from it. */
export class DeliveryRetryError extends Error {
  override name = 'DeliveryRetryError';
  constructor(
    message: string,
    readonly afterMs?: number,
  ) {
    super(message);
  }
}

/** Exponential (doubling from initialBackoffMs, ±20 % jitter, capped), unless the service said when. */
export function deliveryBackoff(delivery: AlertsConfig['delivery'], random: () => number = Math.random) {
  return (attemptsMade: number, err: Error): number => {
    if (err instanceof DeliveryRetryError && err.afterMs !== undefined) return err.afterMs;
    const base = Math.min(delivery.maxBackoffMs, delivery.initialBackoffMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(base * (0.8 + 0.4 * random()));
  };
}

export function deliveryProcessor(deps: DeliveryProcessorDeps): ProcessorDefinition<DeliveryJob> {
  const backoff = deliveryBackoff(deps.delivery);
  async function deadLetter(job: DeliveryJob, attempts: number, outcome: Extract<DeliveryOutcome, { detail: string }>): Promise<never> {
    const letter: DeadLetter = {
      id: job.deliveryId,
      tenant: job.tenant,
      deliveryId: job.deliveryId,
      receiver: job.receiver,
      dedupKey: job.notification.dedupKey,
      at: deps.clock.now().toISOString(),
      attempts,
      reason: outcome.reason,
      detail: outcome.detail,
      ...about(job),
    };
    await deps.store.deliveries.deadLetter(letter);
    await deps.onDeadLetter?.(letter);
    throw new UnrecoverableError(`[delivery:${job.receiver}] gave up after ${attempts} attempts: ${outcome.reason}: ${outcome.detail}`);
  }

  return {
    queue: deliveryQueueName(deps.receiver.name),
    concurrency: deps.delivery.concurrency,
    backoff,
    async handle(job, ctx) {
      if (job.held && job.alertId && (await deps.store.alerts.get(job.tenant, job.alertId))?.state === 'resolved') {
        ctx.log.debug({ receiver: job.receiver, alert: job.alertId }, 'alert ended during its group wait; not sent');
        return;
      }
      const target = deps.receiver;
      const started = performance.now();
      const outcome = await target.sink.send(job.notification, { deliveryId: job.deliveryId, attempt: ctx.attempt, signal: ctx.signal ?? new AbortController().signal });
      const latencyMs = Math.round(performance.now() - started);
      deps.metrics.deliveries.inc({ sink: target.kind, outcome: outcome.kind, reason: outcome.kind === 'delivered' ? '' : outcome.reason });
      deps.metrics.deliveryLatency.observe({ sink: target.kind }, latencyMs / 1000);
      await deps.store.deliveries.record({
        id: randomId('da_'),
        tenant: job.tenant,
        deliveryId: job.deliveryId,
        receiver: job.receiver,
        dedupKey: job.notification.dedupKey,
        status: job.notification.status,
        attempt: ctx.attempt,
        at: deps.clock.now().toISOString(),
        latencyMs,
        outcome: outcome.kind,
        ...about(job),
        ...(outcome.kind !== 'delivered' ? { reason: outcome.reason, detail: outcome.detail } : {}),
        ...(outcome.status !== undefined ? { httpStatus: outcome.status } : {}),
      });
      if (outcome.kind === 'delivered') return;
      if (outcome.kind === 'rejected') return deadLetter(job, ctx.attempt, outcome);
      const nextDelay = backoff(ctx.attempt, new DeliveryRetryError(outcome.detail, outcome.afterMs));
      const retryAt = deps.clock.now().getTime() + nextDelay;
      if (retryAt - Date.parse(job.queuedAt) > deps.delivery.giveUpAfterMs) return deadLetter(job, ctx.attempt, outcome);
      throw new DeliveryRetryError(`[delivery:${job.receiver}] ${outcome.reason}: ${outcome.detail}`, outcome.afterMs);
    },
  };
}
