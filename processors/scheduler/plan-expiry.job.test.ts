import { expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { createPlanService } from '../../core/plan-service.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import { buildPlan } from '../../test/helpers/plan-builder.ts';
import { expirePlans } from './plan-expiry.job.ts';

it('expires approved plans whose window is over, as an audited transition by the system', async () => {
  const clock: Clock = { now: () => new Date('2026-11-22T00:00:00.000Z') };
  const store = createSqliteStore({ path: ':memory:' });
  const over = buildPlan({ input: { window: { from: '2026-11-20T00:00:00Z', until: '2026-11-21T00:00:00Z' } } });
  const running = buildPlan({ input: { window: { from: '2026-11-21T00:00:00Z', until: '2026-11-23T00:00:00Z' } } });
  for (const plan of [over, running]) await store.plans.create(plan);

  expect(await expirePlans(store, createPlanService(store, clock), clock)).toEqual({ expired: 1 });
  expect((await store.plans.get('acme', over.id))!.state).toBe('expired');
  expect((await store.plans.get('acme', running.id))!.state).toBe('approved');
  const [entry] = (await store.audit.list({ action: 'plan.expire' }, { limit: 5 })).items;
  expect(entry).toMatchObject({ actor: 'system', target: over.id, outcome: 'success', at: '2026-11-22T00:00:00.000Z', details: { from: 'approved', to: 'expired' } });
  await store.close();
});
