// Schedules created through the API start, change and stop in a running scheduler without a
// restart, and fire only where the leader check passes. Fake clock, as in schedule.test.ts.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../core/clock.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import type { StoredReportSchedule } from '../store/report-schedules.types.ts';
import type { Store } from '../store/types.ts';
import { createScheduleSync } from './schedule-sync.ts';
import { testReportService } from './testing/service.ts';

const log = pino({ level: 'silent' });
const at = '2026-11-19T05:00:00.000Z';
const daily: StoredReportSchedule = {
  id: 'daily-pci', tenant: 'acme', definition: 'pci-dss', period: 'previous-day', params: {}, formats: ['html'], cron: '30 0 5 * * *', timeZone: 'UTC',
  recipients: ['compliance'], enabled: true, createdAt: at, createdBy: 'tok_admin', updatedAt: at, updatedBy: 'tok_admin', version: 1,
};

describe('API schedules in a running scheduler', () => {
  let store: Store;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-19T05:00:28.000Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    store = createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  it('starts a created schedule, follows a new cron expression, stops on disable and delete, all without a restart', async () => {
    const { service, jobs } = testReportService(store, systemClock);
    const sync = createScheduleSync({ store, log, requestReport: service.request });
    const change = async (next: Partial<StoredReportSchedule>) => {
      const stored = (await store.reportSchedules.get('acme', 'daily-pci'))!;
      expect(await store.reportSchedules.update({ ...stored, ...next, version: stored.version + 1 })).toBe(true);
    };
    try {
      await store.reportSchedules.create(daily);
      expect(await sync.sync()).toEqual({ running: 1, started: 1, stopped: 0 });
      expect(await sync.sync()).toEqual({ running: 1, started: 0, stopped: 0 });
      await vi.advanceTimersByTimeAsync(3000);
      expect(jobs).toHaveLength(1);
      const record = await store.reports.get('acme', jobs[0]!.reportId);
      expect(record).toMatchObject({ requestedBy: 'schedule:daily-pci', recipients: ['compliance'], formats: ['html'], params: { from: '2026-11-18T00:00:00.000Z', until: '2026-11-19T00:00:00.000Z' } });

      await change({ cron: '40 0 5 * * *' });
      expect(await sync.sync()).toEqual({ running: 1, started: 1, stopped: 1 });
      await vi.advanceTimersByTimeAsync(11_000);
      expect(jobs).toHaveLength(2);

      await change({ enabled: false, cron: '*/5 * * * * *' });
      expect(await sync.sync()).toEqual({ running: 0, started: 0, stopped: 1 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(jobs).toHaveLength(2);

      await change({ enabled: true });
      expect(await sync.sync()).toEqual({ running: 1, started: 1, stopped: 0 });
      await vi.advanceTimersByTimeAsync(5000);
      expect(jobs).toHaveLength(3);

      await store.reportSchedules.delete('acme', 'daily-pci');
      expect(await sync.sync()).toEqual({ running: 0, started: 0, stopped: 1 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(jobs).toHaveLength(3);
    } finally {
      await sync.stop();
    }
  });

  it('fires nothing in a process that is not the leader', async () => {
    const { service, jobs } = testReportService(store, systemClock);
    const sync = createScheduleSync({ store, log, requestReport: service.request, mayRun: async () => false });
    try {
      await store.reportSchedules.create(daily);
      await sync.sync();
      await vi.advanceTimersByTimeAsync(3000);
      expect(jobs).toEqual([]);
    } finally {
      await sync.stop();
    }
  });
});
