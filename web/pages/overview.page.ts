// Overview: how the fleet is doing now and today; every number links to its filtered list.
// The counts are index range scans, cached briefly per tenant so that reloads cost nothing.
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { ActivityCounts, Store } from '../../store/types.ts';
import { SILENT_WITHOUT_INTERVAL_MS } from '../node-health.ts';
import type { UiPage } from '../page.ts';

const RATE_WINDOW_MINUTES = 15;
const SILENT_CAP = 10_000;
// Open alerts are read as one bounded page of firing alerts, not counted in full.
const FIRING_CAP = 100;
// The fleet-wide count uses the fixed 1 h rule (no per-node interval is stored); the node pages
// also apply twice each node's own interval.

interface Overview {
  recent: ActivityCounts;
  today: ActivityCounts;
  silent: number;
  firing: { count: number; more: boolean };
  asOf: string;
}

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

async function firingAlerts(store: Store, tenant: string) {
  const page = await store.alerts.list(tenant, { state: 'firing' }, { limit: FIRING_CAP });
  return { count: page.items.length, more: Boolean(page.nextCursor) };
}

export const overviewPage: UiPage = {
  nav: { label: 'Overview', path: '/', permission: 'read' },
  async routes(app: FastifyInstance, { store, clock, config }) {
    const ttl = config.ui.overviewCacheSeconds * 1000;
    const cache = new LRUCache<string, Overview>({ max: 1000, ttl: Math.max(ttl, 1) });

    app.get('/ui/', { config: { page: 'read' } }, async (request, reply) => {
      const { tenant } = request.principal!;
      const now = clock.now();
      const recentSince = new Date(now.getTime() - RATE_WINDOW_MINUTES * 60_000);
      const today = startOfUtcDay(now);
      let overview = cache.get(tenant);
      if (!overview) {
        overview = {
          recent: await store.stats.activity(tenant, recentSince, now),
          today: await store.stats.activity(tenant, today, now),
          silent: await store.stats.silentNodes(tenant, new Date(now.getTime() - SILENT_WITHOUT_INTERVAL_MS), SILENT_CAP),
          firing: await firingAlerts(store, tenant),
          asOf: now.toISOString(),
        };
        if (ttl > 0) cache.set(tenant, overview);
      }
      const since = today.toISOString();
      return reply.page('overview', {
        title: 'Overview',
        tiles: [
          { label: `Runs per minute (last ${RATE_WINDOW_MINUTES} min)`, value: (overview.recent.runs / RATE_WINDOW_MINUTES).toFixed(1), href: `/ui/runs?${query({ since: recentSince.toISOString() })}` },
          { label: 'Runs today', value: overview.today.runs, href: `/ui/runs?${query({ since })}` },
          { label: 'Failed runs today', value: overview.today.failures, href: `/ui/runs?${query({ status: 'failure', since })}`, alarm: overview.today.failures > 0 },
          { label: 'Unplanned changes today', value: overview.today.unplanned, href: `/ui/changes?${query({ classification: 'unplanned', since })}`, alarm: overview.today.unplanned > 0 },
          { label: 'Hand edits put back today', value: overview.today.corrective, href: `/ui/changes?${query({ classification: 'corrective', since })}`, alarm: overview.today.corrective > 0 },
          { label: 'Silent nodes (no sign of life for 1 h)', value: overview.silent >= SILENT_CAP ? `${SILENT_CAP}+` : overview.silent, href: '/ui/nodes?silent=true', alarm: overview.silent > 0 },
          { label: 'Open alerts', value: overview.firing.more ? `${FIRING_CAP}+` : overview.firing.count, href: '/ui/alerts?state=firing', alarm: overview.firing.count > 0 },
        ],
        asOf: overview.asOf,
        cacheSeconds: config.ui.overviewCacheSeconds,
      });
    });
  },
};
