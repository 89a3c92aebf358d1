// Where groups live between flushes: Redis, next to the queues (one JSON state and one member
// set per group and receiver). Members are added atomically (SADD) before the state is read, and
// a flush re-reads the members after writing: an alert joining mid-flush is never lost.
import type { Redis } from 'ioredis';
import { EMPTY_GROUP, type GroupRef, type GroupState } from './grouping.ts';

export interface GroupStore {
  addMember(group: GroupRef, alertId: string): Promise<void>;
  isMember(group: GroupRef, alertId: string): Promise<boolean>;
  read(group: GroupRef): Promise<{ state: GroupState; members: string[] }>;
  /** Stores the state after a flush and removes the members it dropped. */
  write(group: GroupRef, state: GroupState, drop: readonly string[]): Promise<void>;
}

export function redisGroupStore(redis: Redis, prefix: string): GroupStore {
  const stateKey = (group: GroupRef) => `${prefix}:alert-groups:${group.id}`;
  const membersKey = (group: GroupRef) => `${stateKey(group)}:members`;
  return {
    async addMember(group, alertId) {
      await redis.sadd(membersKey(group), alertId);
    },
    async isMember(group, alertId) {
      return (await redis.sismember(membersKey(group), alertId)) === 1;
    },
    async read(group) {
      const [state, members] = await Promise.all([redis.get(stateKey(group)), redis.smembers(membersKey(group))]);
      return { state: state ? (JSON.parse(state) as GroupState) : EMPTY_GROUP, members };
    },
    async write(group, state, drop) {
      const tx = redis.multi().set(stateKey(group), JSON.stringify(state));
      if (drop.length) tx.srem(membersKey(group), ...drop);
      await tx.exec();
    },
  };
}
