// Wires the reports part of a process: signing key, templates, archive, the service with
// its queue, and what the worker and scheduler roles run for it.
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { REPORTS_JOB_NAME, type ReportsJob } from '../processors/queues.ts';
import { reportsProcessor } from '../processors/reports.processor.ts';
import { reportPurgeJob } from '../processors/scheduler/report-purge.job.ts';
import type { ScheduledJob } from '../processors/scheduler/scheduler.ts';

/** How often every scheduler process reads the API schedules, besides the nudges. */
const SYNC_CRON = '* * * * *';
import type { ProcessorDefinition } from '../processors/worker.ts';
import type { Store } from '../store/types.ts';
import { createFileArchive } from './archive.ts';
import type { DeliveryEnqueuer } from '../processors/alert/notify.ts';
import { type ReportNotifier, reportNotifier } from './notifier.ts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FiringClaim } from '../processors/scheduler/firing-claim.ts';
import { startScheduler } from '../processors/scheduler/scheduler.ts';
import { checkSchedules, reportScheduleJobs } from './schedule.ts';
import { createScheduleSync, followScheduleChanges } from './schedule-sync.ts';
import { createReportService, type ReportService } from './service.ts';
import { defaultKeyPath, loadSigningKey } from './signing.ts';
import { createTemplateEngine } from './templates/engine.ts';

export interface ReportsRuntime {
  service: ReportService;
  processor: ProcessorDefinition<ReportsJob>;
  /** Report purge and the configured schedules. */
  scheduledJobs(claim: FiringClaim): ScheduledJob[];
  /** Runs the schedules created through the API, synced every minute and on every nudge. */
  startApiSchedules(options: { claim: FiringClaim; mayRun: () => Promise<boolean>; subscriber: Redis; log: Logger }): Promise<{ stop(): Promise<void> }>;
}

export interface ReportsRuntimeDeps {
  store: Store;
  queue: Queue<ReportsJob>;
  clock: Clock;
  version: string;
  /** Where "report ready" notices go: the alert receivers' delivery queues. */
  deliveries?: Pick<DeliveryEnqueuer, 'enqueueNotification'>;
  notifier?: ReportNotifier;
}

export function createReportsRuntime(config: Config, deps: ReportsRuntimeDeps): ReportsRuntime {
  const { reports } = config;
  const signingKey = reports.signingKeyPath ? loadSigningKey(reports.signingKeyPath, false) : loadSigningKey(defaultKeyPath(config.dataDir), true);
  const service = createReportService({
    store: deps.store,
    archive: createFileArchive(join(config.dataDir, 'reports')),
    clock: deps.clock,
    engine: createTemplateEngine(reports.templatesDir ? { userDir: reports.templatesDir } : {}),
    signingKey,
    notifier: deps.notifier ?? reportNotifier(deps.store, deps.clock, deps.deliveries),
    enqueue: async (job) => {
      await deps.queue.add(REPORTS_JOB_NAME, job, { jobId: job.reportId });
    },
    settings: {
      retentionDays: reports.retentionDays,
      runsRetentionDays: config.retention.runsDays,
      chromiumPath: reports.chromiumPath,
      productVersion: deps.version,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    },
  });
  return {
    service,
    processor: reportsProcessor(service),
    scheduledJobs(claim) {
      checkSchedules(reports.schedules, config.alerts.receivers.map((r) => r.name), service.check);
      return [reportPurgeJob(service, reports.purgeCron), ...reportScheduleJobs(reports.schedules, { requestReport: service.request, claim })];
    },
    async startApiSchedules({ claim, mayRun, subscriber, log }) {
      const sync = createScheduleSync({ store: deps.store, log, requestReport: service.request, claim, mayRun });
      await sync.sync();
      await followScheduleChanges(subscriber, config.queuePrefix, sync, log);
      // Every scheduler process syncs, leader or not; the nudge makes it immediate, this makes it sure.
      const poll = startScheduler([{ name: 'report-schedules-sync', cron: SYNC_CRON, run: () => sync.sync() }], log);
      return {
        async stop() {
          await poll.stop();
          await sync.stop();
        },
      };
    },
  };
}

