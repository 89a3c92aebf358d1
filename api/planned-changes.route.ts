// Planned changes over HTTP: file, edit, submit, approve / reject / revoke (four eyes),
// what each plan matched, and the findings about plans.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { findPlanFindings } from '../core/plan-findings.ts';
import { buildPlanIndex } from '../core/plan-index.ts';
import type { PlanProblem, PlanRequestContext, PlanResult, PlanService } from '../core/plan-service.ts';
import { PLAN_STATES, PlanInput } from '../core/planned-change.ts';
import { resourceKey } from '../core/run-report.ts';
import { HttpErrors } from '../http/errors.ts';
import { matchedProperties } from '../processors/classify/classify.ts';
import type { Store } from '../store/types.ts';
import { Paging, splitPaging } from './query.ts';

export interface PlanRoutesDeps {
  store: Store;
  plans: PlanService;
  clock: Clock;
}

const Id = z.object({ id: z.string().max(64) });
const Decision = z.object({ comment: z.string().max(4000).optional() }).default({});

export function requestContext(request: FastifyRequest): PlanRequestContext {
  const principal = request.principal!;
  return { tenant: principal.tenant, actor: { id: principal.id, name: principal.name }, sourceIp: request.ip };
}

export function planProblem(problem: PlanProblem): Error {
  switch (problem.kind) {
    case 'invalid':
      return new HttpErrors.PlanInvalid(problem.message);
    case 'not_found':
      return new HttpErrors.NotFound(problem.message);
    case 'invalid_state':
      return new HttpErrors.PlanState(problem.message);
    case 'self_approval':
      return new HttpErrors.PlanSelfApproval(problem.message);
    case 'conflict':
      return new HttpErrors.PlanConflict(problem.message);
  }
}

function planOrThrow(result: PlanResult) {
  if (!result.ok) throw planProblem(result.problem);
  return result.plan;
}

export async function plannedChangesRoutes(app: FastifyInstance, deps: PlanRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['planned changes'];

  api.get('/api/v1/planned-changes', {
    config: { permission: 'read' },
    schema: { tags, summary: 'List planned changes, newest first', querystring: z.strictObject({ state: z.enum(PLAN_STATES).optional(), ...Paging }) },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return deps.store.plans.list(request.principal!.tenant, filter, page);
    },
  });

  api.post('/api/v1/planned-changes', {
    config: { permission: 'plans:write' },
    schema: {
      tags,
      summary: 'File a planned change (a draft; with submit=true, straight to pending approval)',
      querystring: z.strictObject({ submit: z.enum(['true', 'false']).optional() }),
      body: PlanInput,
    },
    handler: async (request, reply) => {
      const plan = planOrThrow(await deps.plans.create(requestContext(request), request.body, { submit: request.query.submit === 'true' }));
      return reply.code(201).send(plan);
    },
  });

  api.get('/api/v1/planned-changes/findings', {
    config: { permission: 'read' },
    schema: { tags, summary: 'Plans whose window ended unused, plans used more than expected, changes matched only by a revoked plan' },
    handler: async (request) => findPlanFindings(deps.store, request.principal!.tenant, deps.clock.now()),
  });

  api.get('/api/v1/planned-changes/:id', {
    config: { permission: 'read' },
    schema: { tags, summary: 'One planned change, with how many changes it matched', params: Id },
    handler: async (request) => {
      const { tenant } = request.principal!;
      const plan = await deps.store.plans.get(tenant, request.params.id);
      if (!plan) throw new HttpErrors.NotFound(`planned change ${request.params.id} not found`);
      const counts = await deps.store.plans.matchCounts(tenant, [plan.id]);
      return { ...plan, matched: counts[plan.id] };
    },
  });

  api.put('/api/v1/planned-changes/:id', {
    config: { permission: 'plans:write' },
    schema: { tags, summary: 'Replace what a draft says', params: Id, body: PlanInput },
    handler: async (request) => planOrThrow(await deps.plans.edit(requestContext(request), request.params.id, request.body)),
  });

  api.get('/api/v1/planned-changes/:id/changes', {
    config: { permission: 'read' },
    schema: { tags, summary: 'The changes this plan matched, newest first', params: Id, querystring: z.strictObject(Paging) },
    handler: async (request) => {
      const { page } = splitPaging(request.query);
      return deps.store.changes.list(request.principal!.tenant, { plan: request.params.id }, page);
    },
  });

  api.get('/api/v1/runs/:id/plan-review', {
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'How each change of a run was classified when it was processed, and which plans would match it now',
      params: Id,
    },
    handler: async (request) => {
      const { tenant } = request.principal!;
      const run = await deps.store.runs.get(tenant, request.params.id);
      if (!run) throw new HttpErrors.NotFound(`run ${request.params.id} not found`);
      const index = buildPlanIndex(await deps.store.plans.matchable(tenant, new Date(0)));
      const at = Date.parse(run.startedAt);
      return {
        run: run.id,
        changes: run.changes.map((change) => ({
          change: change.id,
          resource: resourceKey(change),
          classification: change.classification,
          wouldMatch: index
            .match({ type: change.type, title: change.title, ...(change.action ? { action: change.action } : {}), properties: matchedProperties(change), node: run.nodeInfo, at })
            .map(({ plan, inWindow }) => ({ id: plan.id, ticket: plan.ticket, state: plan.state, inWindow })),
        })),
      };
    },
  });

  for (const action of ['submit', 'approve', 'reject', 'revoke'] as const) {
    api.post(`/api/v1/planned-changes/:id/${action}`, {
      config: { permission: action === 'submit' ? 'plans:write' : 'plans:approve' },
      schema: {
        tags,
        summary: { submit: 'Submit a draft for approval', approve: 'Approve (not your own plan)', reject: 'Reject (not your own plan)', revoke: 'Revoke an approved plan' }[action],
        params: Id,
        body: Decision,
      },
      handler: async (request) => planOrThrow(await deps.plans.act(requestContext(request), request.params.id, action, request.body.comment)),
    });
  }
}
