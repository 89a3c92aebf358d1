// Planned changes: list, file (form), submit, approve / reject (no approve button for the
// requester; PlanService refuses anyway), revoke, import a CSV/JSON file, and what each plan
// matched. Every rule is PlanService's; this module only translates forms.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Paging, splitPaging } from '../../api/query.ts';
import { planProblem, requestContext } from '../../api/planned-changes.route.ts';
import { IMPORT_COLUMNS, importPlans, planInputFromColumns } from '../../core/plan-import.ts';
import type { PlanProblem } from '../../core/plan-service.ts';
import { PLAN_STATES } from '../../core/planned-change.ts';
import { can } from '../../core/roles.ts';
import { HttpErrors } from '../../http/errors.ts';
import { nextPageHref, type UiDeps, type UiPage } from '../page.ts';
import { parseUiQuery, utcFromInput } from '../ui-query.ts';

const ListQuery = z.strictObject({ state: z.enum(PLAN_STATES).optional(), ...Paging });
const ACTIONS = ['submit', 'approve', 'reject', 'revoke'] as const;
const MATCHED_SHOWN = 20;

/** The form's fields, named like the CSV import's columns; datetime-local values are UTC. */
function planFromForm(body: Record<string, unknown>) {
  const fields: Record<string, string> = {};
  for (const column of IMPORT_COLUMNS) {
    const value = body[column];
    if (typeof value === 'string') fields[column] = utcFromInput(value.trim());
  }
  return planInputFromColumns(fields);
}

/** The status the JSON API answers for the same refusal. */
const statusOf = (problem: PlanProblem) => (planProblem(problem) as Error & { statusCode: number }).statusCode;

async function planView(request: FastifyRequest, { store }: UiDeps, id: string) {
  const principal = request.principal!;
  const plan = await store.plans.get(principal.tenant, id);
  if (!plan) throw new HttpErrors.NotFound(`planned change ${id} not found`);
  const matched = (await store.plans.matchCounts(principal.tenant, [plan.id]))[plan.id];
  const changes = await store.changes.list(principal.tenant, { plan: plan.id }, { limit: MATCHED_SHOWN });
  const approver = can(principal.role, 'plans:approve');
  const requester = plan.requester.id === principal.id;
  return {
    title: `${plan.ticket}: ${plan.title}`,
    plan,
    matched,
    changes: changes.items,
    moreChanges: Boolean(changes.nextCursor),
    may: {
      submit: plan.state === 'draft' && can(principal.role, 'plans:write'),
      approve: plan.state === 'pending' && approver && !requester,
      reject: plan.state === 'pending' && approver && !requester,
      revoke: plan.state === 'approved' && approver,
    },
    ownPending: plan.state === 'pending' && requester,
  };
}

export const plansPage: UiPage = {
  nav: { label: 'Planned changes', path: '/plans', permission: 'read' },
  async routes(app: FastifyInstance, deps) {
    const { store, plans } = deps;

    app.get('/ui/plans', { config: { page: 'read' } }, async (request, reply) => {
      const { filter, page } = splitPaging(parseUiQuery(ListQuery, request.query));
      const { tenant, role } = request.principal!;
      const result = await store.plans.list(tenant, filter, page);
      const counts = await store.plans.matchCounts(tenant, result.items.map((p) => p.id));
      return reply.page('plans', {
        title: 'Planned changes',
        states: PLAN_STATES.map((value) => ({ value, selected: value === filter.state })),
        plans: result.items.map((plan) => ({ ...plan, matched: counts[plan.id] })),
        mayWrite: can(role, 'plans:write'),
        columns: IMPORT_COLUMNS.join(', '),
        next: nextPageHref('/ui/plans', request.query as Record<string, unknown>, result.nextCursor),
      });
    });

    app.get('/ui/plans/new', { config: { page: 'plans:write' } }, async (_request, reply) => reply.page('plan-new', { title: 'File a planned change', form: {} }));

    app.post('/ui/plans', { config: { page: 'plans:write' } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = await plans.create(requestContext(request), planFromForm(body), { submit: body.submit === 'true' });
      if (!result.ok) return reply.code(statusOf(result.problem)).page('plan-new', { title: 'File a planned change', form: body, message: result.problem.message });
      return reply.redirect(`/ui/plans/${encodeURIComponent(result.plan.id)}`, 303);
    });

    app.post('/ui/plans/import', { config: { page: 'plans:write' } }, async (request, reply) => {
      const file = await request.file();
      if (!file) throw new HttpErrors.BadRequest('choose a CSV or JSON file to import');
      const body = (await file.toBuffer()).toString('utf8');
      const format = file.filename.toLowerCase().endsWith('.json') || file.mimetype === 'application/json' ? 'json' : 'csv';
      const outcome = await importPlans(plans, requestContext(request), body, format);
      if (!outcome.ok) throw new HttpErrors.PlanInvalid(outcome.message);
      return reply.page('plan-import', { title: 'Import result', file: file.filename, ...outcome });
    });

    app.get('/ui/plans/:id', { config: { page: 'read' } }, async (request, reply) => reply.page('plan', await planView(request, deps, (request.params as { id: string }).id)));

    for (const action of ACTIONS) {
      app.post(`/ui/plans/:id/${action}`, { config: { page: action === 'submit' ? 'plans:write' : 'plans:approve' } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        const comment = (request.body as { comment?: unknown } | undefined)?.comment;
        const result = await plans.act(requestContext(request), id, action, typeof comment === 'string' && comment.trim() ? comment.trim().slice(0, 4000) : undefined);
        if (!result.ok) return reply.code(statusOf(result.problem)).page('plan', { ...(await planView(request, deps, id)), message: result.problem.message });
        return reply.redirect(`/ui/plans/${encodeURIComponent(id)}`, 303);
      });
    }
  },
};
