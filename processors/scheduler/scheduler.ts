// Runs the periodic jobs (retention, audit verification, report schedules) on their
// cron expressions. A job's failure is logged and never stops the scheduler.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface ScheduledJob {
  name: string;
  cron: string;
  timezone?: string;
  /** `firedAt`: the second the cron expression matched, the same in every process. */
  run(firedAt: Date): Promise<unknown>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Asked before every job run; a job runs only when it resolves true (the leader's fencing check). */
  mayRun?: () => Promise<boolean>;
}

export function startScheduler(jobs: readonly ScheduledJob[], log: Logger, options: SchedulerOptions = {}): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async (context) => {
        const started = Date.now();
        try {
          if (options.mayRun && !(await options.mayRun())) return;
          const result = await job.run(context.date);
          log.info({ job: job.name, ms: Date.now() - started, result }, 'scheduled job done');
        } catch (err) {
          log.error({ err, job: job.name }, 'scheduled job failed');
        }
      },
      { name: job.name, noOverlap: true, ...(job.timezone ? { timezone: job.timezone } : {}) },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
