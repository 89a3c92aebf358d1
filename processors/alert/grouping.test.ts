import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../store/alerts.types.ts';
import { buildAlert } from '../../test/helpers/alert-builder.ts';
import { EMPTY_GROUP, type GroupState, groupEventDecision, groupOf, nextFlush, planGroupMessage } from './grouping.ts';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const timing = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 };
const sentAt = (ms: number, sent: string[], seq = 1): GroupState => ({ seq, lastSentAt: at(ms).toISOString(), sent });

describe('group of an alert', () => {
  it('keys a group by tenant and the groupBy labels, so nodes of one environment share it', () => {
    const labels = (node: string) => ({ tenant: 'acme', kind: 'run_failed', severity: 'critical', node, environment: 'production' });
    const a = groupOf('acme', 'chat', ['environment', 'kind'], labels('db01'));
    expect(a).toMatchObject({ key: 'acme/group/environment=production,kind=run_failed', labels: { tenant: 'acme', environment: 'production', kind: 'run_failed' } });
    expect(groupOf('acme', 'chat', ['environment', 'kind'], labels('db02')).id).toBe(a.id);
    expect(groupOf('acme', 'oncall', ['environment', 'kind'], labels('db01')).id).not.toBe(a.id);
  });
});

describe('group event decision', () => {
  it.each<{ name: string; state: GroupState; event: 'fire' | 'resolve'; nowMs: number; want: ReturnType<typeof groupEventDecision> }>([
    { name: 'holds a new group for its group wait', state: EMPTY_GROUP, event: 'fire', nowMs: 0, want: { decision: 'first', flush: { seq: 0, delayMs: 30_000 } } },
    { name: 'puts a new alert of a group that sent into the message groupIntervalMs after the last', state: sentAt(0, ['a_1']), event: 'fire', nowMs: 60_000, want: { decision: 'new_in_group', flush: { seq: 1, delayMs: 240_000 } } },
    { name: 'sends a new alert at once when the group interval has passed', state: sentAt(0, ['a_1']), event: 'fire', nowMs: 400_000, want: { decision: 'new_in_group', flush: { seq: 1, delayMs: 0 } } },
    { name: 'suppresses a repeat of an alert the receiver knows within the repeat interval', state: sentAt(0, ['a_2']), event: 'fire', nowMs: 3_599_999, want: { decision: 'suppress' } },
    { name: 're-sends an unchanged firing group once the repeat interval has passed', state: sentAt(0, ['a_2']), event: 'fire', nowMs: 3_600_000, want: { decision: 'repeat_due', flush: { seq: 1, delayMs: 0 } } },
    { name: 'puts a resolve into the next group message', state: sentAt(0, ['a_2']), event: 'resolve', nowMs: 100_000, want: { decision: 'resolved', flush: { seq: 1, delayMs: 200_000 } } },
  ])('$name', ({ state, event, nowMs, want }) => {
    expect(groupEventDecision(state, 'a_2', event, timing, at(nowMs))).toEqual(want);
  });
});

describe('group message plan', () => {
  const firing = (id: string, second: number) => buildAlert({ id, node: id, startsAt: at(second * 1000).toISOString() });
  const resolved = (id: string) => ({ ...firing(id, 0), state: 'resolved' as const });
  const ids = (plan: ReturnType<typeof planGroupMessage>) => (plan.kind === 'send' ? [plan.status, plan.alerts.map((a) => a.id)] : [plan.kind]);

  it.each<{ name: string; state: GroupState; seq?: number; members: AlertRecord[]; nowMs: number; want: unknown[] }>([
    { name: 'lists every firing member in the first message, oldest first', state: EMPTY_GROUP, members: [firing('a_3', 3), firing('a_1', 1), firing('a_2', 2)], nowMs: 30_000, want: ['firing', ['a_1', 'a_2', 'a_3']] },
    { name: 'sends nothing when the whole group ended within its group wait', state: EMPTY_GROUP, members: [resolved('a_1')], nowMs: 30_000, want: ['quiet'] },
    { name: 'lists a new member with those already sent', state: sentAt(0, ['a_1']), members: [firing('a_1', 1), firing('a_4', 4)], nowMs: 300_000, want: ['firing', ['a_1', 'a_4']] },
    { name: 'mentions a resolved member the receiver knew while others still fire', state: sentAt(0, ['a_1', 'a_2']), members: [firing('a_1', 1), resolved('a_2')], nowMs: 300_000, want: ['firing', ['a_1', 'a_2']] },
    { name: 'sends one resolved message once every member the receiver knew resolved', state: sentAt(0, ['a_1', 'a_2']), members: [resolved('a_1'), resolved('a_2')], nowMs: 300_000, want: ['resolved', ['a_1', 'a_2']] },
    { name: 'stays quiet for an unchanged group before its repeat interval', state: sentAt(0, ['a_1']), members: [firing('a_1', 1)], nowMs: 300_000, want: ['quiet'] },
    { name: 'waits when a flush runs before the group interval', state: sentAt(0, ['a_1']), members: [firing('a_1', 1), firing('a_4', 4)], nowMs: 299_999, want: ['wait'] },
    { name: 'waits when the flush is stale (the group already flushed that sequence)', state: sentAt(0, ['a_1'], 2), seq: 1, members: [firing('a_4', 4)], nowMs: 400_000, want: ['wait'] },
  ])('$name', ({ state, seq, members, nowMs, want }) => {
    expect(ids(planGroupMessage(state, seq ?? state.seq, members, timing, at(nowMs)))).toEqual(want);
  });

  it('starts over (next sequence, nothing sent) after the resolved message', () => {
    const plan = planGroupMessage(sentAt(0, ['a_1']), 1, [resolved('a_1')], timing, at(300_000));
    expect(plan).toMatchObject({ kind: 'send', next: { seq: 2, sent: [] }, drop: ['a_1'] });
  });
});

/** Runs fire / resolve events and the flushes they schedule in time order, as the queue would:
 *  a flush id (sequence number) is queued at most once. */
function simulate(events: { gapMs: number; alert: number; resolve: boolean }[]) {
  let state = EMPTY_GROUP;
  const members = new Map<string, AlertRecord>();
  const current = new Map<number, AlertRecord>();
  const queued = new Set<number>();
  const pending: { seq: number; runAt: number }[] = [];
  const sends: { at: number; status: string; firing: string[] }[] = [];
  let now = 0;
  const schedule = (flush: { seq: number; delayMs: number }) => {
    if (queued.has(flush.seq)) return;
    queued.add(flush.seq);
    pending.push({ seq: flush.seq, runAt: now + flush.delayMs });
  };
  const runDue = (until: number) => {
    for (let job = pending.sort((a, b) => a.runAt - b.runAt)[0]; job && job.runAt <= until; job = pending.sort((a, b) => a.runAt - b.runAt)[0]) {
      pending.shift();
      now = job.runAt;
      const plan = planGroupMessage(state, job.seq, [...members.values()], timing, at(now));
      if (plan.kind === 'wait') {
        schedule(plan.flush);
        continue;
      }
      if (plan.kind === 'send') sends.push({ at: now, status: plan.status, firing: plan.alerts.filter((a) => a.state === 'firing').map((a) => a.id) });
      state = plan.next;
      for (const id of plan.drop) members.delete(id);
    }
  };
  events.forEach((event, i) => {
    const eventAt = now + event.gapMs;
    runDue(eventAt);
    now = eventAt;
    const open = current.get(event.alert);
    if (event.resolve) {
      if (!open) return;
      const ended = { ...open, state: 'resolved' as const };
      current.delete(event.alert);
      if (!members.has(ended.id)) return;
      members.set(ended.id, ended);
      schedule(groupEventDecision(state, ended.id, 'resolve', timing, at(now)).flush!);
      return;
    }
    const alert = open ?? buildAlert({ id: `a_${i}`, startsAt: at(now).toISOString() });
    current.set(event.alert, alert);
    members.set(alert.id, alert);
    const { flush } = groupEventDecision(state, alert.id, 'fire', timing, at(now));
    if (flush) schedule(flush);
  });
  runDue(Number.POSITIVE_INFINITY);
  return { sends, firing: [...current.values()].map((a) => a.id).sort() };
}

describe('grouping over time', () => {
  const events = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 900_000 }), alert: fc.integer({ min: 0, max: 4 }), resolve: fc.boolean() }), { minLength: 1, maxLength: 40 });

  it('never sends a receiver two messages for one group within groupIntervalMs unless the group resolved', () => {
    const spaced = (send: { at: number }, i: number, all: { at: number; status: string }[]) => i === 0 || all[i - 1]!.status === 'resolved' || send.at - all[i - 1]!.at >= timing.groupIntervalMs;
    fc.assert(fc.property(events, (list) => simulate(list).sends.every(spaced)));
  });

  it('ends with the last message listing exactly the alerts still firing (none lost, none stale)', () => {
    fc.assert(
      fc.property(events, (list) => {
        const { sends, firing } = simulate(list);
        const last = sends.at(-1);
        if (!firing.length) return !last || last.status === 'resolved';
        return last !== undefined && last.status === 'firing' && [...last.firing].sort().join() === firing.join();
      }),
    );
  });
});
