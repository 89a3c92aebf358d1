import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import type { Clock } from './clock.ts';
import { createPlanService, type PlanRequestContext } from './plan-service.ts';

const clock: Clock = { now: () => new Date('2026-11-20T10:00:00.000Z') };
const alice: PlanRequestContext = { tenant: 'acme', actor: { id: 'tok_alice', name: 'alice' }, sourceIp: '10.0.0.1' };
const bob: PlanRequestContext = { tenant: 'acme', actor: { id: 'tok_bob', name: 'bob' }, sourceIp: '10.0.0.2' };
const input = {
  title: 'Raise nginx workers',
  ticket: 'CHG0042',
  window: { from: '2026-11-20T12:00:00Z', until: '2026-11-20T14:00:00Z' },
  scope: { environments: ['production'] },
  matchers: [{ type: 'File', name: '/etc/nginx/nginx.conf' }],
};

function setup() {
  const store = createSqliteStore({ path: ':memory:' });
  return { store, plans: createPlanService(store, clock) };
}

describe('plan service', () => {
  it('files, submits and approves with four eyes, auditing every transition with who, when, from and to', async () => {
    const { store, plans } = setup();
    const created = await plans.create(alice, input, { submit: true });
    expect(created.ok && created.plan).toMatchObject({ state: 'pending', requester: alice.actor, ticket: 'CHG0042', version: 2 });
    const id = created.ok ? created.plan.id : '';

    const self = await plans.act(alice, id, 'approve');
    expect(self).toEqual({ ok: false, problem: { kind: 'self_approval', message: 'four eyes: alice requested this plan and cannot approve it' } });

    const approved = await plans.act(bob, id, 'approve', 'CAB approved');
    expect(approved.ok && approved.plan).toMatchObject({ state: 'approved', approver: bob.actor, decisionComment: 'CAB approved' });

    const trail = (await store.audit.list({ tenant: 'acme' }, { limit: 10 })).items.reverse();
    expect(trail.map((e) => [e.action, e.actor, e.outcome, e.details?.from ?? null, e.details?.to ?? null, e.sourceIp])).toEqual([
      ['plan.create', 'tok_alice', 'success', null, 'draft', '10.0.0.1'],
      ['plan.submit', 'tok_alice', 'success', 'draft', 'pending', '10.0.0.1'],
      ['plan.approve', 'tok_alice', 'denied', 'pending', null, '10.0.0.1'],
      ['plan.approve', 'tok_bob', 'success', 'pending', 'approved', '10.0.0.2'],
    ]);
    expect(new Set(trail.map((e) => e.at))).toEqual(new Set(['2026-11-20T10:00:00.000Z']));
    expect(trail[2]!.details).toMatchObject({ reason: 'four eyes: alice requested this plan and cannot approve it', ticket: 'CHG0042' });
  });

  it('edits drafts only', async () => {
    const { plans } = setup();
    const created = await plans.create(alice, input);
    const id = created.ok ? created.plan.id : '';
    const edited = await plans.edit(alice, id, { ...input, title: 'Raise nginx workers to 16' });
    expect(edited.ok && edited.plan).toMatchObject({ title: 'Raise nginx workers to 16', state: 'draft', version: 2 });
    await plans.act(alice, id, 'submit');
    expect(await plans.edit(alice, id, input)).toEqual({ ok: false, problem: { kind: 'invalid_state', message: 'only a draft can be edited; this plan is pending' } });
  });

  it('refuses a regular expression that could take exponential time', async () => {
    const { plans } = setup();
    const result = await plans.create(alice, { ...input, matchers: [{ type: 'File', nameRegex: '^(a+)+$' }] });
    expect(result).toEqual({
      ok: false,
      problem: { kind: 'invalid', message: 'matchers.0.nameRegex: the pattern can take exponential time (nested repetition); simplify it' },
    });
  });

  it('answers not found for another tenant\'s plan', async () => {
    const { plans } = setup();
    const created = await plans.create(alice, input);
    const id = created.ok ? created.plan.id : '';
    expect(await plans.act({ ...bob, tenant: 'globex' }, id, 'submit')).toEqual({ ok: false, problem: { kind: 'not_found', message: `planned change ${id} not found` } });
  });
});
