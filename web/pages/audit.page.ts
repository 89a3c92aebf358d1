// The tenant's audit log, newest first, for auditors and admins.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Paging, splitPaging } from '../../api/query.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { parseUiQuery } from '../ui-query.ts';

const AuditQuery = z.strictObject({ action: z.string().max(100).optional(), ...Paging });

export const auditPage: UiPage = {
  nav: { label: 'Audit log', path: '/audit', permission: 'audit:read' },
  async routes(app: FastifyInstance, { store }) {
    app.get('/ui/audit', { config: { page: 'audit:read' } }, async (request, reply) => {
      const { filter, page } = splitPaging(parseUiQuery(AuditQuery, request.query));
      const result = await store.audit.list({ ...filter, tenant: request.principal!.tenant }, page);
      return reply.page('audit', {
        title: 'Audit log',
        filter,
        entries: result.items.map((entry) => ({ ...entry, details: entry.details ? JSON.stringify(entry.details) : '' })),
        next: nextPageHref('/ui/audit', request.query as Record<string, unknown>, result.nextCursor),
      });
    });
  },
};
