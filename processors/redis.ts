// Redis connections. Producers (ingest, rate limits) fail fast when Redis is away, so a
// request gets a 503 instead of hanging; consumers (workers) wait and reconnect.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

const PRODUCER_TIMEOUT_MS = 5000;
/** While Redis is down, ioredis reports every reconnection attempt; log one line per interval. */
const ERROR_LOG_INTERVAL_MS = 10_000;

export function createRedis(url: string, role: 'producer' | 'consumer', log: Logger): Redis {
  const redis =
    role === 'producer'
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: PRODUCER_TIMEOUT_MS })
      : new Redis(url, { maxRetriesPerRequest: null });
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = Date.now();
    log.warn({ err: err.message, role }, 'Redis connection error');
  });
  return redis;
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
