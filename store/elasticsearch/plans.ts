// Planned changes in the plans collection; updates use optimistic concurrency (the plan's
// own version, enforced with if_seq_no), and every write moves the tenant's revision counter.
import type { PlannedChange } from '../../core/planned-change.ts';
import type { PlanMatchCounts, Store } from '../types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { createCounters } from './counters.ts';
import { allOf, equals, NEWEST_CREATED_FIRST } from './query.ts';

interface PlanDoc {
  id: string;
  tenant: string;
  state: PlannedChange['state'];
  createdAt: string;
  windowUntil: string;
  version: number;
  plan: PlannedChange;
}

const MATCHABLE = ['approved', 'expired', 'revoked'];
/** More plans than any tenant keeps open at once. */
const MAX_PLANS = 10_000;

const toDoc = (plan: PlannedChange): PlanDoc => ({
  id: plan.id,
  tenant: plan.tenant,
  state: plan.state,
  createdAt: new Date(plan.createdAt).toISOString(),
  windowUntil: new Date(plan.window.until).toISOString(),
  version: plan.version,
  plan,
});

export function createPlans(es: EsContext): Store['plans'] {
  const plans = collection<PlanDoc>(es, 'plans');
  const revisions = createCounters(es, 'plans');
  const list = (docs: PlanDoc[]) => docs.map((d) => d.plan);

  return {
    async create(plan) {
      if (!(await plans.create(plan.id, toDoc(plan)))) throw new Error(`plan ${plan.id} already exists`);
      await revisions.bump(plan.tenant);
    },
    async get(tenant, id) {
      const found = await plans.get(id);
      return found?.doc.tenant === tenant ? found.doc.plan : undefined;
    },
    async update(plan) {
      const found = await plans.get(plan.id);
      if (!found || found.doc.tenant !== plan.tenant || found.doc.version !== plan.version - 1) return false;
      const stored = await plans.put(plan.id, toDoc(plan), found.version);
      if (stored) await revisions.bump(plan.tenant);
      return stored;
    },
    async list(tenant, filter, page) {
      const found = await plans.page(equals({ tenant, state: filter.state }), NEWEST_CREATED_FIRST, page);
      return { ...found, items: list(found.items) };
    },
    async matchable(tenant, since) {
      return list(await plans.search([...equals({ tenant, state: MATCHABLE }), { range: { windowUntil: { gt: since.toISOString() } } }], NEWEST_CREATED_FIRST, MAX_PLANS));
    },
    revision: (tenant) => revisions.value(tenant),
    async expiring(now) {
      return list(await plans.search([...equals({ state: 'approved' }), { range: { windowUntil: { lte: now.toISOString() } } }], NEWEST_CREATED_FIRST, MAX_PLANS));
    },
    async matchCounts(tenant, ids) {
      const result: Record<string, PlanMatchCounts> = Object.fromEntries(ids.map((id) => [id, { planned: 0, outOfWindow: 0, revokedOnly: 0 }]));
      if (ids.length === 0) return result;
      type Buckets = { buckets: { key: string; doc_count: number; classes: { buckets: { key: string; doc_count: number }[] } }[] };
      const response = await es.client.search<unknown, { plans: Buckets }>({
        index: es.names.all('changes'),
        size: 0,
        query: allOf(equals({ tenant, planId: [...ids] })),
        aggs: { plans: { terms: { field: 'planId', size: ids.length }, aggs: { classes: { terms: { field: 'classification', size: 10 } } } } },
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      for (const plan of response.aggregations?.plans.buckets ?? []) {
        const entry = result[plan.key]!;
        for (const { key, doc_count: n } of plan.classes.buckets) {
          if (key === 'planned') entry.planned = n;
          else if (key === 'out_of_window') entry.outOfWindow = n;
          else if (key === 'unplanned') entry.revokedOnly = n;
        }
      }
      return result;
    },
  };
}
