// Dashboard counts: count requests over the runs and changes indices for a time range, and
// over the node-state index for nodes silent since a time.
import type { StatsStore } from '../stats.types.ts';
import type { EsContext } from './context.ts';
import { allOf, equals, type Query, timeRange } from './query.ts';

export function createStats(es: EsContext): StatsStore {
  const { client, names } = es;
  const count = async (index: string, filter: Query[]) =>
    (await client.count({ index, query: allOf(filter), ignore_unavailable: true, allow_no_indices: true })).count;

  return {
    async activity(tenant, since, until) {
      const period = [...equals({ tenant }), ...timeRange('startedAt', since, until)];
      const [runs, failures, unplanned, corrective] = await Promise.all([
        count(names.all('runs'), period),
        count(names.all('runs'), [...period, ...equals({ status: 'failure' })]),
        count(names.all('changes'), [...period, ...equals({ classification: 'unplanned' })]),
        count(names.all('changes'), [...period, ...equals({ classification: 'corrective' })]),
      ]);
      return { runs, failures, unplanned, corrective };
    },
    async silentNodes(tenant, before, cap) {
      return Math.min(cap, await count(names.collection('nodes'), [...equals({ tenant }), ...timeRange('lastSeen', undefined, before)]));
    },
  };
}
