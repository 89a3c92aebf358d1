// Copies the ingest requests and bytes the ingest processes counted in Redis into the Store,
// every minute. Redis holds each day's running totals and the Store keeps the larger of what
// it has and what it is given, so copying again (another leader, a retry) changes nothing.
import type { Redis } from 'ioredis';
import { DAY_MS, type Clock } from '../../core/clock.ts';
import { readIngestUsage, USAGE_KEEP_DAYS, usageDay } from '../../ingest/usage-counter.ts';
import type { Store } from '../../store/types.ts';
import type { ScheduledJob } from './scheduler.ts';

const EVERY_MINUTE = '* * * * *';

/** Copies every day Redis still keeps (a scheduler that was down for days catches up). */
export async function copyIngestUsage(store: Store, redis: Redis, queuePrefix: string, clock: Clock): Promise<{ days: number; tenants: number }> {
  const now = clock.now().getTime();
  const days = Array.from({ length: USAGE_KEEP_DAYS }, (_, back) => usageDay(new Date(now - back * DAY_MS)));
  const totals = (await Promise.all(days.map((day) => readIngestUsage(redis, queuePrefix, day)))).flat();
  await store.ingestUsage.record(totals);
  return { days: new Set(totals.map((t) => t.day)).size, tenants: new Set(totals.map((t) => t.tenant)).size };
}

export function ingestUsageJob(store: Store, redis: Redis, queuePrefix: string, clock: Clock): ScheduledJob {
  return { name: 'ingest-usage', cron: EVERY_MINUTE, run: () => copyIngestUsage(store, redis, queuePrefix, clock) };
}
