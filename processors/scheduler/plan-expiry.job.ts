// Approved plans become expired when their window is over (an audit event each). A late
// report of a run inside the window is still matched: classification uses the run's time.
import type { Clock } from '../../core/clock.ts';
import type { PlanService } from '../../core/plan-service.ts';
import { SYSTEM_ACTOR } from '../../core/roles.ts';
import type { Store } from '../../store/types.ts';
import type { ScheduledJob } from './scheduler.ts';

export async function expirePlans(store: Store, plans: PlanService, clock: Clock): Promise<{ expired: number }> {
  let expired = 0;
  for (const plan of await store.plans.expiring(clock.now())) {
    const result = await plans.act({ tenant: plan.tenant, actor: { id: SYSTEM_ACTOR, name: 'RunLedger' } }, plan.id, 'expire');
    if (result.ok) expired += 1;
  }
  return { expired };
}

export function planExpiryJob(store: Store, plans: PlanService, clock: Clock, cronExpression: string): ScheduledJob {
  return { name: 'plan-expiry', cron: cronExpression, run: () => expirePlans(store, plans, clock) };
}
