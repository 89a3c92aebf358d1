// Nodes (last seen, last status, expected interval, missing since) and one node with its
// history of runs. The interval is the median gap of the node's latest runs.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NodesQuery, Paging, splitPaging } from '../../api/query.ts';
import type { Clock } from '../../core/clock.ts';
import { RUN_STATUSES } from '../../core/run-report.ts';
import { HttpErrors } from '../../http/errors.ts';
import type { NodeRecord, Store } from '../../store/types.ts';
import { expectedIntervalMs, humanDuration, isSilent, SILENT_WITHOUT_INTERVAL_MS } from '../node-health.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { parseUiQuery } from '../ui-query.ts';

const INTERVAL_SAMPLE_RUNS = 9;
const NodesPageQuery = NodesQuery.extend({ silent: z.literal('true').optional() });

async function withHealth(store: Store, clock: Clock, node: NodeRecord) {
  const recent = await store.runs.list(node.tenant, { node: node.name }, { limit: INTERVAL_SAMPLE_RUNS });
  const interval = expectedIntervalMs(recent.items.map((run) => run.startedAt));
  return {
    ...node,
    interval: interval === undefined ? 'not known yet' : humanDuration(interval),
    missingSince: isSilent(node.lastSeen, interval, clock.now()) ? node.lastSeen : undefined,
  };
}

export const nodesPage: UiPage = {
  nav: { label: 'Nodes', path: '/nodes', permission: 'read' },
  async routes(app: FastifyInstance, { store, clock }) {
    app.get('/ui/nodes', { config: { page: 'read' } }, async (request, reply) => {
      const { silent, ...query } = parseUiQuery(NodesPageQuery, request.query);
      const { filter, page } = splitPaging(query);
      const lastSeenBefore = silent ? new Date(clock.now().getTime() - SILENT_WITHOUT_INTERVAL_MS) : undefined;
      const result = await store.nodes.list(request.principal!.tenant, { ...filter, ...(lastSeenBefore ? { lastSeenBefore } : {}) }, page);
      return reply.page('nodes', {
        title: 'Nodes',
        filter: { ...filter, silent: Boolean(silent) },
        statuses: RUN_STATUSES.map((value) => ({ value, selected: value === filter.status })),
        nodes: await Promise.all(result.items.map((node) => withHealth(store, clock, node))),
        next: nextPageHref('/ui/nodes', request.query as Record<string, unknown>, result.nextCursor),
      });
    });

    app.get('/ui/nodes/:name', { config: { page: 'read' } }, async (request, reply) => {
      const { name } = request.params as { name: string };
      const { tenant } = request.principal!;
      const node = await store.nodes.get(tenant, name);
      if (!node) throw new HttpErrors.NotFound(`node ${name} not found`);
      const { page } = splitPaging(parseUiQuery(z.strictObject(Paging), request.query));
      const history = await store.runs.list(tenant, { node: name }, page);
      return reply.page('node', {
        title: node.name,
        node: await withHealth(store, clock, node),
        runs: history.items,
        next: nextPageHref(`/ui/nodes/${encodeURIComponent(name)}`, request.query as Record<string, unknown>, history.nextCursor),
      });
    });
  },
};
