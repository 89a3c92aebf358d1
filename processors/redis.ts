// Redis connections. Producers (ingest, rate limits) fail fast when Redis is away, so a
// request gets a 503 instead of hanging; consumers (workers) wait and reconnect.
import { Redis } from 'ioredis';

const PRODUCER_TIMEOUT_MS = 5000;

export function createRedis(url: string, role: 'producer' | 'consumer'): Redis {
  return role === 'producer'
    ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: PRODUCER_TIMEOUT_MS, lazyConnect: false })
    : new Redis(url, { maxRetriesPerRequest: null });
}

/** Resolves once the connection is ready, or rejects with a message naming the URL. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  const safeUrl = url.replace(/\/\/[^@/]*@/, '//***@');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis at ${safeUrl} did not answer within ${timeoutMs / 1000} s: is redis-server running? (README: Quick start)`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
