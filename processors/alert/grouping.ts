// Alertmanager-style grouping, pure: alerts whose groupBy labels are equal go to a receiver as
// one message. A group's first message waits groupWaitMs; later changes (a new member, a member
// resolved) wait until groupIntervalMs after the last message; an unchanged firing group is sent
// again after repeatIntervalMs. Messages go out only when a scheduled flush runs (grouping job
// ids: `s<seq>`, one flush per sequence number), so a receiver never gets two within the interval.
import { createHash } from 'node:crypto';
import type { AlertRecord } from '../../store/alerts.types.ts';
import type { RouteTarget } from './route.ts';

/** One group of one receiver. `id` names its state in Redis and its flush jobs. */
export interface GroupRef {
  id: string;
  tenant: string;
  receiver: string;
  /** `<tenant>/group/<label>=<value>,…`: the message's dedup key (PagerDuty dedup_key, Opsgenie alias). */
  key: string;
  labels: Record<string, string>;
}

export type GroupTiming = Pick<RouteTarget, 'groupWaitMs' | 'groupIntervalMs' | 'repeatIntervalMs'>;

export interface GroupState {
  /** Number of flushes so far; the pending flush is job `s<seq>`. */
  seq: number;
  /** When the last message went out; unset for a group that has not sent yet. */
  lastSentAt?: string;
  /** Alerts the last message listed as firing: the receiver knows about these. */
  sent: string[];
}

export const EMPTY_GROUP: GroupState = { seq: 0, sent: [] };

export type GroupDecision = 'first' | 'new_in_group' | 'resolved' | 'repeat_due' | 'suppress';

export interface FlushAt {
  seq: number;
  delayMs: number;
}

export function groupOf(tenant: string, receiver: string, groupBy: readonly string[], labels: Record<string, string>): GroupRef {
  const values = groupBy.map((name) => [name, labels[name] ?? ''] as const);
  const key = `${tenant}/group/${values.map(([name, value]) => `${name}=${value}`).join(',')}`;
  const id = createHash('sha256').update(`${receiver}\u0000${key}`).digest('hex').slice(0, 24);
  return { id, tenant, receiver, key, labels: { tenant, ...Object.fromEntries(values) } };
}

/** When the group's next message may go: after its group wait (first), else groupIntervalMs after the last. */
export function nextFlush(state: GroupState, timing: GroupTiming, now: Date): FlushAt {
  if (!state.lastSentAt) return { seq: state.seq, delayMs: timing.groupWaitMs };
  return { seq: state.seq, delayMs: Math.max(0, Date.parse(state.lastSentAt) + timing.groupIntervalMs - now.getTime()) };
}

/** What an alert's occurrence (or end) means for its group; `flush` is the message to schedule. */
export function groupEventDecision(state: GroupState, alertId: string, event: 'fire' | 'resolve', timing: GroupTiming, now: Date): { decision: GroupDecision; flush?: FlushAt } {
  const flush = nextFlush(state, timing, now);
  if (event === 'resolve') return { decision: 'resolved', flush };
  if (!state.lastSentAt) return { decision: 'first', flush };
  if (!state.sent.includes(alertId)) return { decision: 'new_in_group', flush };
  if (now.getTime() - Date.parse(state.lastSentAt) >= timing.repeatIntervalMs) return { decision: 'repeat_due', flush };
  return { decision: 'suppress' };
}

export type GroupPlan =
  /** The flush ran early or is stale: schedule the group's current one instead. */
  | { kind: 'wait'; flush: FlushAt }
  | { kind: 'send'; status: 'firing' | 'resolved'; alerts: AlertRecord[]; next: GroupState; drop: string[] }
  | { kind: 'quiet'; next: GroupState; drop: string[] };

/** What a flush (job `s<seq>`) sends, given the group's members as stored now. Resolved members
 *  leave the group: listed once if the receiver knew them, dropped silently otherwise. */
export function planGroupMessage(state: GroupState, seq: number, members: readonly AlertRecord[], timing: GroupTiming, now: Date): GroupPlan {
  const early = state.lastSentAt !== undefined && now.getTime() < Date.parse(state.lastSentAt) + timing.groupIntervalMs;
  if (seq !== state.seq || early) return { kind: 'wait', flush: nextFlush(state, timing, now) };
  const byStart = [...members].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const firing = byStart.filter((a) => a.state === 'firing');
  const ended = byStart.filter((a) => a.state !== 'firing');
  const heard = ended.filter((a) => state.sent.includes(a.id));
  const drop = ended.map((a) => a.id);
  if (!firing.length) {
    const next = { seq: state.seq + 1, sent: [] };
    return heard.length ? { kind: 'send', status: 'resolved', alerts: heard, next, drop } : { kind: 'quiet', next, drop };
  }
  const changed = heard.length > 0 || firing.some((a) => !state.sent.includes(a.id));
  const repeatDue = state.lastSentAt !== undefined && now.getTime() - Date.parse(state.lastSentAt) >= timing.repeatIntervalMs;
  if (state.lastSentAt && !changed && !repeatDue) return { kind: 'quiet', next: { ...state, seq: state.seq + 1 }, drop };
  const next = { seq: state.seq + 1, lastSentAt: now.toISOString(), sent: firing.map((a) => a.id) };
  return { kind: 'send', status: 'firing', alerts: [...firing, ...heard], next, drop };
}
