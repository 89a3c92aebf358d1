// Tests talk to a real Redis. Use REDIS_URL when it answers; otherwise start a private
// redis-server (Debian's package) on a free port for the duration of the run.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

let redis: ChildProcess | undefined;

export async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) {
    process.env.REDIS_URL = url;
    return;
  }
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis.on('error', (err) => {
    throw new Error(`no Redis at ${url} and redis-server could not start (${err.message}); install it: apt-get install redis-server`);
  });
  const started = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(started)); i++) await new Promise((r) => setTimeout(r, 100));
  process.env.REDIS_URL = started;
}

export async function teardown(): Promise<void> {
  redis?.kill();
}
