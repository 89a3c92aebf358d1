// Report schedules: each fires on its cron expression in its time zone and requests the
// report for the whole UTC days (week, month) before that moment. Recipients are told when
// it is ready, findings or not (the service's notifier).
import cron from 'node-cron';
import { DAY_MS, type Clock } from '../core/clock.ts';
import type { ScheduledJob } from '../processors/scheduler/scheduler.ts';
import type { ReportSchedule } from './config.ts';
import { REPORT_DEFINITIONS } from './definitions/index.ts';
import type { ReportRecord } from '../store/report-records.types.ts';
import type { ReportRequest, Outcome } from './service.ts';

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

/** Refuses, at start-up, a schedule with an unknown definition, bad parameters or a recipient
 *  that names no receiver of alerts.receivers. */
export function checkSchedules(schedules: readonly ReportSchedule[], receivers: readonly string[]): void {
  for (const schedule of schedules) {
    const unknown = schedule.recipients.filter((r) => !receivers.includes(r));
    if (unknown.length) {
      throw new Error(`reports.schedules ${schedule.id}: recipients ${unknown.map((r) => `'${r}'`).join(', ')} name no receiver in alerts.receivers (${receivers.join(', ') || 'none configured'})`);
    }
    const definition = REPORT_DEFINITIONS[schedule.definition];
    if (!definition) throw new Error(`reports.schedules ${schedule.id}: unknown definition '${schedule.definition}'`);
    const parsed = definition.params.safeParse({ ...schedule.params, ...schedulePeriod(schedule.period, new Date()) });
    if (!parsed.success) throw new Error(`reports.schedules ${schedule.id}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

export function reportScheduleJobs(
  schedules: readonly ReportSchedule[],
  requestReport: (req: ReportRequest) => Promise<Outcome<ReportRecord>>,
  clock: Clock,
): ScheduledJob[] {
  return schedules.map((schedule) => ({
    name: `report:${schedule.id}`,
    cron: schedule.cron,
    timezone: schedule.timeZone,
    async run() {
      const outcome = await requestReport({
        tenant: schedule.tenant,
        actor: `schedule:${schedule.id}`,
        definition: schedule.definition,
        params: { ...schedule.params, ...schedulePeriod(schedule.period, clock.now()) },
        formats: schedule.formats,
        recipients: schedule.recipients,
      });
      if (!outcome.ok) throw new Error(`[reports:schedule] ${schedule.id}: ${outcome.problem.message}`);
      return { reportId: outcome.value.id };
    },
  }));
}
