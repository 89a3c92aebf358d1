import { describe, expect, it } from 'vitest';
import { DeliveryRetryError, deliveryBackoff } from './delivery.processor.ts';

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
