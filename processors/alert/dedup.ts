// The dedup decision, pure: a repeat updates the open alert; a receiver is sent it again
// only after its route's repeat interval; a resolve goes to the receivers that were sent it.
import type { AlertCandidate, AlertResolution } from '../../core/alert.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import type { RouteTarget } from './route.ts';

/** The open alert after this occurrence: new (version 1) or the stored one, updated. */
export function recordOccurrence(open: AlertRecord | undefined, candidate: AlertCandidate, newId: string): AlertRecord {
  const { at, ...facts } = candidate;
  if (!open) return { ...facts, id: newId, state: 'firing', startsAt: at, lastSeenAt: at, occurrences: 1, notified: {}, version: 1 };
  // Whether it is held back is decided again for every occurrence.
  const { silencedBy, inhibitedBy, ...rest } = open;
  return {
    ...rest,
    ...facts,
    // A late report of an older run does not move the alert back in time.
    lastSeenAt: Date.parse(at) > Date.parse(open.lastSeenAt) ? at : open.lastSeenAt,
    occurrences: open.occurrences + 1,
    version: open.version + 1,
  };
}

export interface DueMessage {
  receiver: string;
  /** A receiver's first message waits groupWaitMs; repeats go at once. */
  delayMs: number;
}

/** Messages to queue now: to receivers never sent the alert (after their group wait), or sent
 *  it (`notified` holds when it was due) longer than their repeat interval ago. */
export function dueReceivers(alert: AlertRecord, targets: readonly Pick<RouteTarget, 'receiver' | 'repeatIntervalMs' | 'groupWaitMs'>[], now: Date): DueMessage[] {
  return targets.flatMap(({ receiver, repeatIntervalMs, groupWaitMs }) => {
    const last = alert.notified[receiver];
    if (last === undefined) return [{ receiver, delayMs: groupWaitMs }];
    return now.getTime() - Date.parse(last) >= repeatIntervalMs ? [{ receiver, delayMs: 0 }] : [];
  });
}

/** Receivers to send the resolve to: those whose firing message was due by `now`. One still
 *  held by its group wait is dropped by the delivery processor instead: they hear nothing. */
export function resolveReceivers(alert: AlertRecord, now: Date): string[] {
  return Object.entries(alert.notified).flatMap(([receiver, dueAt]) => (Date.parse(dueAt) <= now.getTime() ? [receiver] : []));
}

/** The resolved alert, or undefined when the resolution is older than the last occurrence. */
export function resolveAlert(open: AlertRecord, resolution: AlertResolution): AlertRecord | undefined {
  if (Date.parse(resolution.at) < Date.parse(open.lastSeenAt)) return undefined;
  return { ...open, state: 'resolved', endsAt: resolution.at, version: open.version + 1 };
}
