// The ingest usage counter against the real Redis: totals add up across flushes and across
// processes, per tenant and day, and what could not be sent is kept for the next flush.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestUsageCounter, readIngestUsage } from './usage-counter.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const at = Date.parse('2026-11-20T23:59:59.000Z');
const nextDay = Date.parse('2026-11-21T00:00:01.000Z');

describe('ingest usage counter', () => {
  const redis = new Redis(redisUrl);
  const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await redis.del(`${prefix}:usage:ingest:2026-11-20`, `${prefix}:usage:ingest:2026-11-21`);
    await redis.quit();
  });

  it('adds up what two processes counted, per tenant and UTC day, and keeps what Redis did not take', async () => {
    const first = createIngestUsageCounter(redis, prefix, log);
    first.count('acme', 100, true, at);
    first.count('acme', 50, false, at);
    first.count('globex', 7, true, at);
    first.count('acme', 1, true, nextDay);
    await first.flush();
    first.count('acme', 10, false, at);
    await first.close();

    // A second process whose Redis is not reachable at first.
    const offline = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const second = createIngestUsageCounter(offline, prefix, log);
    second.count('acme', 5, true, at);
    await second.flush();
    expect((await readIngestUsage(redis, prefix, '2026-11-20')).find((u) => u.tenant === 'acme')?.requests).toBe(3);
    // The failed send made it connect; once it is there, the next flush sends what was kept.
    if (offline.status !== 'ready') await new Promise((resolve) => offline.once('ready', resolve));
    await second.close();
    await offline.quit();

    expect((await readIngestUsage(redis, prefix, '2026-11-20')).sort((a, b) => a.tenant.localeCompare(b.tenant))).toEqual([
      { tenant: 'acme', day: '2026-11-20', requests: 4, rejected: 2, bytes: 165 },
      { tenant: 'globex', day: '2026-11-20', requests: 1, rejected: 0, bytes: 7 },
    ]);
    expect(await readIngestUsage(redis, prefix, '2026-11-21')).toEqual([{ tenant: 'acme', day: '2026-11-21', requests: 1, rejected: 0, bytes: 1 }]);
    expect(await redis.pttl(`${prefix}:usage:ingest:2026-11-20`)).toBeGreaterThan(7 * 86_400_000);
  });
});
