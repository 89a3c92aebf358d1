// Runs (filters, "changed only", keyset pages) and one run with every change: its
// classification and plan, its property changes, its diff, and errors with backtraces.
import type { FastifyInstance } from 'fastify';
import { RunsQuery, splitPaging } from '../../api/query.ts';
import { CLASSIFICATIONS } from '../../core/classification.ts';
import { RUN_STATUSES } from '../../core/run-report.ts';
import { HttpErrors } from '../../http/errors.ts';
import { diffLines } from '../diff.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { inputTime, parseUiQuery } from '../ui-query.ts';

const CHANGE_FILTERS = ['classification', 'node', 'environment', 'since', 'until'];
const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export const runsPage: UiPage = {
  nav: { label: 'Runs', path: '/runs', permission: 'read' },
  async routes(app: FastifyInstance, { store }) {
    app.get('/ui/runs', { config: { page: 'read' } }, async (request, reply) => {
      const raw = request.query as Record<string, string>;
      // Classifications belong to changes, not runs: that filter shows the matching changes.
      if (raw.classification) {
        const shared = Object.entries(raw).filter(([key, value]) => CHANGE_FILTERS.includes(key) && value);
        return reply.redirect(`/ui/changes?${new URLSearchParams(shared)}`, 303);
      }
      const query = parseUiQuery(RunsQuery, request.query, { changed: 'hasChanges' });
      const { filter, page } = splitPaging(query);
      const result = await store.runs.list(request.principal!.tenant, filter, page);
      return reply.page('runs', {
        title: 'Runs',
        filter: { ...filter, since: inputTime(filter.since), until: inputTime(filter.until) },
        statuses: RUN_STATUSES.map((value) => ({ value, selected: value === filter.status })),
        classifications: CLASSIFICATIONS,
        runs: result.items,
        next: nextPageHref('/ui/runs', request.query as Record<string, unknown>, result.nextCursor),
      });
    });

    app.get('/ui/runs/:id', { config: { page: 'read' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const run = await store.runs.get(request.principal!.tenant, id);
      if (!run) throw new HttpErrors.NotFound(`run ${id} not found`);
      return reply.page('run', {
        title: `Run on ${run.node}`,
        run,
        changes: run.changes.map((change) => ({
          ...change,
          properties: change.changes.map((c) => ({ ...c, before: show(c.before), after: show(c.after) })),
          diff: change.diff ? diffLines(change.diff) : undefined,
        })),
      });
    });
  },
};
