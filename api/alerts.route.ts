// Alerts, their deliveries and dead letters: everything a viewer may read; no receiver
// secret is ever part of a reply. The routing tree is in alert-routes.route.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_KINDS, SEVERITIES } from '../core/alert.ts';
import { HttpErrors } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { Paging, splitPaging } from './query.ts';

const Time = z.coerce.date().optional();
const Name = z.string().max(64).optional();

/** The alert filters, shared with the UI's alerts list. */
export const AlertsQuery = z.strictObject({
  state: z.enum(['firing', 'resolved']).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
  node: z.string().max(512).optional(),
  environment: z.string().max(256).optional(),
  since: Time.describe('ISO time the alert started, inclusive'),
  until: Time.describe('ISO time, exclusive'),
  ...Paging,
});

export async function alertsRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];

  api.get('/api/v1/alerts', {
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'Alerts, newest first',
      querystring: AlertsQuery,
    },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return deps.store.alerts.list(request.principal!.tenant, filter, page);
    },
  });

  api.get('/api/v1/alerts/:id', {
    config: { permission: 'read' },
    schema: { tags, summary: 'One alert, with its delivery attempts (newest first)', params: z.object({ id: z.string().max(64) }) },
    handler: async (request) => {
      const { tenant } = request.principal!;
      const alert = await deps.store.alerts.get(tenant, request.params.id);
      if (!alert) throw new HttpErrors.NotFound(`alert ${request.params.id} not found`);
      const deliveries = await deps.store.deliveries.list(tenant, { alertId: alert.id }, { limit: 100 });
      return { ...alert, deliveries: deliveries.items };
    },
  });

  api.get('/api/v1/deliveries', {
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'Delivery attempts (status, latency, reason), newest first',
      querystring: z.strictObject({ receiver: Name, alertId: z.string().max(64).optional(), outcome: z.enum(['delivered', 'retry', 'rejected']).optional(), since: Time, until: Time, ...Paging }),
    },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return deps.store.deliveries.list(request.principal!.tenant, filter, page);
    },
  });

  api.get('/api/v1/deliveries/dead-letters', {
    config: { permission: 'read' },
    schema: { tags, summary: 'Messages given up on (rejected, or still failing after giveUpAfterMs), newest first', querystring: z.strictObject({ receiver: Name, ...Paging }) },
    handler: async (request) => {
      const { filter, page } = splitPaging(request.query);
      return deps.store.deliveries.deadLetters(request.principal!.tenant, filter, page);
    },
  });
}
