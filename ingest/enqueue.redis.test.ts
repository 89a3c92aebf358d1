import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueItem, RunsJob } from '../processors/queues.ts';
import { buildRun } from '../test/helpers/run-builder.ts';
import { createBatchingEnqueuer } from './enqueue.ts';

const prefixes: string[] = [];
function queue(connection: Redis): Queue<RunsJob> {
  const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return new Queue<RunsJob>('runs', { connection, prefix });
}
afterEach(async () => {
  // A fresh connection: some tests cut theirs on purpose.
  const connection = new Redis(process.env.REDIS_URL!);
  for (const prefix of prefixes.splice(0)) await new Queue('runs', { connection, prefix }).obliterate({ force: true });
  connection.disconnect();
});

const item = (): QueueItem => ({ kind: 'run', run: buildRun() });

describe('batching enqueuer', () => {
  it('puts items that arrive together into jobs of at most maxItems, resolving once each job is in Redis', async () => {
    const connection = new Redis(process.env.REDIS_URL!);
    const q = queue(connection);
    const enqueuer = createBatchingEnqueuer(q, { maxItems: 4, lingerMs: 50 });
    const items = Array.from({ length: 10 }, item);
    await Promise.all(items.map((i) => enqueuer.enqueue(i)));
    const jobs = await q.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.items.length).sort()).toEqual([2, 4, 4]);
    expect(jobs.flatMap((j) => j.data.items).map((i) => (i.kind === 'run' ? i.run.id : '')).sort()).toEqual(items.map((i) => (i.kind === 'run' ? i.run.id : '')).sort());
    connection.disconnect();
  });

  it('sends a lone item after the linger time, and drain sends what waits at once', async () => {
    const connection = new Redis(process.env.REDIS_URL!);
    const q = queue(connection);
    const enqueuer = createBatchingEnqueuer(q, { maxItems: 64, lingerMs: 60_000 });
    const pending = enqueuer.enqueue(item());
    await enqueuer.drain();
    await pending;
    expect(await q.getJobCounts('waiting')).toEqual({ waiting: 1 });
    connection.disconnect();
  });

  it('rejects every caller of a batch when Redis refuses the job, so none is told "queued"', async () => {
    const connection = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const q = queue(connection);
    await q.waitUntilReady();
    const enqueuer = createBatchingEnqueuer(q, { maxItems: 64, lingerMs: 5 });
    connection.disconnect();
    const results = await Promise.allSettled([enqueuer.enqueue(item()), enqueuer.enqueue(item())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
