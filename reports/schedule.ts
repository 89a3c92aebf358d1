// Report schedules: each fires on its cron expression in its time zone and requests the
// report for the whole UTC days (week, month) before that moment. Recipients are told when
// it is ready, findings or not (the service's notifier).
import cron from 'node-cron';
import { DAY_MS } from '../core/clock.ts';
import type { ScheduledJob } from '../processors/scheduler/scheduler.ts';
import type { ReportSchedule } from './config.ts';
import type { ReportRecord } from '../store/report-records.types.ts';
import type { FiringClaim } from '../processors/scheduler/firing-claim.ts';
import type { ReportRequest, Outcome, ReportService } from './service.ts';

export function schedulePeriod(period: ReportSchedule['period'], now: Date): { from: string; until: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  switch (period) {
    case 'previous-day':
      return { from: new Date(today - DAY_MS).toISOString(), until: new Date(today).toISOString() };
    case 'previous-week': {
      // ISO weeks start on Monday.
      const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
      return { from: new Date(monday - 7 * DAY_MS).toISOString(), until: new Date(monday).toISOString() };
    }
    case 'previous-month':
      return {
        from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString(),
        until: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      };
  }
}

/** When the schedule fires next (node-cron's own reading of the expression; never started). */
export async function nextRunOf(schedule: Pick<ReportSchedule, 'cron' | 'timeZone'>): Promise<Date | undefined> {
  const task = cron.createTask(schedule.cron, () => undefined, { timezone: schedule.timeZone });
  try {
    return task.getNextRuns(1)[0];
  } finally {
    await task.destroy();
  }
}

/** What a schedule needs to fire: a configured one, or one created through the API. */
export type FiringSchedule = Pick<ReportSchedule, 'id' | 'tenant' | 'definition' | 'period' | 'params' | 'formats' | 'cron' | 'timeZone' | 'recipients'> & { template?: string };

/** Why a schedule cannot run, naming the field (recipients, definition, params, template); undefined when it can. */
export function scheduleProblem(schedule: FiringSchedule, receivers: readonly string[], check: ReportService['check']): string | undefined {
  const unknown = schedule.recipients.filter((r) => !receivers.includes(r));
  if (unknown.length) {
    return `recipients: ${unknown.map((r) => `'${r}'`).join(', ')} name no receiver in alerts.receivers (${receivers.join(', ') || 'none configured'})`;
  }
  const checked = check(scheduleRequest(schedule, new Date()));
  return checked.ok ? undefined : checked.problem.message;
}

/** Refuses, at start-up, a schedule with an unknown definition, bad parameters or a recipient
 *  that names no receiver of alerts.receivers. */
export function checkSchedules(schedules: readonly ReportSchedule[], receivers: readonly string[], check: ReportService['check']): void {
  for (const schedule of schedules) {
    const problem = scheduleProblem(schedule, receivers, check);
    if (problem) throw new Error(`reports.schedules ${schedule.id}: ${problem}`);
  }
}

/** The report a schedule asks for when it fires at `now`. */
function scheduleRequest(schedule: FiringSchedule, now: Date): ReportRequest {
  return {
    tenant: schedule.tenant,
    actor: `schedule:${schedule.id}`,
    definition: schedule.definition,
    params: { ...schedule.params, ...schedulePeriod(schedule.period, now) },
    formats: schedule.formats,
    recipients: schedule.recipients,
    ...(schedule.template ? { template: schedule.template } : {}),
  };
}

export interface ScheduleJobDeps {
  requestReport: (req: ReportRequest) => Promise<Outcome<ReportRecord>>;
  /** Claims one firing (schedule and second) across processes; a firing claimed elsewhere is skipped. */
  claim?: FiringClaim;
}

/** The scheduled job of one schedule; `name` tells the log lines of configured and API schedules apart. */
export function reportScheduleJob(schedule: FiringSchedule, name: string, deps: ScheduleJobDeps): ScheduledJob {
  return {
    name,
    cron: schedule.cron,
    timezone: schedule.timeZone,
    async run(firedAt) {
      if (deps.claim && !(await deps.claim(`${schedule.tenant}/${schedule.id}`, firedAt))) return { skipped: 'fired by another process' };
      const outcome = await deps.requestReport(scheduleRequest(schedule, firedAt));
      if (!outcome.ok) throw new Error(`[reports:schedule] ${schedule.id}: ${outcome.problem.message}`);
      return { reportId: outcome.value.id };
    },
  };
}

export function reportScheduleJobs(schedules: readonly ReportSchedule[], deps: ScheduleJobDeps): ScheduledJob[] {
  return schedules.map((schedule) => reportScheduleJob(schedule, `report:${schedule.id}`, deps));
}
