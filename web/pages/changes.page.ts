// Changes across runs, filtered by classification (unplanned, hand edits put back, …), node,
// environment, status and time; keyset pages.
import type { FastifyInstance } from 'fastify';
import { ChangesQuery, splitPaging } from '../../api/query.ts';
import { CLASSIFICATIONS } from '../../core/classification.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { inputTime, parseUiQuery } from '../ui-query.ts';

export const changesPage: UiPage = {
  nav: { label: 'Changes', path: '/changes', permission: 'read' },
  async routes(app: FastifyInstance, { store }) {
    app.get('/ui/changes', { config: { page: 'read' } }, async (request, reply) => {
      const query = parseUiQuery(ChangesQuery, request.query);
      const { filter, page } = splitPaging(query);
      const result = await store.changes.list(request.principal!.tenant, filter, page);
      return reply.page('changes', {
        title: 'Changes',
        filter: { ...filter, since: inputTime(filter.since), until: inputTime(filter.until) },
        classifications: CLASSIFICATIONS.map((value) => ({ value, selected: value === filter.classification })),
        changes: result.items,
        next: nextPageHref('/ui/changes', request.query as Record<string, unknown>, result.nextCursor),
      });
    });
  },
};
