import { describe, expect, it } from 'vitest';
import { buildPlan } from '../test/helpers/plan-builder.ts';
import { isRefusal, PLAN_ACTIONS, PLAN_STATES, type PlanAction, type PlanState, PlanInput, transition } from './planned-change.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const requester = { id: 'tok_alice', name: 'alice' };
const approver = { id: 'tok_bob', name: 'bob' };

const ALLOWED: Record<PlanAction, [PlanState, PlanState]> = {
  submit: ['draft', 'pending'],
  approve: ['pending', 'approved'],
  reject: ['pending', 'rejected'],
  revoke: ['approved', 'revoked'],
  expire: ['approved', 'expired'],
};

describe('plan state machine', () => {
  const cases = PLAN_STATES.flatMap((state) => PLAN_ACTIONS.map((action) => ({ state, action, allowed: ALLOWED[action][0] === state })));

  it.each(cases)('$action from $state: allowed=$allowed', ({ state, action, allowed }) => {
    const plan = buildPlan({ state, requester, approver: undefined });
    const result = transition(plan, action, approver, NOW, 'ok');
    if (allowed) {
      expect(result).toMatchObject({ state: ALLOWED[action][1], version: plan.version + 1, updatedAt: NOW.toISOString() });
    } else {
      expect(result).toEqual({ reason: 'invalid_state', message: `cannot ${action} a plan that is ${state} (only ${ALLOWED[action][0]})` });
    }
  });

  it.each(['approve', 'reject'] as const)('refuses to let the requester %s their own plan (four eyes)', (action) => {
    const result = transition(buildPlan({ state: 'pending', requester }), action, requester, NOW);
    expect(isRefusal(result) && result).toEqual({ reason: 'self_approval', message: `four eyes: alice requested this plan and cannot ${action} it` });
  });

  it('records who decided and their comment', () => {
    expect(transition(buildPlan({ state: 'pending', requester, approver: undefined }), 'approve', approver, NOW, 'CAB 2026-11-19')).toMatchObject({
      approver,
      decisionComment: 'CAB 2026-11-19',
    });
  });
});

describe('plan input', () => {
  it.each([
    { name: 'a window that ends before it starts', patch: { window: { from: '2026-11-20T10:00:00Z', until: '2026-11-20T09:00:00Z' } }, message: 'until must be after from' },
    { name: 'no matcher', patch: { matchers: [] }, message: 'Too small' },
    { name: 'a glob and a regex at once', patch: { matchers: [{ name: '/etc/*', nameRegex: '^/etc' }] }, message: 'give name or nameRegex, not both' },
  ])('refuses $name', ({ patch, message }) => {
    const input = { title: 't', ticket: 'CHG1', window: { from: '2026-11-20T00:00:00Z', until: '2026-11-21T00:00:00Z' }, matchers: [{ type: 'File' }], ...patch };
    const parsed = PlanInput.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});
