// Counts every authenticated ingest request per tenant and UTC day (accepted and rejected,
// node events included) with the body bytes received, for billing. The hot path only adds
// to a map in memory; once a second the totals go to Redis in one MULTI of HINCRBYs, shared
// by every ingest process, and the scheduler copies them into the Store
// (processors/scheduler/ingest-usage.job.ts). A process that dies loses at most its last second.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DAY_MS } from '../core/clock.ts';
import type { IngestUsageDay } from '../store/ingest-usage.types.ts';

const FLUSH_INTERVAL_MS = 1000;
/** Redis keeps a day's totals this long; the scheduler copies them every minute. */
export const USAGE_KEEP_DAYS = 8;
const FIELDS = ['requests', 'rejected', 'bytes'] as const;

type Totals = Record<(typeof FIELDS)[number], number>;

export const usageDay = (at: Date) => at.toISOString().slice(0, 10);
const usageKey = (queuePrefix: string, day: string) => `${queuePrefix}:usage:ingest:${day}`;

export interface IngestUsageCounter {
  /** `atMs`: when the request was answered (epoch ms). */
  count(tenant: string, bytes: number, accepted: boolean, atMs: number): void;
  /** Sends what was counted to Redis; kept for the next flush when Redis does not answer. */
  flush(): Promise<void>;
  /** Stops the timer and flushes the rest. */
  close(): Promise<void>;
}

export function createIngestUsageCounter(redis: Redis, queuePrefix: string, log: Logger): IngestUsageCounter {
  // day → tenant → totals since the last flush
  let pending = new Map<string, Map<string, Totals>>();
  let flushing: Promise<void> = Promise.resolve();
  // The UTC day of the last count, so that the hot path formats a date once a day, not per request.
  let dayNumber = -1;
  let day = '';

  const add = (into: Map<string, Map<string, Totals>>, day: string, tenant: string, totals: Totals) => {
    const tenants = into.get(day) ?? new Map<string, Totals>();
    into.set(day, tenants);
    const sum = tenants.get(tenant) ?? { requests: 0, rejected: 0, bytes: 0 };
    for (const field of FIELDS) sum[field] += totals[field];
    tenants.set(tenant, sum);
  };

  async function send(): Promise<void> {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const multi = redis.multi();
    for (const [day, tenants] of batch) {
      const key = usageKey(queuePrefix, day);
      for (const [tenant, totals] of tenants) {
        for (const field of FIELDS) if (totals[field] > 0) multi.hincrby(key, `${field}:${tenant}`, totals[field]);
      }
      multi.pexpire(key, USAGE_KEEP_DAYS * DAY_MS);
    }
    try {
      await multi.exec();
    } catch (err) {
      for (const [day, tenants] of batch) for (const [tenant, totals] of tenants) add(pending, day, tenant, totals);
      log.warn({ err: (err as Error).message }, 'ingest usage not sent to Redis; kept for the next flush');
    }
  }

  const flush = () => (flushing = flushing.then(send));
  const timer = setInterval(() => void flush(), FLUSH_INTERVAL_MS);
  timer.unref();

  return {
    count(tenant, bytes, accepted, atMs) {
      const number = Math.floor(atMs / DAY_MS);
      if (number !== dayNumber) {
        dayNumber = number;
        day = usageDay(new Date(atMs));
      }
      add(pending, day, tenant, { requests: 1, rejected: accepted ? 0 : 1, bytes });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** Every tenant's totals of one day, as the ingest processes counted them in Redis. */
export async function readIngestUsage(redis: Redis, queuePrefix: string, day: string): Promise<IngestUsageDay[]> {
  const hash = await redis.hgetall(usageKey(queuePrefix, day));
  const byTenant = new Map<string, IngestUsageDay>();
  for (const [field, value] of Object.entries(hash)) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon) as (typeof FIELDS)[number];
    const tenant = field.slice(colon + 1);
    const entry = byTenant.get(tenant) ?? { tenant, day, requests: 0, rejected: 0, bytes: 0 };
    entry[name] = Number(value);
    byTenant.set(tenant, entry);
  }
  return [...byTenant.values()];
}
