// Findings about the plans themselves: a window that ended with nothing done, a plan used more
// often than expected, changes that only a revoked plan matched.
import type { Store } from '../store/types.ts';
import type { PlannedChange } from './planned-change.ts';

export interface PlanRef {
  id: string;
  ticket: string;
  title: string;
  state: PlannedChange['state'];
  window: PlannedChange['window'];
}

export interface PlanFindings {
  /** Approved plans whose window is over without a single change in it. */
  expiredUnused: PlanRef[];
  overExpected: (PlanRef & { matched: number; expected: number })[];
  /** Revoked plans that were the only match of unplanned changes. */
  revokedMatches: (PlanRef & { changes: number })[];
}

const ref = (plan: PlannedChange): PlanRef => ({ id: plan.id, ticket: plan.ticket, title: plan.title, state: plan.state, window: plan.window });

export async function findPlanFindings(store: Store, tenant: string, now: Date): Promise<PlanFindings> {
  const plans = await store.plans.matchable(tenant, new Date(0));
  const counts = await store.plans.matchCounts(tenant, plans.map((p) => p.id));
  const findings: PlanFindings = { expiredUnused: [], overExpected: [], revokedMatches: [] };
  for (const plan of plans) {
    const count = counts[plan.id]!;
    const granted = plan.state === 'approved' || plan.state === 'expired';
    if (granted && Date.parse(plan.window.until) <= now.getTime() && count.planned === 0) findings.expiredUnused.push(ref(plan));
    if (granted && plan.expectedCount !== undefined && count.planned > plan.expectedCount) {
      findings.overExpected.push({ ...ref(plan), matched: count.planned, expected: plan.expectedCount });
    }
    if (count.revokedOnly > 0) findings.revokedMatches.push({ ...ref(plan), changes: count.revokedOnly });
  }
  return findings;
}
