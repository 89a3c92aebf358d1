// The routing tree over HTTP: everyone who may read alerts sees the tree in effect and where it
// came from; an admin of the system tenant (permission routes:write) replaces it, or goes back
// to the configured one, over the revision they read (If-Match) — audited either way.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertRoutingSchema, type EffectiveRouting } from '../core/alert-routing.ts';
import type { AlertRoutingService, RoutingActor, RoutingResult } from '../core/alert-routing-service.ts';
import { type AlertsConfig, receiverSink } from '../core/alerts-config.ts';
import { HttpErrors } from '../http/errors.ts';

/** The tree in effect with its source and revision, the receivers (name and kind only, never
 *  their settings) and maintenance windows: what GET /api/v1/alert-routes answers and the UI's
 *  admin receivers page shows. */
export function alertRoutesView(alerts: AlertsConfig, routing: EffectiveRouting) {
  return {
    source: routing.source,
    revision: routing.revision,
    ...(routing.changedAt ? { changedAt: routing.changedAt, changedBy: routing.changedBy } : {}),
    ...(routing.problem ? { problem: routing.problem } : {}),
    ...routing.routing,
    receivers: alerts.receivers.map((r) => ({ name: r.name, kind: receiverSink(r).kind })),
    maintenance: alerts.maintenance,
  };
}

const etag = (revision: number) => `"${revision}"`;

const IfMatch = z
  .string()
  .regex(/^\s*(\*|(W\/)?"?\d{1,15}"?)\s*$/, 'If-Match is the revision (the ETag) that was read, e.g. "3", or *')
  .optional()
  .describe('The revision the change was made on (the ETag of GET); another one → 412');

/** The revision an If-Match names; undefined for none or `*` (any). */
function expectedRevision(request: FastifyRequest): number | undefined {
  const value = (request.headers as { 'if-match'?: string })['if-match']?.trim();
  if (!value || value === '*') return undefined;
  return Number(value.replace(/^W\//, '').replaceAll('"', ''));
}

function actorOf(request: FastifyRequest): RoutingActor {
  const p = request.principal!;
  return { tenant: p.tenant, id: p.id, name: p.name, sourceIp: request.ip };
}

export async function alertRoutesRoutes(app: FastifyInstance, deps: { alerts: AlertsConfig; routing: AlertRoutingService }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];
  const receivers = new Set(deps.alerts.receivers.map((r) => r.name));
  const reply = (response: FastifyReply, routing: EffectiveRouting) => response.header('etag', etag(routing.revision)).send(alertRoutesView(deps.alerts, routing));
  const answer = (response: FastifyReply, result: RoutingResult) => {
    if (result.ok) return reply(response, result.routing);
    throw result.problem === 'forbidden' ? new HttpErrors.RoutesForbidden(result.message) : new HttpErrors.RoutesConflict(result.message);
  };

  api.get('/api/v1/alert-routes', {
    config: { permission: 'read' },
    schema: { tags, summary: 'The routing tree in effect (source: config or api, revision as ETag), receivers (name and kind only) and maintenance windows' },
    handler: async (_request, response) => reply(response, await deps.routing.current()),
  });

  api.put('/api/v1/alert-routes', {
    config: { permission: 'routes:write' },
    schema: {
      tags,
      summary: 'Replace the whole routing tree (alerts.route in config is used again after DELETE); every receiver named must be in alerts.receivers',
      headers: z.object({ 'if-match': IfMatch }),
      body: alertRoutingSchema(receivers),
    },
    handler: async (request, response) => answer(response, await deps.routing.replace(actorOf(request), request.body, expectedRevision(request))),
  });

  api.delete('/api/v1/alert-routes', {
    config: { permission: 'routes:write' },
    schema: { tags, summary: 'Go back to the routing tree from config (alerts.route)', headers: z.object({ 'if-match': IfMatch }) },
    handler: async (request, response) => answer(response, await deps.routing.reset(actorOf(request), expectedRevision(request))),
  });
}
