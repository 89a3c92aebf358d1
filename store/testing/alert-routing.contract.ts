// Contract cases for the API-written routing document (issue 4). Called from storeContract.
import { describe, expect, it } from 'vitest';
import { RouteTree } from '../../core/alert-routing.ts';
import type { Store } from '../types.ts';

const alice = { id: 'tok_alice', name: 'alice' };
const bob = { id: 'tok_bob', name: 'bob' };
const routing = { route: RouteTree.parse({ receivers: ['chat'], routes: [{ match: { kind: 'run_failed' }, receivers: ['oncall'] }] }), inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['node'] }] };

export function alertRoutingContract(store: () => Store): void {
  describe('alert routing', () => {
    it('starts at revision 0 with nothing written', async () => {
      expect(await store().alertRouting.read()).toEqual({ revision: 0 });
      expect(await store().alertRouting.revision()).toBe(0);
    });

    it('writes only over the revision it was given, and a reset moves the revision on too', async () => {
      const first = await store().alertRouting.write({ routing, changedAt: '2026-12-01T10:00:00.000Z', changedBy: alice }, 0);
      expect(first).toEqual({ revision: 1, routing, changedAt: '2026-12-01T10:00:00.000Z', changedBy: alice });
      expect(await store().alertRouting.read()).toEqual(first);
      expect(await store().alertRouting.write({ routing, changedAt: '2026-12-01T10:01:00.000Z', changedBy: bob }, 0)).toBeUndefined();

      const reset = await store().alertRouting.write({ changedAt: '2026-12-01T10:02:00.000Z', changedBy: bob }, 1);
      expect(reset).toEqual({ revision: 2, changedAt: '2026-12-01T10:02:00.000Z', changedBy: bob });
      expect(await store().alertRouting.read()).toEqual(reset);
      expect(await store().alertRouting.revision()).toBe(2);
      expect(await store().alertRouting.write({ routing, changedAt: '2026-12-01T10:03:00.000Z', changedBy: alice }, 1)).toBeUndefined();
      expect((await store().alertRouting.write({ routing, changedAt: '2026-12-01T10:03:00.000Z', changedBy: alice }, 2))?.revision).toBe(3);
    });
  });
}
