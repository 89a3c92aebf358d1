// Admin → Receivers: every configured receiver (name and kind, never its settings) with a
// "Send test" that sends the sample `runledger sink test` sends, audited as sink.test; and
// the routing tree in effect, read-only, with its source and revision, as GET
// /api/v1/alert-routes projects it (it is changed through the API or `runledger route`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { alertRoutesView } from '../../api/alert-routes.route.ts';
import type { AlertRoutingService } from '../../core/alert-routing-service.ts';
import { auditAdminAction } from '../../core/admin-audit.ts';
import type { Match, RouteConfig } from '../../core/alert-routing.ts';
import type { Config } from '../../core/config.ts';
import { HttpErrors } from '../../http/errors.ts';
import { testSink } from '../../sinks/test-send.ts';
import type { DeliveryOutcome } from '../../sinks/types.ts';
import type { Store } from '../../store/types.ts';
import type { UiPage } from '../page.ts';

const admin = { page: 'admin' } as const;
type RouteNode = Partial<RouteConfig> & Pick<RouteConfig, 'receivers' | 'routes'>;

const ms = (value: number | undefined) => (value === undefined ? 'inherited' : `${value} ms`);

const matchText = (match: Match) => Object.entries(match).map(([label, value]) => `${label}=${Array.isArray(value) ? value.join('|') : value}`).join(', ');

/** The tree as rows in the order routes are tried, each with its depth (0 = the root). */
function routeRows(route: RouteNode, depth = 0): Record<string, unknown>[] {
  const match = matchText(route.match ?? {});
  const row = {
    depth,
    indent: '— '.repeat(depth),
    match: depth === 0 ? 'every alert (root)' : match || 'every alert',
    receivers: route.receivers.join(', ') || 'none',
    continue: depth === 0 ? '' : route.continue ? 'yes' : 'no',
    groupBy: route.groupBy?.join(', ') ?? (depth === 0 ? 'none' : 'inherited'),
    groupWait: ms(route.groupWaitMs),
    groupInterval: ms(route.groupIntervalMs),
    repeatInterval: ms(route.repeatIntervalMs),
  };
  return [row, ...route.routes.flatMap((child) => routeRows(child, depth + 1))];
}

function outcomeView(name: string, outcome: DeliveryOutcome) {
  if (outcome.kind === 'delivered') return { name, delivered: true, status: outcome.status, remoteId: outcome.remoteId };
  return { name, delivered: false, kind: outcome.kind === 'retry' ? 'failed, would be retried' : 'rejected, would not be retried', reason: outcome.reason, detail: outcome.detail };
}

async function receiversPage(config: Config, routing: AlertRoutingService, reply: FastifyReply, extra: Record<string, unknown> = {}) {
  const view = alertRoutesView(config.alerts, await routing.current());
  const tree = { source: view.source, revision: view.revision, changedAt: view.changedAt, changedBy: view.changedBy?.name, problem: view.problem };
  const inhibitRules = view.inhibitRules.map((rule) => ({ source: matchText(rule.source), target: matchText(rule.target), equal: rule.equal.join(', ') || 'none' }));
  return reply.page('admin-receivers', { title: 'Receivers', section: 'receivers', receivers: view.receivers, tree, routes: routeRows(view.route), inhibitRules, ...extra });
}

async function sendTest(store: Store, config: Config, routing: AlertRoutingService, request: FastifyRequest, reply: FastifyReply) {
  const { name } = request.params as { name: string };
  if (!config.alerts.receivers.some((r) => r.name === name)) throw new HttpErrors.NotFound(`no receiver named ${name} in alerts.receivers`);
  const outcome = await testSink(config, name, false);
  const by = { tenant: request.principal!.tenant, actor: request.principal!.id, sourceIp: request.ip };
  const details = outcome.kind === 'delivered' ? { result: 'delivered', status: outcome.status } : { result: outcome.kind, reason: outcome.reason, status: outcome.status };
  await auditAdminAction(store, by, 'sink.test', name, outcome.kind === 'delivered' ? 'success' : 'failure', details);
  return receiversPage(config, routing, reply, { tested: outcomeView(name, outcome) });
}

export const adminReceiversPage: UiPage = {
  async routes(app: FastifyInstance, { store, config, routing }) {
    app.get('/ui/admin/receivers', { config: admin }, async (_request, reply) => receiversPage(config, routing, reply));
    app.post('/ui/admin/receivers/:name/test', { config: admin }, async (request, reply) => sendTest(store, config, routing, request, reply));
  },
};
