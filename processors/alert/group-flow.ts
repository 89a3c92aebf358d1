// Grouping inside the alerts processor: an occurrence or end of an alert joins its group (per
// receiver routed with groupBy) and schedules the group's flush as a delayed alerts job; the
// flush reads the members, plans the message (grouping.ts) and queues it for delivery.
import type { Clock } from '../../core/clock.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import type { Store } from '../../store/types.ts';
import { groupDeliveryJobId, groupFlushJobId, type GroupFlush } from '../queues.ts';
import { groupNotification } from './group-notification.ts';
import type { GroupStore } from './group-state.ts';
import { type GroupDecision, groupEventDecision, groupOf, type GroupPlan, type GroupRef, type GroupTiming, nextFlush, planGroupMessage } from './grouping.ts';
import type { DeliveryEnqueuer } from './notify.ts';
import type { RouteTarget } from './route.ts';

export interface GroupFlowDeps {
  store: Store;
  clock: Clock;
  groups: GroupStore;
  deliveries: Pick<DeliveryEnqueuer, 'enqueueGroup'>;
  /** Adds the delayed flush job (id groupFlushJobId: one per group and sequence number). */
  scheduleFlush(flush: GroupFlush, jobId: string, delayMs: number): Promise<void>;
}

export interface GroupOutcome {
  receiver: string;
  decision: GroupDecision;
}

export function groupFlow(deps: GroupFlowDeps) {
  const grouped = (alert: AlertRecord, targets: readonly RouteTarget[]) =>
    targets.flatMap((t) => (t.groupBy ? [{ group: groupOf(alert.tenant, t.receiver, t.groupBy, alert.labels), timing: timingOf(t) }] : []));
  const schedule = (group: GroupRef, timing: GroupTiming, at: { seq: number; delayMs: number }) =>
    deps.scheduleFlush({ group, timing, seq: at.seq }, groupFlushJobId(group.id, at.seq), at.delayMs);

  async function onEvent(alert: AlertRecord, targets: readonly RouteTarget[], event: 'fire' | 'resolve', now: Date): Promise<GroupOutcome[]> {
    return Promise.all(
      grouped(alert, targets).map(async ({ group, timing }) => {
        if (event === 'fire') await deps.groups.addMember(group, alert.id);
        else if (!(await deps.groups.isMember(group, alert.id))) return { receiver: group.receiver, decision: 'suppress' as const };
        const { state } = await deps.groups.read(group);
        const { decision, flush } = groupEventDecision(state, alert.id, event, timing, now);
        if (flush) await schedule(group, timing, flush);
        return { receiver: group.receiver, decision };
      }),
    );
  }

  return {
    /** Grouped receivers of a stored occurrence: joins their groups; the rest stay per alert. */
    onFire: (alert: AlertRecord, targets: readonly RouteTarget[], now: Date) => onEvent(alert, targets, 'fire', now),
    /** A stored resolve: its groups' next messages mention it. */
    onResolve: (alert: AlertRecord, targets: readonly RouteTarget[], now: Date) => onEvent(alert, targets, 'resolve', now),
    /** Runs a flush job: 'send' queued the group's message, 'quiet' had nothing new, 'wait' rescheduled it. */
    async flush({ group, timing, seq }: GroupFlush, jobId: string): Promise<GroupPlan['kind']> {
      const now = deps.clock.now();
      const { state, members } = await deps.groups.read(group);
      const alerts = (await Promise.all(members.map((id) => deps.store.alerts.get(group.tenant, id)))).filter((a) => a !== undefined);
      const plan = planGroupMessage(state, seq, alerts, timing, now);
      if (plan.kind === 'wait') {
        // Early (the queue's clock ahead of ours): this very job must run again, so retry it.
        if (plan.flush.seq === seq) throw new Error(`[alerts] group flush ${jobId} ran before its group interval; retried`);
        await schedule(group, timing, plan.flush);
        return plan.kind;
      }
      if (plan.kind === 'send') await deps.deliveries.enqueueGroup(group.receiver, groupNotification(group, plan.status, plan.alerts), groupDeliveryJobId(jobId), plan.alerts.map((a) => a.id));
      await deps.groups.write(group, plan.next, plan.drop);
      // An alert that joined while this flush planned goes into the next message.
      const after = await deps.groups.read(group);
      if (after.members.some((id) => !members.includes(id))) await schedule(group, timing, nextFlush(after.state, timing, now));
      return plan.kind;
    },
  };
}
export type GroupFlow = ReturnType<typeof groupFlow>;

const timingOf = ({ groupWaitMs, groupIntervalMs, repeatIntervalMs }: RouteTarget): GroupTiming => ({ groupWaitMs, groupIntervalMs, repeatIntervalMs });
