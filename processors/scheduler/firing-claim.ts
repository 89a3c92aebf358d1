// One firing of a scheduled report across processes: before a schedule requests its report,
// it claims (schedule, second) with SET NX in Redis. The leader lock already keeps standbys
// quiet; the claim also holds during a hand-over, when a deposed leader whose fencing check
// passed a moment earlier and the new leader could both fire the same minute.
import type { Redis } from 'ioredis';

export type FiringClaim = (schedule: string, at: Date) => Promise<boolean>;

/** Long enough to outlive any hand-over; short enough that the keys go away by themselves. */
const CLAIM_TTL_MS = 24 * 3_600_000;

export function redisFiringClaim(redis: Redis, prefix: string): FiringClaim {
  return async (schedule, at) => {
    const second = Math.floor(at.getTime() / 1000);
    return (await redis.set(`${prefix}:report-schedule:fired:${schedule}:${second}`, '1', 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
  };
}
