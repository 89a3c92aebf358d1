// Classifies every change of the batch before it is stored (processors/classify/classify.ts).
// Plan indexes are kept per tenant and rebuilt when the tenant's plans change (its revision
// moves) or when they are a few minutes old, so expiring windows drop out.
import type { Clock } from '../../core/clock.ts';
import { DAY_MS } from '../../core/clock.ts';
import type { Metrics } from '../../core/metrics.ts';
import { buildPlanIndex, type PlanIndex } from '../../core/plan-index.ts';
import { resourceKey } from '../../core/run-report.ts';
import type { IngestedRun, PreviousContent, Store } from '../../store/types.ts';
import { classifyRun } from '../classify/classify.ts';
import type { RunBatchStage } from './stage.ts';

const INDEX_MAX_AGE_MS = 5 * 60_000;

export interface ClassifyDeps {
  store: Store;
  metrics: Metrics;
  clock: Clock;
  /** Plans whose window ended longer ago than this no longer make a change out of window. */
  outOfWindowDays: number;
}

export function classifyStage(deps: ClassifyDeps): RunBatchStage {
  const indexes = new Map<string, { revision: number; builtAt: number; index: PlanIndex }>();

  async function planIndex(tenant: string): Promise<PlanIndex> {
    const now = deps.clock.now().getTime();
    const revision = await deps.store.plans.revision(tenant);
    const cached = indexes.get(tenant);
    if (cached && cached.revision === revision && now - cached.builtAt < INDEX_MAX_AGE_MS) return cached.index;
    const plans = await deps.store.plans.matchable(tenant, new Date(now - deps.outOfWindowDays * DAY_MS));
    const index = buildPlanIndex(plans);
    indexes.set(tenant, { revision, builtAt: now, index });
    return index;
  }

  return {
    name: 'classify',
    async run(batch) {
      // Earlier runs first: within one batch, a node's earlier run tells about its later one.
      const runs = [...batch.runs].sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt));
      const inBatch = new Map<string, PreviousContent & { at: string }>();
      for (const run of runs) {
        const { report } = run;
        const previousContent = await previousContentOf(run, inBatch);
        run.classifications = classifyRun(report, { plans: await planIndex(report.tenant), previousContent });
        for (const c of run.classifications) deps.metrics.classifiedChanges.inc({ classification: c.classification });
        for (const resource of report.resources) {
          if ((resource.status === 'changed' || resource.status === 'corrective') && resource.desiredChecksum) {
            inBatch.set(contentKey(report.tenant, report.node.name, resourceKey(resource)), { checksum: resource.desiredChecksum, run: run.id, at: report.startedAt });
          }
        }
      }
    },
  };

  /** What the store remembers, overlaid with earlier runs of this batch not yet stored. */
  async function previousContentOf(run: IngestedRun, inBatch: Map<string, PreviousContent & { at: string }>) {
    const { report } = run;
    const keys = report.resources.filter((r) => r.contentChanged && r.desiredChecksum).map(resourceKey);
    if (keys.length === 0) return new Map<string, PreviousContent>();
    const found = await deps.store.history.previousContent(report.tenant, report.node.name, keys, report.startedAt);
    for (const key of keys) {
      const earlier = inBatch.get(contentKey(report.tenant, report.node.name, key));
      if (earlier && earlier.at < report.startedAt) found.set(key, { checksum: earlier.checksum, run: earlier.run });
    }
    return found;
  }
}

function contentKey(tenant: string, node: string, key: string): string {
  return `${tenant}\u0000${node}\u0000${key}`;
}
