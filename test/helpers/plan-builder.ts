// Builds planned changes for tests.
import { type PlannedChange, PlanInput } from '../../core/planned-change.ts';

let counter = 0;

export function buildPlan(spec: Partial<PlannedChange> & { input?: Partial<Parameters<typeof PlanInput.parse>[0]> } = {}): PlannedChange {
  counter += 1;
  const { input, ...rest } = spec;
  const parsed = PlanInput.parse({
    title: `plan ${counter}`,
    ticket: `CHG${String(counter).padStart(6, '0')}`,
    window: { from: '2026-11-20T00:00:00Z', until: '2026-11-21T00:00:00Z' },
    matchers: [{ type: 'File', name: '/etc/app.conf' }],
    ...input,
  });
  return {
    ...parsed,
    id: `pc_${counter}`,
    tenant: 'acme',
    state: 'approved',
    requester: { id: 'tok_requester', name: 'alice' },
    approver: { id: 'tok_approver', name: 'bob' },
    createdAt: '2026-11-19T00:00:00.000Z',
    updatedAt: '2026-11-19T00:00:00.000Z',
    version: 1,
    ...rest,
  };
}
