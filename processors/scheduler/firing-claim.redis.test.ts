// Two scheduler processes that both believe they lead (a hand-over) run the same API schedule
// every second against the real Redis: each firing is claimed once, so each second gives one
// report, never two.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { createScheduleSync } from '../../reports/schedule-sync.ts';
import { testReportService } from '../../reports/testing/service.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import { redisFiringClaim } from './firing-claim.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

describe('firing claim', () => {
  const connections = [new Redis(redisUrl), new Redis(redisUrl)];
  afterAll(async () => {
    for (const redis of connections) await redis.quit();
  });

  it('lets exactly one of two processes fire each second of a schedule', { timeout: 30_000 }, async () => {
    const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
    const store = createSqliteStore({ path: ':memory:' });
    const at = new Date().toISOString();
    await store.reportSchedules.create({
      id: 'every-second', tenant: 'acme', definition: 'pci-dss', period: 'previous-day', params: {}, formats: ['html'], cron: '* * * * * *', timeZone: 'UTC',
      recipients: [], enabled: true, createdAt: at, createdBy: 'tok_admin', updatedAt: at, updatedBy: 'tok_admin', version: 1,
    });
    const { service, jobs } = testReportService(store, systemClock);
    const processes = connections.map((redis) => createScheduleSync({ store, log, requestReport: service.request, claim: redisFiringClaim(redis, prefix), mayRun: async () => true }));
    try {
      for (const sync of processes) await sync.sync();
      for (let i = 0; i < 200 && jobs.length < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
    } finally {
      for (const sync of processes) await sync.stop();
    }
    const claimed = await connections[0]!.keys(`${prefix}:report-schedule:fired:acme/every-second:*`);
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(claimed).toHaveLength(jobs.length);
    await connections[0]!.del(...claimed);
    await store.close();
  });
});
