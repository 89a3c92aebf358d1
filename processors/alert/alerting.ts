// Wires alerting into a process: the "alerts" and "deliveries" queues, the alert stage for
// the runs processor, the two workers, and the notification entry point for other features.
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertEvent } from '../../core/alert.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { Metrics } from '../../core/metrics.ts';
import { deliveryProcessor } from '../../sinks/delivery.processor.ts';
import { createReceivers } from '../../sinks/receivers.ts';
import { loadTemplates } from '../../sinks/templates.ts';
import type { Store } from '../../store/types.ts';
import type { Sink, SinkKind } from '../../sinks/types.ts';
import { ALERTS_JOB_NAME, ALERTS_JOB_OPTIONS, type AlertsJob, DELIVERY_JOB_OPTIONS, type DeliveryJob, deliveryQueueName, QUEUES } from '../queues.ts';
import { alertStage } from '../stages/alert.stage.ts';
import type { RunBatchStage } from '../stages/stage.ts';
import { startWorker } from '../worker.ts';
import { alertsProcessor } from './alert.processor.ts';
import { groupFlow } from './group-flow.ts';
import { redisGroupStore } from './group-state.ts';
import { fireEvents, internalAlert } from './internal-alerts.ts';
import { createDeliveryEnqueuer, type DeliveryEnqueuer } from './notify.ts';
import { storedRoutingSource } from './routing-source.ts';

export interface Alerting {
  /** Sends to a named receiver through the delivery queue (docs/alerts.md). */
  notifications: DeliveryEnqueuer;
  /** Queues alert events raised outside the runs processor (sweeps, scheduler jobs). */
  raise(events: AlertEvent[]): Promise<void>;
  stage: RunBatchStage;
  startWorkers(connection: Redis): Worker[];
  close(): Promise<void>;
}

export interface AlertingDeps {
  config: Config;
  store: Store;
  metrics: Metrics;
  clock: Clock;
  producer: Redis;
  log: Logger;
}

export function createAlerting(deps: AlertingDeps): Alerting {
  const { config, store, metrics, clock, log } = deps;
  const queueOptions = { connection: deps.producer, prefix: config.queuePrefix };
  const alertsQueue = new Queue<AlertsJob>(QUEUES.alerts, { ...queueOptions, defaultJobOptions: ALERTS_JOB_OPTIONS });
  const receivers = createReceivers(config.alerts, { clock, log: log.child({ component: 'sinks' }), templates: loadTemplates(config.alerts.templatesDir) });
  const deliveryQueues = new Map(
    [...receivers.keys()].map((name) => [name, new Queue<DeliveryJob>(deliveryQueueName(name), { ...queueOptions, defaultJobOptions: DELIVERY_JOB_OPTIONS })]),
  );
  const queues = [alertsQueue, ...deliveryQueues.values()];
  for (const queue of queues) queue.on('error', (err) => log.warn({ err: err.message, queue: queue.name }, 'queue error'));
  const notifications = createDeliveryEnqueuer(deliveryQueues, clock);
  const raise = async (events: AlertEvent[]) => {
    if (events.length) await alertsQueue.add(ALERTS_JOB_NAME, { events });
  };

  return {
    notifications,
    raise,
    stage: alertStage({ queue: alertsQueue, publicUrl: config.publicUrl, kinds: config.alerts.kinds }),
    startWorkers(connection) {
      const options = { connection, prefix: config.queuePrefix, log };
      const groups = groupFlow({
        store,
        clock,
        groups: redisGroupStore(deps.producer, config.queuePrefix),
        deliveries: notifications,
        scheduleFlush: async (flush, jobId, delay) => void (await alertsQueue.add(ALERTS_JOB_NAME, { events: [], flush }, { jobId, delay })),
      });
      const routing = storedRoutingSource(store, config.alerts, [...receivers.keys()], log.child({ component: 'alerts' }));
      const alerts = alertsProcessor({ store, clock, metrics, config: config.alerts, routing, deliveries: notifications, groups });
      const deliveries = (name: string, receiver: { kind: SinkKind; sink: Sink }) => deliveryProcessor({
        store,
        clock,
        metrics,
        receiver: { name, ...receiver },
        delivery: config.alerts.delivery,
        onDeadLetter: (letter) =>
          raise(
            fireEvents([
              internalAlert(
                {
                  tenant: letter.tenant,
                  kind: 'delivery_failing',
                  severity: 'warning',
                  subject: letter.receiver,
                  summary: `Alerts to receiver ${letter.receiver} are failing: ${letter.reason}`,
                  at: letter.at,
                  labels: { receiver: letter.receiver },
                },
                config.alerts.kinds,
              ),
            ]),
          ),
      });
      return [startWorker(alerts, options), ...[...receivers].map(([name, receiver]) => startWorker(deliveries(name, receiver), options))];
    },
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}
