import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../core/clock.ts';
import { startScheduler } from '../processors/scheduler/scheduler.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { ReportSchedule } from './config.ts';
import { checkSchedules, nextRunOf, reportScheduleJobs, schedulePeriod } from './schedule.ts';
import { testReportService } from './testing/service.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('schedule periods', () => {
  it.each([
    { name: 'previous day', period: 'previous-day' as const, want: { from: '2026-11-18T00:00:00.000Z', until: '2026-11-19T00:00:00.000Z' } },
    { name: 'previous ISO week', period: 'previous-week' as const, want: { from: '2026-11-09T00:00:00.000Z', until: '2026-11-16T00:00:00.000Z' } },
    { name: 'previous month', period: 'previous-month' as const, want: { from: '2026-10-01T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z' } },
  ])('covers the $name in whole UTC days', ({ period, want }) => {
    expect(schedulePeriod(period, new Date('2026-11-19T06:30:00.000Z'))).toEqual(want);
  });
});

describe('report schedules', () => {
  it('refuses at start-up a schedule with an unknown definition, bad parameters or a recipient that is no receiver', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const { check } = testReportService(store, systemClock).service;
    const schedule = (extra: object) => ReportSchedule.parse({ id: 'daily', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * *', ...extra });
    const receivers = ['compliance-mail'];
    expect(() => checkSchedules([schedule({ definition: 'sox' })], receivers, check)).toThrow("reports.schedules daily: definition: unknown report definition 'sox'");
    expect(() => checkSchedules([schedule({ params: { maxGapDays: 0 } })], receivers, check)).toThrow(/reports\.schedules daily: params: .*Too small.*\n.*at maxGapDays/s);
    expect(() => checkSchedules([schedule({ recipients: ['ciso@example.com'] })], receivers, check)).toThrow(
      "reports.schedules daily: recipients: 'ciso@example.com' name no receiver in alerts.receivers (compliance-mail)",
    );
    expect(() => checkSchedules([schedule({ recipients: ['compliance-mail'] })], receivers, check)).not.toThrow();
    await store.close();
  });

  it('fires on its cron expression in its time zone and requests the previous day for the recipients', async () => {
    // 06:00 in Berlin is 05:00 UTC in November.
    vi.useFakeTimers({ now: new Date('2026-11-19T04:59:58.000Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const store = createSqliteStore({ path: ':memory:' });
    const { service, jobs } = testReportService(store, systemClock);
    const schedule = ReportSchedule.parse({ id: 'daily-pci', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * *', timeZone: 'Europe/Berlin', formats: ['html'], recipients: ['ciso@example.com'] });
    const scheduler = startScheduler(reportScheduleJobs([schedule], { requestReport: service.request }), pino({ level: 'silent' }));
    try {
      await vi.advanceTimersByTimeAsync(1000);
      expect(jobs).toEqual([]);
      await vi.advanceTimersByTimeAsync(3000);
      expect(jobs).toHaveLength(1);
      const record = await store.reports.get('acme', jobs[0]!.reportId);
      expect(record).toMatchObject({
        definition: 'pci-dss',
        requestedBy: 'schedule:daily-pci',
        recipients: ['ciso@example.com'],
        formats: ['html'],
        params: { from: '2026-11-18T00:00:00.000Z', until: '2026-11-19T00:00:00.000Z', maxGapDays: 7 },
      });
    } finally {
      await scheduler.stop();
      await store.close();
    }
  });
});

describe('next run of a schedule', () => {
  it.each([
    { cron: '0 6 * * 1', timeZone: 'Europe/Berlin', now: '2026-12-01T09:00:00.000Z', want: '2026-12-07T05:00:00.000Z' },
    { cron: '0 6 * * 1', timeZone: 'Europe/Berlin', now: '2026-06-01T03:59:00.000Z', want: '2026-06-01T04:00:00.000Z' },
    { cron: '30 0 1 * *', timeZone: 'UTC', now: '2026-12-01T09:00:00.000Z', want: '2027-01-01T00:30:00.000Z' },
  ])('is $want for "$cron" in $timeZone at $now', async ({ cron, timeZone, now, want }) => {
    vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
    expect((await nextRunOf({ cron, timeZone }))?.toISOString()).toBe(want);
  });
});
