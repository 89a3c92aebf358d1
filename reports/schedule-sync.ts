// Runs the schedules created through the API in a scheduler process, without a restart:
// sync() reads them from the Store and starts, restarts (a new version) or stops one cron
// task per enabled schedule. Every scheduler process syncs (a standby that takes over must
// not hold stale schedules); firing is the leader's alone (mayRun) and claimed per firing.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Scheduler, type SchedulerOptions, startScheduler } from '../processors/scheduler/scheduler.ts';
import type { Store } from '../store/types.ts';
import { reportScheduleJob, type ScheduleJobDeps } from './schedule.ts';

export interface ScheduleSync {
  /** Brings the running tasks in line with the Store. */
  sync(): Promise<{ running: number; started: number; stopped: number }>;
  stop(): Promise<void>;
}

export interface ScheduleSyncDeps extends ScheduleJobDeps, SchedulerOptions {
  store: Pick<Store, 'reportSchedules'>;
  log: Logger;
}

export function createScheduleSync(deps: ScheduleSyncDeps): ScheduleSync {
  const running = new Map<string, { version: number; scheduler: Scheduler }>();
  // One sync at a time: a nudge during a sync waits for it instead of racing it.
  let last: Promise<unknown> = Promise.resolve();

  async function syncNow() {
    const wanted = new Map((await deps.store.reportSchedules.all()).filter((s) => s.enabled).map((s) => [`${s.tenant}/${s.id}`, s]));
    let started = 0;
    let stopped = 0;
    for (const [key, task] of running) {
      if (wanted.get(key)?.version === task.version) continue;
      await task.scheduler.stop();
      running.delete(key);
      stopped += 1;
    }
    for (const [key, schedule] of wanted) {
      if (running.has(key)) continue;
      const job = reportScheduleJob(schedule, `report:${key}`, deps);
      running.set(key, { version: schedule.version, scheduler: startScheduler([job], deps.log, deps.mayRun ? { mayRun: deps.mayRun } : {}) });
      started += 1;
    }
    return { running: running.size, started, stopped };
  }

  return {
    sync() {
      const next = last.then(syncNow, syncNow);
      last = next.catch(() => undefined);
      return next;
    },
    async stop() {
      await last;
      for (const task of running.values()) await task.scheduler.stop();
      running.clear();
    },
  };
}

/** The Redis channel on which the API says "schedules changed", so schedulers sync at once. */
export const scheduleChangesChannel = (queuePrefix: string) => `${queuePrefix}:report-schedules:changed`;

/** Syncs on every nudge from the API; `subscriber` is a connection of its own (subscribe mode). */
export async function followScheduleChanges(subscriber: Redis, queuePrefix: string, sync: ScheduleSync, log: Logger): Promise<void> {
  const channel = scheduleChangesChannel(queuePrefix);
  subscriber.on('message', (from) => {
    if (from === channel) sync.sync().catch((err: unknown) => log.error({ err }, 'report schedules sync failed'));
  });
  await subscriber.subscribe(channel);
}
