// The scheduler leader lock against the real test Redis: one leader, fencing tokens that only
// grow, a standby that takes over on release or expiry, and a deposed leader that knows it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type LeaderElection, startLeaderElection } from './leader.ts';

const log = pino({ level: 'silent' });
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 25));
}

describe('scheduler leader election', () => {
  const redis = new Redis(redisUrl);
  const started: LeaderElection[] = [];
  const key = () => `rl-test-${randomBytes(4).toString('hex')}:scheduler:leader`;
  const elect = (k: string, ttlMs = 2000) => {
    const election = startLeaderElection(redis, { key: k, ttlMs, log });
    started.push(election);
    return election;
  };
  afterEach(async () => {
    for (const election of started.splice(0)) await election.stop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('makes exactly one of several candidates the leader, with fencing token 1', async () => {
    const k = key();
    const candidates = [elect(k), elect(k), elect(k)];
    await until(() => candidates.some((c) => c.token !== undefined));
    expect(candidates.map((c) => c.token).filter((t) => t !== undefined)).toEqual([1]);
    const held = await Promise.all(candidates.map((c) => c.holds()));
    expect(held.filter(Boolean)).toHaveLength(1);
  });

  it('hands over to a standby when the leader stops, with a larger token', async () => {
    const k = key();
    const first = elect(k);
    await until(() => first.token !== undefined);
    const standby = elect(k);
    await first.stop();
    await until(() => standby.token !== undefined);
    expect(standby.token).toBe(2);
    expect(await standby.holds()).toBe(true);
    expect(await first.holds()).toBe(false);
  });

  it('makes a leader whose lock another took (after it stalled past the TTL) fail the fencing check and stand by', async () => {
    const k = key();
    const leader = elect(k);
    await until(() => leader.token !== undefined);
    // What Redis holds after the lock expired during a pause and a standby acquired it.
    await redis.set(k, 'other-host:42:abcd#7', 'PX', 2000);
    expect(await leader.holds()).toBe(false);
    await until(() => leader.token === undefined);
    expect(leader.token).toBeUndefined();
    expect(await redis.get(k)).toBe('other-host:42:abcd#7');
  });
});
