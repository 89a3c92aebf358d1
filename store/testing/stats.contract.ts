// Contract cases for dashboard counts (issue 6). Called from storeContract.
import { describe, expect, it } from 'vitest';
import type { ChangeClassification } from '../../core/classification.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { Store } from '../types.ts';

const as = (classification: ChangeClassification['classification']): ChangeClassification => ({ classification, reason: 'test' });

export function statsContract(store: () => Store): void {
  describe('stats', () => {
    it('counts runs, failures, unplanned and corrective changes that started in a range, in one tenant', async () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();
      const tenant = 'stats-co';
      await store().write({
        runs: [
          { ...buildRun({ tenant, node: 's1', startedAt: at(1), resources: [{ title: 'a' }, { title: 'b' }] }), classifications: [as('unplanned'), as('corrective')] },
          { ...buildRun({ tenant, node: 's2', startedAt: at(2), status: 'failure', resources: [{ title: 'c' }] }), classifications: [as('unplanned')] },
          { ...buildRun({ tenant, node: 's1', startedAt: at(30), resources: [{ title: 'd' }] }), classifications: [as('unplanned')] },
          { ...buildRun({ tenant: 'other-co', node: 's1', startedAt: at(1) }), classifications: [as('unplanned')] },
        ],
        nodeEvents: [],
      });
      expect(await store().stats.activity(tenant, new Date(at(0)), new Date(at(10)))).toEqual({ runs: 2, failures: 1, unplanned: 2, corrective: 1 });
    });

    it('counts and lists nodes last seen before a time, counting up to a cap', async () => {
      const tenant = 'silent-co';
      const runs = ['n1', 'n2', 'n3'].map((node, i) => buildRun({ tenant, node, startedAt: new Date(Date.UTC(2026, 5, 1, 10 + i)).toISOString() }));
      await store().write({ runs, nodeEvents: [] });
      const before = new Date(Date.UTC(2026, 5, 1, 11, 30));
      expect(await store().stats.silentNodes(tenant, before, 100)).toBe(2);
      expect(await store().stats.silentNodes(tenant, before, 1)).toBe(1);
      expect((await store().nodes.list(tenant, { lastSeenBefore: before }, { limit: 10 })).items.map((n) => n.name)).toEqual(['n1', 'n2']);
    });
  });
}
