import { describe, expect, it } from 'vitest';
import type { QuietNode } from '../../store/alerts.types.ts';
import { learnedIntervalMs, missingNodes } from './missing.ts';

const MIN = 60_000;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + minute * MIN).toISOString();
const config = { sweepCron: '* * * * *', missedIntervals: 3, defaultIntervalMs: 30 * MIN, intervalsMs: { batch: 24 * 60 * MIN } };

describe('learnedIntervalMs', () => {
  it.each([
    { name: 'takes the gap of a regular node', starts: [at(60), at(30), at(0)], want: 30 * MIN },
    { name: 'is not fooled by one manual run in between', starts: [at(90), at(60), at(35), at(30), at(0)], want: 27.5 * MIN },
    { name: 'needs at least two gaps', starts: [at(30), at(0)], want: undefined },
    { name: 'ignores duplicate start times', starts: [at(30), at(30), at(0)], want: undefined },
  ])('$name', ({ starts, want }) => {
    expect(learnedIntervalMs(starts)).toBe(want);
  });
});

describe('missingNodes', () => {
  const node = (name: string, lastSeenMinute: number, starts: string[], environment?: string): QuietNode => ({ tenant: 'acme', name, lastSeen: at(lastSeenMinute), recentRunStarts: starts, ...(environment ? { environment } : {}) });
  const now = new Date(at(100));
  it.each([
    { name: 'flags a node silent for three learned intervals', node: node('every10', 70, [at(70), at(60), at(50)]), want: true },
    { name: 'spares a node silent for less than three learned intervals', node: node('every20', 70, [at(70), at(50), at(30)]), want: false },
    { name: 'falls back to the default interval without history', node: node('new', 20, [at(20)]), want: false },
    { name: 'flags a node past three default intervals', node: node('old', -20, []), want: true },
    { name: 'uses the interval configured for its environment over the history', node: node('nightly', 70, [at(70), at(60), at(50)], 'batch'), want: false },
  ])('$name', ({ node: quiet, want }) => {
    expect(missingNodes([quiet], now, config).length === 1).toBe(want);
  });

  it('says how long the node was silent and what was expected', () => {
    expect(missingNodes([node('every10', 70, [at(70), at(60), at(50)])], now, config)[0]).toMatchObject({ silentForMs: 30 * MIN, expectedIntervalMs: 10 * MIN });
  });
});
