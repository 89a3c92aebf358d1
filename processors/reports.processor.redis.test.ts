import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_PERIOD, seedClock, seededStore } from '../reports/testing/seed.ts';
import { testReportService } from '../reports/testing/service.ts';
import { QUEUES, REPORTS_JOB_NAME, type ReportsJob } from './queues.ts';
import { reportsProcessor } from './reports.processor.ts';
import { startWorker } from './worker.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('reports processor', () => {
  it('generates a queued report and reports its progress on the BullMQ job as well as on the record', { timeout: 60_000 }, async () => {
    const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
    const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue<ReportsJob>(QUEUES.reports, { connection, prefix });
    const events = new QueueEvents(QUEUES.reports, { connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }), prefix });
    await events.waitUntilReady();
    const store = await seededStore();
    cleanup.push(() => connection.quit(), () => store.close(), () => queue.obliterate({ force: true }), () => queue.close(), () => events.close());

    const { service } = testReportService(store, seedClock);
    const progress: unknown[] = [];
    events.on('progress', ({ data }) => void progress.push(data));
    const requested = await service.request({ tenant: 'acme', actor: 'tok_auditor', definition: 'pci-dss', params: SEED_PERIOD, formats: ['html', 'csv'] });
    if (!requested.ok) throw new Error(requested.problem.message);
    const job = await queue.add(REPORTS_JOB_NAME, { tenant: 'acme', reportId: requested.value.id }, { jobId: requested.value.id });
    const worker = startWorker(reportsProcessor(service), { connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }), prefix, log: pino({ level: 'silent' }) });
    cleanup.push(() => worker.close());

    await job.waitUntilFinished(events, 50_000);
    expect((await queue.getJob(job.id!))?.progress).toEqual({ percent: 100, step: 'done' });
    await expect.poll(() => progress.length).toBeGreaterThanOrEqual(11);
    expect(progress).toEqual([
      ...[5, 9, 12, 16, 23, 26, 33].map((percent) => ({ percent, step: 'collecting' })),
      { percent: 40, step: 'rendering html' },
      { percent: 68, step: 'rendering csv' },
      { percent: 95, step: 'signing' },
      { percent: 100, step: 'done' },
    ]);
    expect(await service.get('acme', requested.value.id)).toMatchObject({ state: 'ready', progress: 100, step: 'done' });
  });
});
