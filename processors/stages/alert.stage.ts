// After persist: derive the alerts the batch raises and ends, and queue them for the alerts
// processor. Runs only after the write, so an alert never points at a run that is not stored.
import type { Queue } from 'bullmq';
import type { AlertsConfig } from '../../core/alerts-config.ts';
import { deriveAlerts } from '../alert/derive.ts';
import { ALERTS_JOB_NAME, type AlertsJob } from '../queues.ts';
import type { RunBatchStage } from './stage.ts';

export function alertStage(deps: { queue: Queue<AlertsJob>; publicUrl?: string | undefined; kinds: AlertsConfig['kinds'] }): RunBatchStage {
  return {
    name: 'alert',
    async run(batch, ctx) {
      const events = deriveAlerts(batch.runs, { publicUrl: deps.publicUrl, kinds: deps.kinds });
      // Named after the runs job, so a batch whose job is retried queues its events once.
      if (events.length) await deps.queue.add(ALERTS_JOB_NAME, { events }, { jobId: `alerts_${ctx.jobId}` });
    },
  };
}
