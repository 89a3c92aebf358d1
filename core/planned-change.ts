// Planned changes: the whitelist of approved changes that RunLedger matches every change
// against. A plan has a ticket, a window, a scope (which nodes) and resource matchers (which
// resources), and moves through draft → pending → approved | rejected; approved → expired |
// revoked. Four eyes: whoever requested a plan cannot approve it.
import { z } from 'zod';

export const PLAN_STATES = ['draft', 'pending', 'approved', 'rejected', 'expired', 'revoked'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

const Names = z.array(z.string().min(1).max(512)).max(500).default([]);

export const PlanScope = z
  .object({
    environments: Names.describe('Any of these environments; empty: any'),
    nodes: Names.describe('Node name globs (web-*.example.com); empty: any'),
    roles: Names.describe('Roles or classes the node has (any of them); empty: any'),
    tags: Names.describe('Tags the node has (any of them); empty: any'),
  })
  .prefault({});
export type PlanScope = z.infer<typeof PlanScope>;

export const ResourceMatcher = z
  .object({
    type: z.string().min(1).max(256).optional().describe('Resource type, case-insensitive (File, template, package)'),
    name: z.string().min(1).max(4096).optional().describe('Glob on the resource name or path (/etc/nginx/**)'),
    nameRegex: z.string().min(1).max(512).optional().describe('Regular expression on the resource name, instead of a glob'),
    property: z.string().min(1).max(256).optional().describe('A property the change must touch (content, ensure, version)'),
    action: z.string().min(1).max(256).optional().describe('Chef action or Salt function (create, upgrade)'),
  })
  .refine((m) => !(m.name && m.nameRegex), { message: 'give name or nameRegex, not both' });
export type ResourceMatcher = z.infer<typeof ResourceMatcher>;

export const PlanWindow = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('Start, inclusive (UTC)'),
    until: z.iso.datetime({ offset: true }).describe('End, exclusive (UTC)'),
  })
  .refine(
    // Unparsable times are reported by the fields themselves.
    (w) => Number.isNaN(Date.parse(w.from)) || Number.isNaN(Date.parse(w.until)) || Date.parse(w.until) > Date.parse(w.from),
    { message: 'until must be after from', path: ['until'] },
  );
export type PlanWindow = z.infer<typeof PlanWindow>;

/** What a requester writes. */
export const PlanInput = z.object({
  title: z.string().min(1).max(300),
  ticket: z.string().min(1).max(200).describe('Change-request id (CHG0012345)'),
  reason: z.string().max(4000).default(''),
  window: PlanWindow,
  scope: PlanScope,
  matchers: z.array(ResourceMatcher).min(1).max(200),
  expectedCount: z.number().int().positive().optional().describe('How many changes the plan should cover'),
});
export type PlanInput = z.input<typeof PlanInput>;
export type ParsedPlanInput = z.output<typeof PlanInput>;

export interface Actor {
  id: string;
  name: string;
}

export interface PlannedChange extends ParsedPlanInput {
  id: string;
  tenant: string;
  state: PlanState;
  requester: Actor;
  approver?: Actor;
  decisionComment?: string;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; updates must name the version they read. */
  version: number;
}

export const PLAN_ACTIONS = ['submit', 'approve', 'reject', 'revoke', 'expire'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

const TRANSITIONS: Record<PlanAction, { from: readonly PlanState[]; to: PlanState }> = {
  submit: { from: ['draft'], to: 'pending' },
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  revoke: { from: ['approved'], to: 'revoked' },
  expire: { from: ['approved'], to: 'expired' },
};

export type TransitionRefusal =
  | { reason: 'invalid_state'; message: string }
  | { reason: 'self_approval'; message: string };

/** The plan after `action` by `actor`, or why the action is refused. Pure: the caller checks
 *  the actor's role and records the outcome. */
export function transition(
  plan: PlannedChange,
  action: PlanAction,
  actor: Actor,
  now: Date,
  comment?: string,
): PlannedChange | TransitionRefusal {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(plan.state)) {
    return { reason: 'invalid_state', message: `cannot ${action} a plan that is ${plan.state} (only ${rule.from.join(' or ')})` };
  }
  if ((action === 'approve' || action === 'reject') && actor.id === plan.requester.id) {
    return { reason: 'self_approval', message: `four eyes: ${actor.name} requested this plan and cannot ${action} it` };
  }
  const decided = action === 'approve' || action === 'reject';
  return {
    ...plan,
    state: rule.to,
    ...(decided ? { approver: actor } : {}),
    ...(comment !== undefined ? { decisionComment: comment } : {}),
    updatedAt: now.toISOString(),
    version: plan.version + 1,
  };
}

export function isRefusal(result: PlannedChange | TransitionRefusal): result is TransitionRefusal {
  return 'reason' in result && !('state' in result);
}
