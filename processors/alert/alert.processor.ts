// Consumes the "alerts" queue: for each event, dedupe against the open alert, check silences
// and maintenance windows, route, store, then queue one delivery per due receiver.
import type { AlertCandidate, AlertEvent, AlertResolution } from '../../core/alert.ts';
import type { AlertRouting } from '../../core/alert-routing.ts';
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { Clock } from '../../core/clock.ts';
import { randomId } from '../../core/ids.ts';
import type { Metrics } from '../../core/metrics.ts';
import type { SilenceRecord } from '../../store/alerts.types.ts';
import type { Store } from '../../store/types.ts';
import { QUEUES, type AlertsJob } from '../queues.ts';
import type { JobContext, ProcessorDefinition } from '../worker.ts';
import { dueReceivers, recordOccurrence, resolveAlert, resolveReceivers } from './dedup.ts';
import type { DeliveryEnqueuer } from './notify.ts';
import { routeAlert } from './route.ts';
import type { GroupFlow } from './group-flow.ts';
import type { RoutingSource } from './routing-source.ts';
import { findSilence } from './silence.ts';

export interface AlertProcessorDeps {
  store: Store;
  clock: Clock;
  metrics: Metrics;
  config: Pick<AlertsConfig, 'maintenance'>;
  /** The routing tree in effect (config, or written through the API). */
  routing: RoutingSource;
  deliveries: DeliveryEnqueuer;
  /** Receivers routed with groupBy get group messages (group-flow.ts). */
  groups: GroupFlow;
}

/** The one decision counted for an occurrence, when receivers decided differently. */
const DECISION_ORDER = ['first', 'new_in_group', 'repeat_due', 'suppress'] as const;

/** Silences are read once per tenant and job. */
const SILENCES_PER_TENANT = 500;
/** A put that lost a race (another process wrote the alert) is redone from a fresh read. */
const MAX_CONFLICTS = 5;

export function alertsProcessor(deps: AlertProcessorDeps): ProcessorDefinition<AlertsJob> {
  async function fire(candidate: AlertCandidate, routing: AlertRouting, silences: readonly SilenceRecord[], ctx: JobContext): Promise<void> {
    for (let tries = 0; tries < MAX_CONFLICTS; tries += 1) {
      const now = deps.clock.now();
      const open = await deps.store.alerts.firing(candidate.tenant, candidate.dedupKey);
      const alert = recordOccurrence(open, candidate, randomId('a_'));
      const silencedBy = findSilence(alert.labels, silences, deps.config.maintenance, now);
      const targets = silencedBy ? [] : routeAlert(routing.route, alert.labels);
      const due = dueReceivers(alert, targets.filter((t) => !t.groupBy), now);
      for (const { receiver, delayMs } of due) alert.notified[receiver] = new Date(now.getTime() + delayMs).toISOString();
      if (silencedBy) alert.silencedBy = silencedBy;
      if (!(await deps.store.alerts.put(alert))) continue;
      await Promise.all(due.map(({ receiver, delayMs }) => deps.deliveries.enqueueAlert(receiver, alert, 'firing', delayMs)));
      const groups = await deps.groups.onFire(alert, targets, now);
      const decisions = [...due.map(() => (open ? 'repeat_due' : 'first')), ...groups.map((g) => g.decision)];
      const decision = silencedBy ? 'silenced' : !open ? 'first' : (DECISION_ORDER.find((d) => decisions.includes(d)) ?? 'suppress');
      deps.metrics.alertEvents.inc({ kind: alert.kind, decision });
      ctx.log.debug({ alert: alert.id, dedupKey: alert.dedupKey, decision, receivers: due.map((d) => d.receiver), groups }, 'alert occurrence');
      return;
    }
    throw new Error(`[alerts] alert ${candidate.dedupKey} kept changing under us; the job will be retried`);
  }

  async function resolve(resolution: AlertResolution, routing: AlertRouting, ctx: JobContext): Promise<void> {
    for (let tries = 0; tries < MAX_CONFLICTS; tries += 1) {
      const open = await deps.store.alerts.firing(resolution.tenant, resolution.dedupKey);
      const resolved = open && resolveAlert(open, resolution);
      if (!resolved) return;
      if (!(await deps.store.alerts.put(resolved))) continue;
      const now = deps.clock.now();
      const receivers = resolveReceivers(resolved, now);
      await Promise.all(receivers.map((receiver) => deps.deliveries.enqueueAlert(receiver, resolved, 'resolved')));
      await deps.groups.onResolve(resolved, routeAlert(routing.route, resolved.labels), now);
      deps.metrics.alertEvents.inc({ kind: resolved.kind, decision: 'resolved' });
      ctx.log.debug({ alert: resolved.id, dedupKey: resolved.dedupKey, receivers }, 'alert resolved');
      return;
    }
    throw new Error(`[alerts] alert ${resolution.dedupKey} kept changing under us; the job will be retried`);
  }

  return {
    queue: QUEUES.alerts,
    // One job at a time: jobs may hold events of the same alert, which must stay in order.
    concurrency: 1,
    async handle(data, ctx) {
      if (data.flush) {
        const outcome = await deps.groups.flush(data.flush, ctx.jobId);
        ctx.log.debug({ group: data.flush.group.key, receiver: data.flush.group.receiver, outcome }, 'alert group flush');
      }
      // Read once per job: a tree written through the API applies from the next job on.
      const { routing } = await deps.routing.current();
      const silences = new Map<string, SilenceRecord[]>();
      const silencesOf = async (tenant: string) => {
        if (!silences.has(tenant)) silences.set(tenant, (await deps.store.silences.list(tenant, { activeAt: deps.clock.now() }, { limit: SILENCES_PER_TENANT })).items);
        return silences.get(tenant)!;
      };
      // Events of one alert stay in order; different alerts go on at once, so their Redis
      // round trips overlap (each dedup decision is a read-then-versioned-write of its own key).
      const byAlert = new Map<string, AlertEvent[]>();
      for (const event of data.events) {
        const { tenant, dedupKey } = event.type === 'fire' ? event.candidate : event.resolution;
        const key = `${tenant}\u0000${dedupKey}`;
        byAlert.set(key, [...(byAlert.get(key) ?? []), event]);
      }
      await Promise.all(
        [...byAlert.values()].map(async (events) => {
          for (const event of events) {
            if (event.type === 'fire') await fire(event.candidate, routing, await silencesOf(event.candidate.tenant), ctx);
            else await resolve(event.resolution, routing, ctx);
          }
        }),
      );
    },
  };
}
