import { describe, expect, it } from 'vitest';
import { expectedIntervalMs, humanDuration, isSilent } from './node-health.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString();

describe('node health', () => {
  it.each([
    { name: 'no interval from a single run', starts: [at(0)], want: undefined },
    { name: 'the median gap, whatever the order', starts: [at(60), at(0), at(30)], want: 1_800_000 },
    { name: 'the median ignores one late run', starts: [at(0), at(30), at(60), at(200)], want: 1_800_000 },
  ])('estimates $name', ({ starts, want }) => {
    expect(expectedIntervalMs(starts)).toBe(want);
  });

  it.each([
    { name: 'silent after twice its interval', lastSeen: at(0), interval: 1_200_000, now: at(41), want: true },
    { name: 'not silent within twice its interval', lastSeen: at(0), interval: 1_200_000, now: at(39), want: false },
    { name: 'silent after an hour without a known interval', lastSeen: at(0), interval: undefined, now: at(61), want: true },
    { name: 'not silent within an hour without a known interval', lastSeen: at(0), interval: undefined, now: at(59), want: false },
  ])('calls a node $name', ({ lastSeen, interval, now, want }) => {
    expect(isSilent(lastSeen, interval, new Date(now))).toBe(want);
  });

  it.each([
    { ms: 45_000, want: '45 s' },
    { ms: 1_800_000, want: '30 min' },
    { ms: 14_400_000, want: '4 h' },
    { ms: 259_200_000, want: '3 d' },
  ])('writes $ms ms as $want', ({ ms, want }) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
