// Exactly one active scheduler among any number of processes: a Redis lock with a TTL that
// the leader renews, and a fencing token (a counter incremented on every acquisition, so it
// only grows). Before a job acts, it checks that Redis still names this leader with this
// token; a leader that stalled past its TTL and lost the lock to a standby finds out there,
// instead of running a job the new leader also runs. Standbys keep trying, and take over
// within one TTL of the leader's death (at once when it shuts down and releases the lock).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 then return false end
local token = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return token`;
const RENEW = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

export interface LeaderElection {
  /** This process's fencing token while it leads; undefined on a standby. */
  readonly token: number | undefined;
  /** Asks Redis whether this process still holds the lock under its token: the fencing check. */
  holds(): Promise<boolean>;
  /** Stops renewing and releases the lock, so a standby takes over at once. */
  stop(): Promise<void>;
}

export interface LeaderOptions {
  /** Redis key of the lock; the fencing counter is `<key>:fence`. */
  key: string;
  ttlMs: number;
  log: Logger;
}

export function startLeaderElection(redis: Redis, options: LeaderOptions): LeaderElection {
  const instance = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const { key, ttlMs, log } = options;
  let token: number | undefined;
  const value = () => `${instance}#${token}`;
  let busy = false;

  async function tick(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      if (token === undefined) {
        const won = (await redis.eval(ACQUIRE, 2, key, `${key}:fence`, instance, ttlMs)) as number | null;
        if (won !== null) {
          token = won;
          log.info({ fence: token, instance }, 'scheduler leadership acquired');
        }
      } else if ((await redis.eval(RENEW, 1, key, value(), ttlMs)) !== 1) {
        log.warn({ fence: token, instance }, 'scheduler leadership lost; standing by');
        token = undefined;
      }
    } catch (err) {
      // Redis away: keep the token only as long as the lock could still be ours; holds() decides.
      log.warn({ err: (err as Error).message }, 'scheduler lock: Redis did not answer');
    } finally {
      busy = false;
    }
  }

  // Renew well inside the TTL, so one slow round trip does not lose the lock.
  const timer = setInterval(() => void tick(), Math.max(50, Math.floor(ttlMs / 3)));
  void tick();

  return {
    get token() {
      return token;
    },
    async holds() {
      if (token === undefined) return false;
      return (await redis.get(key)) === value();
    },
    async stop() {
      clearInterval(timer);
      if (token !== undefined) await redis.eval(RELEASE, 1, key, value()).catch(() => undefined);
      token = undefined;
    },
  };
}
