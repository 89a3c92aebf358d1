// Writing the routing document through the API: only over the revision the caller read (when
// it names one), only by an admin of the system tenant (the tree routes every tenant's
// alerts), and every change is an audit event with the document before and after.
import { createHash } from 'node:crypto';
import type { AlertsConfig } from './alerts-config.ts';
import { type AlertRouting, type EffectiveRouting, effectiveRouting } from './alert-routing.ts';
import type { Clock } from './clock.ts';
import type { Store } from '../store/types.ts';

export interface RoutingActor {
  tenant: string;
  id: string;
  name: string;
  sourceIp?: string;
}

export type RoutingResult =
  | { ok: true; routing: EffectiveRouting }
  | { ok: false; problem: 'forbidden' | 'conflict'; message: string };

/** A stable fingerprint of a document, so audit entries compare at a glance. */
export function routingHash(routing: AlertRouting): string {
  return createHash('sha256').update(JSON.stringify(routing)).digest('hex');
}

export function createAlertRoutingService(store: Store, clock: Clock, alerts: Pick<AlertsConfig, 'route' | 'inhibitRules' | 'receivers' | 'systemTenant'>) {
  const receivers = new Set(alerts.receivers.map((r) => r.name));
  const current = async () => effectiveRouting(await store.alertRouting.read(), alerts, receivers);
  const summary = (r: EffectiveRouting) => ({ source: r.source, revision: r.revision, hash: routingHash(r.routing), routing: r.routing });

  async function change(actor: RoutingActor, action: 'alert-routes.replace' | 'alert-routes.reset', routing: AlertRouting | undefined, expected?: number): Promise<RoutingResult> {
    if (actor.tenant !== alerts.systemTenant) {
      return { ok: false, problem: 'forbidden', message: `the routing tree routes every tenant's alerts: only an admin of the system tenant '${alerts.systemTenant}' (alerts.systemTenant) may change it` };
    }
    const before = await current();
    if (expected !== undefined && expected !== before.revision) {
      return { ok: false, problem: 'conflict', message: `the routing tree is at revision ${before.revision}, not ${expected}: read it again (GET /api/v1/alert-routes) and apply your change to that` };
    }
    const written = await store.alertRouting.write({ ...(routing ? { routing } : {}), changedAt: clock.now().toISOString(), changedBy: { id: actor.id, name: actor.name } }, before.revision);
    if (!written) return { ok: false, problem: 'conflict', message: 'the routing tree changed meanwhile: read it again and retry' };
    const after = effectiveRouting(written, alerts, receivers);
    await store.audit.append({
      at: after.changedAt!,
      tenant: actor.tenant,
      actor: actor.id,
      action,
      target: `alert-routes@${after.revision}`,
      ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}),
      outcome: 'success',
      details: { actorName: actor.name, before: summary(before), after: summary(after) },
    });
    return { ok: true, routing: after };
  }

  return {
    current,
    /** Replaces the whole document (already checked with alertRoutingSchema). */
    replace: (actor: RoutingActor, routing: AlertRouting, expected?: number) => change(actor, 'alert-routes.replace', routing, expected),
    /** Goes back to the configured document; nothing to do (and nothing audited) when it is in effect. */
    async reset(actor: RoutingActor, expected?: number): Promise<RoutingResult> {
      const state = await store.alertRouting.read();
      if (!state.routing && actor.tenant === alerts.systemTenant && (expected === undefined || expected === state.revision)) return { ok: true, routing: effectiveRouting(state, alerts, receivers) };
      return change(actor, 'alert-routes.reset', undefined, expected);
    },
  };
}
export type AlertRoutingService = ReturnType<typeof createAlertRoutingService>;
