// Consumes the "alerts" queue: for each event, dedupe against the open alert, check silences,
// maintenance windows and inhibit rules, route, store, then queue one delivery per due receiver.
import type { AlertCandidate, AlertEvent, AlertResolution } from '../../core/alert.ts';
import type { AlertRouting } from '../../core/alert-routing.ts';
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { Clock } from '../../core/clock.ts';
import { randomId } from '../../core/ids.ts';
import type { Metrics } from '../../core/metrics.ts';
import type { AlertRecord, SilenceRecord } from '../../store/alerts.types.ts';
import type { Store } from '../../store/types.ts';
import { QUEUES, type AlertsJob } from '../queues.ts';
import type { JobContext, ProcessorDefinition } from '../worker.ts';
import { type DueMessage, dueReceivers, recordOccurrence, resolveAlert, resolveReceivers } from './dedup.ts';
import type { GroupFlow, GroupOutcome } from './group-flow.ts';
import { createInhibitions } from './inhibit.ts';
import type { DeliveryEnqueuer } from './notify.ts';
import { routeAlert } from './route.ts';
import type { RoutingSource } from './routing-source.ts';
import { findSilence } from './silence.ts';

export interface AlertProcessorDeps {
  store: Store;
  clock: Clock;
  metrics: Metrics;
  config: Pick<AlertsConfig, 'maintenance'>;
  /** The routing tree and inhibit rules in effect (config, or written through the API). */
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

/** What one job works with: read once, so a tree written through the API applies from the next job on. */
interface JobScope {
  routing: AlertRouting;
  silencesOf(tenant: string): Promise<readonly SilenceRecord[]>;
  ctx: JobContext;
}

interface Stored {
  due: DueMessage[];
  groups: GroupOutcome[];
  silencedBy?: string;
  inhibitedBy?: string;
}

export function alertsProcessor(deps: AlertProcessorDeps): ProcessorDefinition<AlertsJob> {
  const inhibitions = createInhibitions(deps.store);
  const conflicted = (key: string) => new Error(`[alerts] alert ${key} kept changing under us; the job will be retried`);

  /** Decides who gets `alert` now (nobody while it is silenced or inhibited), stores it and
   *  queues its messages; undefined when another process wrote it first. */
  async function storeAndSend(alert: AlertRecord, scope: JobScope, now: Date): Promise<Stored | undefined> {
    const silencedBy = findSilence(alert.labels, await scope.silencesOf(alert.tenant), deps.config.maintenance, now);
    const inhibitedBy = silencedBy ? undefined : await inhibitions.inhibitorOf(alert, scope.routing.inhibitRules);
    const targets = silencedBy || inhibitedBy ? [] : routeAlert(scope.routing.route, alert.labels);
    const due = dueReceivers(alert, targets.filter((t) => !t.groupBy), now);
    for (const { receiver, delayMs } of due) alert.notified[receiver] = new Date(now.getTime() + delayMs).toISOString();
    if (silencedBy) alert.silencedBy = silencedBy;
    if (inhibitedBy) alert.inhibitedBy = inhibitedBy;
    if (!(await deps.store.alerts.put(alert))) return undefined;
    await Promise.all(due.map(({ receiver, delayMs }) => deps.deliveries.enqueueAlert(receiver, alert, 'firing', delayMs)));
    const groups = await deps.groups.onFire(alert, targets, now);
    // The inhibitor may have resolved while this was decided; then its release scan could have
    // missed this alert, so look again now that it is stored.
    if (inhibitedBy && (await deps.store.alerts.get(alert.tenant, inhibitedBy))?.state !== 'firing') await release(alert.tenant, alert.id, inhibitedBy, scope);
    return { due, groups, ...(silencedBy ? { silencedBy } : {}), ...(inhibitedBy ? { inhibitedBy } : {}) };
  }

  async function fire(candidate: AlertCandidate, scope: JobScope): Promise<void> {
    for (let tries = 0; tries < MAX_CONFLICTS; tries += 1) {
      const now = deps.clock.now();
      const open = await deps.store.alerts.firing(candidate.tenant, candidate.dedupKey);
      const alert = recordOccurrence(open, candidate, randomId('a_'));
      const stored = await storeAndSend(alert, scope, now);
      if (!stored) continue;
      const decisions = [...stored.due.map(() => (open ? 'repeat_due' : 'first')), ...stored.groups.map((g) => g.decision)];
      const decision = stored.silencedBy ? 'silenced' : stored.inhibitedBy ? 'inhibited' : !open ? 'first' : (DECISION_ORDER.find((d) => decisions.includes(d)) ?? 'suppress');
      deps.metrics.alertEvents.inc({ kind: alert.kind, decision });
      scope.ctx.log.debug({ alert: alert.id, dedupKey: alert.dedupKey, decision, receivers: stored.due.map((d) => d.receiver), groups: stored.groups }, 'alert occurrence');
      return;
    }
    throw conflicted(candidate.dedupKey);
  }

  /** A still-firing alert that `sourceId` inhibited, now that the source has resolved: decided
   *  again as if it had just occurred (without counting an occurrence), so it is sent now unless
   *  something else still holds it back. */
  async function release(tenant: string, alertId: string, sourceId: string, scope: JobScope): Promise<void> {
    for (let tries = 0; tries < MAX_CONFLICTS; tries += 1) {
      const held = await deps.store.alerts.get(tenant, alertId);
      if (held?.state !== 'firing' || held.inhibitedBy !== sourceId) return;
      const { inhibitedBy, silencedBy, ...rest } = held;
      const stored = await storeAndSend({ ...rest, notified: { ...rest.notified }, version: held.version + 1 }, scope, deps.clock.now());
      if (!stored) continue;
      deps.metrics.alertEvents.inc({ kind: held.kind, decision: 'released' });
      scope.ctx.log.debug({ alert: alertId, inhibitedBy: sourceId, receivers: stored.due.map((d) => d.receiver), heldBy: stored.silencedBy ?? stored.inhibitedBy }, 'inhibitor resolved');
      return;
    }
    throw conflicted(alertId);
  }

  async function resolve(resolution: AlertResolution, scope: JobScope): Promise<void> {
    for (let tries = 0; tries < MAX_CONFLICTS; tries += 1) {
      const open = await deps.store.alerts.firing(resolution.tenant, resolution.dedupKey);
      const resolved = open && resolveAlert(open, resolution);
      if (!resolved) return;
      if (!(await deps.store.alerts.put(resolved))) continue;
      const now = deps.clock.now();
      const receivers = resolveReceivers(resolved, now);
      await Promise.all(receivers.map((receiver) => deps.deliveries.enqueueAlert(receiver, resolved, 'resolved')));
      await deps.groups.onResolve(resolved, routeAlert(scope.routing.route, resolved.labels), now);
      deps.metrics.alertEvents.inc({ kind: resolved.kind, decision: 'resolved' });
      scope.ctx.log.debug({ alert: resolved.id, dedupKey: resolved.dedupKey, receivers }, 'alert resolved');
      for (const target of await inhibitions.inhibitedBy(resolved, scope.routing.inhibitRules)) await release(target.tenant, target.id, resolved.id, scope);
      return;
    }
    throw conflicted(resolution.dedupKey);
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
      const { routing } = await deps.routing.current();
      const silences = new Map<string, SilenceRecord[]>();
      const scope: JobScope = {
        routing,
        ctx,
        async silencesOf(tenant) {
          if (!silences.has(tenant)) silences.set(tenant, (await deps.store.silences.list(tenant, { activeAt: deps.clock.now() }, { limit: SILENCES_PER_TENANT })).items);
          return silences.get(tenant)!;
        },
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
            if (event.type === 'fire') await fire(event.candidate, scope);
            else await resolve(event.resolution, scope);
          }
        }),
      );
    },
  };
}
