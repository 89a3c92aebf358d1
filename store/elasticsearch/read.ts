// Runs, changes and nodes: every query filters on the tenant; lists are keyset pages
// (search_after on a unique sort), newest first for runs and changes, by name for nodes.
import type { ChangeFilter, NodeFilter, PreviousContent, RunFilter, Store } from '../types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { type ChangeDoc, type RawDoc, type RunDoc, toChangeRecord, toRawBody, toRunDetail, toRunSummary } from './documents.ts';
import { type NodeDoc, nodeDocId } from './node-state.ts';
import { allOf, equals, fullText, type Query, type Sort, searchPage, timeRange } from './query.ts';

const NEWEST_FIRST: Sort = [
  { field: 'startedAt', order: 'desc', kind: 'number' },
  { field: 'id', order: 'desc', kind: 'string' },
];
const BY_NAME: Sort = [{ field: 'name', order: 'asc', kind: 'string' }];
const CHANGE_TEXT = ['title.text', 'messages', 'diff'];
/** Most changes one run detail returns. */
const MAX_RUN_CHANGES = 10_000;

/** A `q` without any word filters nothing, as on SQLite. */
const withText = (filter: Query[], q: string | undefined, fields: string[]): Query => {
  const text = q === undefined ? undefined : fullText(q, fields);
  return allOf(filter, text ? { must: [text] } : {});
};

export function createReaders(es: EsContext): Pick<Store, 'runs' | 'changes' | 'nodes' | 'history'> {
  const { client, names } = es;
  const nodes = collection<NodeDoc>(es, 'nodes');
  const one = async <T>(index: string, filter: Query[]): Promise<T | undefined> => {
    const response = await client.search<T>({ index, query: allOf(filter), size: 1, ignore_unavailable: true, allow_no_indices: true });
    return response.hits.hits[0]?._source;
  };

  return {
    runs: {
      list(tenant, filter: RunFilter, page) {
        const filters = [
          ...equals({ tenant, node: filter.node, environment: filter.environment, status: filter.status, source: filter.source, hasChanges: filter.hasChanges }),
          ...timeRange('startedAt', filter.since, filter.until),
        ];
        return searchPage<ReturnType<typeof toRunSummary>, RunDoc>(es, { index: names.all('runs'), query: withText(filters, filter.q, ['changeText']), sort: NEWEST_FIRST, toItem: toRunSummary }, page);
      },
      async get(tenant, id) {
        const run = await one<RunDoc>(names.all('runs'), equals({ tenant, id }));
        if (!run) return undefined;
        const changes = await client.search<ChangeDoc>({
          index: names.monthly('changes', run.startedAt),
          query: allOf(equals({ tenant, run: id })),
          sort: [{ ordinal: { order: 'asc' } }],
          size: MAX_RUN_CHANGES,
          ignore_unavailable: true,
        });
        return toRunDetail(run, changes.hits.hits.map((hit) => toChangeRecord(hit._source!)));
      },
      async raw(tenant, id) {
        const raw = await one<RawDoc>(names.all('raw'), equals({ tenant, run: id }));
        return raw && toRawBody(raw);
      },
    },
    changes: {
      list(tenant, filter: ChangeFilter, page) {
        const filters = [
          ...equals({
            tenant,
            node: filter.node,
            environment: filter.environment,
            source: filter.source,
            status: filter.status,
            type: filter.resourceType,
            run: filter.run,
            classification: filter.classification,
            planId: filter.plan,
          }),
          ...timeRange('startedAt', filter.since, filter.until),
        ];
        return searchPage(es, { index: names.all('changes'), query: withText(filters, filter.q, CHANGE_TEXT), sort: NEWEST_FIRST, toItem: toChangeRecord }, page);
      },
    },
    nodes: {
      list(tenant, filter: NodeFilter, page) {
        const filters = [
          ...equals({ tenant, environment: filter.environment, lastStatus: filter.status }),
          ...timeRange('lastSeen', undefined, filter.lastSeenBefore),
          ...(filter.q ? [{ prefix: { name: filter.q } }] : []),
        ];
        return nodes.page(filters, BY_NAME, page);
      },
      async get(tenant, name) {
        const found = await nodes.get(nodeDocId(tenant, name));
        return found?.doc.tenant === tenant ? found.doc : undefined;
      },
    },
    history: {
      async previousContent(tenant, node, keys, before) {
        const wanted = [...new Set(keys)];
        const found = new Map<string, PreviousContent>();
        if (wanted.length === 0) return found;
        // The newest applied change per resource key: collapse keeps the first hit of each.
        const response = await client.search<ChangeDoc>({
          index: names.all('changes'),
          query: allOf([...equals({ tenant, node, resourceKey: wanted }), { exists: { field: 'desiredChecksum' } }, { range: { startedAt: { lt: new Date(before).toISOString() } } }]),
          collapse: { field: 'resourceKey' },
          sort: [{ startedAt: { order: 'desc' } }, { id: { order: 'desc' } }],
          size: wanted.length,
          _source: ['resourceKey', 'desiredChecksum', 'run'],
          ignore_unavailable: true,
          allow_no_indices: true,
        });
        for (const hit of response.hits.hits) found.set(hit._source!.resourceKey, { checksum: hit._source!.desiredChecksum!, run: hit._source!.run });
        return found;
      },
    },
  };
}
