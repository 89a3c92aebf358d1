// Carries out what people do with planned changes: file, edit, submit, approve, reject,
// revoke (and the scheduler's expire). It applies the state machine and four eyes, stores the
// plan, and records every transition and every refusal in the audit log.
import safeRegex from 'safe-regex2';
import type { Store } from '../store/types.ts';
import type { Clock } from './clock.ts';
import { randomId } from './ids.ts';
import {
  type Actor,
  isRefusal,
  type ParsedPlanInput,
  type PlanAction,
  type PlannedChange,
  PlanInput,
  transition,
} from './planned-change.ts';

export type PlanProblem =
  | { kind: 'invalid'; message: string }
  | { kind: 'not_found'; message: string }
  | { kind: 'invalid_state'; message: string }
  | { kind: 'self_approval'; message: string }
  | { kind: 'conflict'; message: string };

export type PlanResult = { ok: true; plan: PlannedChange } | { ok: false; problem: PlanProblem };

export interface PlanRequestContext {
  tenant: string;
  actor: Actor;
  sourceIp?: string;
}

/** Validates what a requester wrote: the schema, plus regular expressions that cannot hang the matcher. */
export function parsePlanInput(input: unknown): { ok: true; value: ParsedPlanInput } | { ok: false; message: string } {
  const parsed = PlanInput.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(plan)'}: ${i.message}`).join('; ') };
  }
  for (const [index, matcher] of parsed.data.matchers.entries()) {
    if (!matcher.nameRegex) continue;
    try {
      new RegExp(matcher.nameRegex);
    } catch (err) {
      return { ok: false, message: `matchers.${index}.nameRegex: ${(err as Error).message}` };
    }
    if (!safeRegex(matcher.nameRegex)) {
      return { ok: false, message: `matchers.${index}.nameRegex: the pattern can take exponential time (nested repetition); simplify it` };
    }
  }
  return { ok: true, value: parsed.data };
}

export function createPlanService(store: Store, clock: Clock) {
  async function audit(ctx: PlanRequestContext, action: string, plan: Pick<PlannedChange, 'id' | 'ticket'>, outcome: 'success' | 'denied' | 'failure', details: Record<string, unknown>) {
    await store.audit.append({
      at: clock.now().toISOString(),
      tenant: ctx.tenant,
      actor: ctx.actor.id,
      action,
      target: plan.id,
      ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
      outcome,
      details: { ticket: plan.ticket, actorName: ctx.actor.name, ...details },
    });
  }

  async function act(ctx: PlanRequestContext, id: string, action: PlanAction, comment?: string): Promise<PlanResult> {
    const plan = await store.plans.get(ctx.tenant, id);
    if (!plan) return { ok: false, problem: { kind: 'not_found', message: `planned change ${id} not found` } };
    const next = transition(plan, action, ctx.actor, clock.now(), comment);
    if (isRefusal(next)) {
      await audit(ctx, `plan.${action}`, plan, 'denied', { from: plan.state, reason: next.message });
      return { ok: false, problem: { kind: next.reason, message: next.message } };
    }
    if (!(await store.plans.update(next))) {
      return { ok: false, problem: { kind: 'conflict', message: `planned change ${id} was changed meanwhile; read it again` } };
    }
    await audit(ctx, `plan.${action}`, plan, 'success', { from: plan.state, to: next.state, ...(comment ? { comment } : {}) });
    return { ok: true, plan: next };
  }

  return {
    async create(ctx: PlanRequestContext, input: unknown, options: { submit?: boolean } = {}): Promise<PlanResult> {
      const parsed = parsePlanInput(input);
      if (!parsed.ok) return { ok: false, problem: { kind: 'invalid', message: parsed.message } };
      const now = clock.now().toISOString();
      const plan: PlannedChange = {
        ...parsed.value,
        id: randomId('pc', 9),
        tenant: ctx.tenant,
        state: 'draft',
        requester: ctx.actor,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await store.plans.create(plan);
      await audit(ctx, 'plan.create', plan, 'success', { to: 'draft' });
      return options.submit ? act(ctx, plan.id, 'submit') : { ok: true, plan };
    },

    /** Replaces what a draft says; plans past draft are fixed. */
    async edit(ctx: PlanRequestContext, id: string, input: unknown): Promise<PlanResult> {
      const plan = await store.plans.get(ctx.tenant, id);
      if (!plan) return { ok: false, problem: { kind: 'not_found', message: `planned change ${id} not found` } };
      if (plan.state !== 'draft') return { ok: false, problem: { kind: 'invalid_state', message: `only a draft can be edited; this plan is ${plan.state}` } };
      const parsed = parsePlanInput(input);
      if (!parsed.ok) return { ok: false, problem: { kind: 'invalid', message: parsed.message } };
      const next: PlannedChange = { ...plan, ...parsed.value, updatedAt: clock.now().toISOString(), version: plan.version + 1 };
      if (!(await store.plans.update(next))) {
        return { ok: false, problem: { kind: 'conflict', message: `planned change ${id} was changed meanwhile; read it again` } };
      }
      await audit(ctx, 'plan.edit', plan, 'success', {});
      return { ok: true, plan: next };
    },

    act,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
