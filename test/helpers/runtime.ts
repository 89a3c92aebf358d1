// Starts a real RunLedger (HTTP server, workers, scheduler) for a test file: its own data
// directory, its own queue prefix in the shared test Redis, an ephemeral port.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type ConfigInput, loadConfig } from '../../core/config.ts';
import type { Role } from '../../core/roles.ts';
import { issueToken } from '../../core/tokens.ts';
import { type ProcessRole, type Runtime, startRuntime } from '../../cli/runtime.ts';
import type { Store } from '../../store/types.ts';

export interface TestRuntime {
  runtime: Runtime;
  url: string;
  tenant: string;
  token(role: Role, tenant?: string): Promise<string>;
  /** Waits until `check` returns a value other than undefined/false (processing is async). */
  eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function testConfigInput(overrides: ConfigInput = {}): ConfigInput {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'rl-test-')),
    queuePrefix: `rl-test-${randomBytes(4).toString('hex')}`,
    logLevel: 'silent',
    ...overrides,
  };
}

export async function startTestRuntime(overrides: ConfigInput = {}, roles?: ProcessRole[], store?: Store): Promise<TestRuntime> {
  const config = loadConfig({ env: { REDIS_URL: process.env.REDIS_URL }, overrides: { ingest: { parseThreads: 1 }, ...testConfigInput(overrides) } });
  const runtime = await startRuntime(config, { ...(roles ? { roles } : {}), ...(store ? { store } : {}) });
  const tokens = new Map<string, string>();
  return {
    runtime,
    url: runtime.url ?? '',
    tenant: 'acme',
    async token(role, tenant = 'acme') {
      const key = `${tenant}/${role}`;
      if (!tokens.has(key)) tokens.set(key, (await issueToken(runtime.store, { tenant, role, name: `test ${role}`, actor: 'test' })).token);
      return tokens.get(key)!;
    },
    async eventually(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await runtime.close();
      await deleteKeys(config.redisUrl, config.queuePrefix);
    },
  };
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  // A test may have stopped its Redis on purpose: then there is nothing to clean.
  const redis = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis is gone; its keys went with it.
  } finally {
    redis.disconnect();
  }
}
