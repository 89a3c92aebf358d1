// `cluster:` — how processes on several machines share the work (issue 7): the scheduler
// leader lock and the BullMQ job locks that hand a dead worker's job to another.
import { z } from 'zod';

export const ClusterConfig = z
  .strictObject({
    schedulerLockTtlMs: z.number().int().min(100).max(600_000).default(15_000).describe('Life of the scheduler leader lock without renewal: a standby scheduler takes over at most this long after the leader dies'),
    jobLockMs: z.number().int().min(100).max(600_000).default(30_000).describe("How long a worker's lock on a job lasts without renewal: a dead worker's job is retried by another after this"),
    stalledCheckMs: z.number().int().min(100).max(600_000).default(30_000).describe('How often workers look for jobs whose worker died'),
  })
  .prefault({});
