import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAlert, buildCandidate } from '../../test/helpers/alert-builder.ts';
import { dueReceivers, recordOccurrence, resolveAlert, resolveReceivers } from './dedup.ts';

const HOUR = 3_600_000;

describe('dedup', () => {
  it('opens a new alert for the first occurrence', () => {
    const alert = recordOccurrence(undefined, buildCandidate(), 'a_1');
    expect(alert).toMatchObject({ id: 'a_1', state: 'firing', occurrences: 1, version: 1, startsAt: '2026-12-01T08:00:00.000Z', notified: {} });
  });

  it('counts a repeat on the open alert and keeps who was notified', () => {
    const open = buildAlert({ id: 'a_1', notified: { oncall: '2026-12-01T08:00:01.000Z' }, version: 3 });
    const repeat = recordOccurrence(open, buildCandidate({ at: '2026-12-01T08:30:00.000Z', summary: 'Run failed again' }), 'a_unused');
    expect(repeat).toMatchObject({ id: 'a_1', occurrences: 2, version: 4, lastSeenAt: '2026-12-01T08:30:00.000Z', summary: 'Run failed again', notified: open.notified });
  });

  it.each<{ name: string; notified: Record<string, string>; minutesLater: number; want: { receiver: string; delayMs: number }[] }>([
    { name: 'sends to a receiver that was never sent the alert, after its group wait', notified: {}, minutesLater: 0, want: [{ receiver: 'oncall', delayMs: 30_000 }] },
    { name: 'does not page again within the repeat interval', notified: { oncall: '2026-12-01T08:00:00.000Z' }, minutesLater: 59, want: [] },
    { name: 'pages again at once when the repeat interval has passed', notified: { oncall: '2026-12-01T08:00:00.000Z' }, minutesLater: 60, want: [{ receiver: 'oncall', delayMs: 0 }] },
  ])('$name', ({ notified, minutesLater, want }) => {
    const now = new Date(Date.parse('2026-12-01T08:00:00.000Z') + minutesLater * 60_000);
    expect(dueReceivers(buildAlert({ notified }), [{ receiver: 'oncall', repeatIntervalMs: HOUR, groupWaitMs: 30_000 }], now)).toEqual(want);
  });

  it('sends the resolve only to receivers whose first message was due, not to one still in its group wait', () => {
    const alert = buildAlert({ notified: { oncall: '2026-12-01T08:00:00.000Z', chat: '2026-12-01T08:05:00.000Z' } });
    expect(resolveReceivers(alert, new Date('2026-12-01T08:01:00.000Z'))).toEqual(['oncall']);
    expect(resolveReceivers(alert, new Date('2026-12-01T08:05:00.000Z'))).toEqual(['oncall', 'chat']);
  });

  it('never sends twice within the repeat interval, however often the alert repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 * HOUR }), { minLength: 1, maxLength: 50 }), (offsets) => {
        let alert = recordOccurrence(undefined, buildCandidate(), 'a_1');
        const sent: number[] = [];
        for (const offset of [...offsets].sort((a, b) => a - b)) {
          const now = new Date(Date.parse('2026-12-01T08:00:00.000Z') + offset);
          for (const { receiver } of dueReceivers(alert, [{ receiver: 'oncall', repeatIntervalMs: HOUR, groupWaitMs: 0 }], now)) {
            alert = { ...alert, notified: { ...alert.notified, [receiver]: now.toISOString() } };
            sent.push(offset);
          }
        }
        return sent.every((t, i) => i === 0 || t - sent[i - 1]! >= HOUR);
      }),
    );
  });

  it('resolves with the time of the clean run, but not from a run older than the last failure', () => {
    const open = buildAlert({ lastSeenAt: '2026-12-01T08:00:00.000Z', version: 2 });
    expect(resolveAlert(open, { tenant: 'acme', dedupKey: open.dedupKey, at: '2026-12-01T08:30:00.000Z' })).toMatchObject({ state: 'resolved', endsAt: '2026-12-01T08:30:00.000Z', version: 3 });
    expect(resolveAlert(open, { tenant: 'acme', dedupKey: open.dedupKey, at: '2026-12-01T07:59:00.000Z' })).toBeUndefined();
  });
});
