import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.ts';
import { createMetrics } from '../core/metrics.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { buildAlert } from '../test/helpers/alert-builder.ts';
import { DeliveryRetryError, deliveryBackoff, deliveryProcessor } from './delivery.processor.ts';
import { sampleNotification } from './sample.ts';

describe('deliveryBackoff', () => {
  const backoff = deliveryBackoff({ concurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 }, () => 0.5);
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
    const at = (random: number) => deliveryBackoff({ concurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 1000 }, () => random)(1, new Error('x'));
    expect([at(0), at(1)]).toEqual([800, 1200]);
  });
});

describe('deliveryProcessor', () => {
  it.each([
    { name: 'drops a message held by a group wait when its alert ended meanwhile', state: 'resolved' as const, want: [] },
    { name: 'sends a held message whose alert still fires', state: 'firing' as const, want: ['acme/web01/run_failed'] },
  ])('$name', async ({ state, want }) => {
    const store = createSqliteStore({ path: ':memory:' });
    const alert = buildAlert({ state });
    await store.alerts.put(alert);
    const sent: string[] = [];
    const processor = deliveryProcessor({
      store,
      clock: systemClock,
      metrics: createMetrics(),
      receiver: { name: 'chat', kind: 'webhook', sink: { send: async (n) => (sent.push(n.dedupKey), { kind: 'delivered', status: 204 }) } },
      delivery: { concurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 },
    });
    const job = { deliveryId: 'd_1', tenant: 'acme', receiver: 'chat', alertId: alert.id, held: true, notification: { ...sampleNotification(), dedupKey: alert.dedupKey }, queuedAt: new Date().toISOString() };
    await processor.handle(job, { jobId: 'j1', attempt: 1, log: pino({ level: 'silent' }) });
    expect(sent).toEqual(want);
    expect((await store.deliveries.list('acme', {}, { limit: 5 })).items.map((a) => a.outcome)).toEqual(want.map(() => 'delivered'));
    await store.close();
  });

  it('records a group message\'s attempts and dead letter with the alerts it listed, so each alert finds them', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const processor = deliveryProcessor({
      store,
      clock: systemClock,
      metrics: createMetrics(),
      receiver: { name: 'chat', kind: 'webhook', sink: { send: async () => ({ kind: 'rejected', reason: 'client', detail: 'HTTP 400', status: 400 }) } },
      delivery: { concurrency: 1, initialBackoffMs: 1000, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 },
    });
    const job = { deliveryId: 'd_g', tenant: 'acme', receiver: 'chat', alertIds: ['a_1', 'a_2'], notification: { ...sampleNotification(), dedupKey: 'acme/group/environment=production' }, queuedAt: new Date().toISOString() };
    await expect(processor.handle(job, { jobId: 'j1', attempt: 1, log: pino({ level: 'silent' }) })).rejects.toThrow('gave up after 1 attempts');
    for (const alertId of ['a_1', 'a_2']) {
      expect((await store.deliveries.list('acme', { alertId }, { limit: 5 })).items).toEqual([expect.objectContaining({ deliveryId: 'd_g', alertIds: ['a_1', 'a_2'], outcome: 'rejected', httpStatus: 400 })]);
    }
    expect((await store.deliveries.deadLetters('acme', {}, { limit: 5 })).items).toEqual([expect.objectContaining({ deliveryId: 'd_g', alertIds: ['a_1', 'a_2'], reason: 'client' })]);
    await store.close();
  });
});
