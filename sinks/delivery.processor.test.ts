import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.ts';
import { createMetrics } from '../core/metrics.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { DeliveryRetryError, deliveryBackoff, deliveryProcessor } from './delivery.processor.ts';
import { sampleNotification } from './sample.ts';
import type { Sink } from './types.ts';

describe('deliveryBackoff', () => {
  const backoff = deliveryBackoff({ concurrency: 1, perReceiverConcurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 }, () => 0.5);
  it.each([
    { name: 'waits the initial delay after the first failure', attemptsMade: 1, err: new DeliveryRetryError('503'), want: 1000 },
    { name: 'doubles the delay with each attempt', attemptsMade: 4, err: new DeliveryRetryError('503'), want: 8000 },
    { name: 'never waits longer than maxBackoffMs on its own', attemptsMade: 30, err: new DeliveryRetryError('503'), want: 60_000 },
    { name: 'waits exactly what Retry-After asked, even beyond the cap', attemptsMade: 2, err: new DeliveryRetryError('429', 120_000), want: 120_000 },
    { name: 'backs off on errors that are not delivery outcomes too', attemptsMade: 2, err: new Error('redis hiccup'), want: 2000 },
  ])('$name', ({ attemptsMade, err, want }) => {
    expect(backoff(attemptsMade, err)).toBe(want);
  });

  it('spreads retries by ±20 % so receivers that come back are not hit all at once', () => {
    const at = (random: number) => deliveryBackoff({ concurrency: 1, perReceiverConcurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 1000 }, () => random)(1, new Error('x'));
    expect([at(0), at(1)]).toEqual([800, 1200]);
  });
});

describe('deliveryProcessor bulkhead', () => {
  it('holds at most perReceiverConcurrency slots for one receiver while others keep being served', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const releases: (() => void)[] = [];
    let recovered = false;
    const hanging: Sink = {
      send: () => (recovered ? Promise.resolve({ kind: 'delivered', status: 200 }) : new Promise((resolve) => releases.push(() => resolve({ kind: 'delivered', status: 200 })))),
    };
    const healthy: Sink = { send: async () => ({ kind: 'delivered', status: 204 }) };
    const processor = deliveryProcessor({
      store,
      clock: systemClock,
      metrics: createMetrics(),
      receivers: new Map([
        ['slow', { kind: 'webhook', sink: hanging }],
        ['chat', { kind: 'webhook', sink: healthy }],
      ]),
      delivery: { concurrency: 8, perReceiverConcurrency: 2, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 },
    });
    const job = (receiver: string, n: number) => ({ deliveryId: `d_${receiver}_${n}`, tenant: 'acme', receiver, notification: sampleNotification(), queuedAt: new Date().toISOString() });
    const ctx = (n: number) => ({ jobId: `j${n}`, attempt: 1, log: pino({ level: 'silent' }) });

    const first = processor.handle(job('slow', 1), ctx(1));
    const second = processor.handle(job('slow', 2), ctx(2));
    await expect(processor.handle(job('slow', 3), ctx(3))).rejects.toMatchObject({ name: 'DeliveryRetryError', afterMs: 250 });
    await processor.handle(job('chat', 1), ctx(4));
    expect((await store.deliveries.list('acme', {}, { limit: 10 })).items.map((a) => [a.receiver, a.outcome])).toEqual([['chat', 'delivered']]);

    recovered = true;
    for (const release of releases) release();
    await Promise.all([first, second]);
    await processor.handle(job('slow', 3), ctx(5));
    expect((await store.deliveries.list('acme', { receiver: 'slow' }, { limit: 10 })).items).toHaveLength(3);
    await store.close();
  });
});
