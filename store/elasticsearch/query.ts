// Query building blocks: every read is a bool of filters (term, terms, range) that always
// includes the tenant, plus keyset paging with search_after on a unique sort.
import type { estypes } from '@elastic/elasticsearch';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Page, PageRequest } from '../types.ts';
import type { EsContext } from './context.ts';

type Scalar = string | number | boolean;
export type Query = estypes.QueryDslQueryContainer;

/** term for a value, terms for a list; undefined values are no filter. */
export function equals(fields: Record<string, Scalar | readonly Scalar[] | undefined>): Query[] {
  return Object.entries(fields).flatMap(([field, value]): Query[] => {
    if (value === undefined) return [];
    return Array.isArray(value) ? [{ terms: { [field]: [...value] } }] : [{ term: { [field]: value as Scalar } }];
  });
}

/** since inclusive, until exclusive, like every time filter of the Store. */
export function timeRange(field: string, since?: Date, until?: Date): Query[] {
  if (!since && !until) return [];
  return [{ range: { [field]: { ...(since ? { gte: since.toISOString() } : {}), ...(until ? { lt: until.toISOString() } : {}) } } }];
}

export const allOf = (filter: Query[], extra: Partial<estypes.QueryDslBoolQuery> = {}): Query => ({ bool: { filter, ...extra } });

/** Every word must match title, messages or diff; a trailing * matches a prefix. Operators
 *  in the input are taken literally, never interpreted (as on SQLite). */
export function fullText(q: string, fields: string[]): Query | undefined {
  const words = q.match(/[^\s"]+/g) ?? [];
  if (words.length === 0) return undefined;
  return {
    bool: {
      must: words.map((word) => {
        const prefix = word.endsWith('*');
        return { multi_match: { query: prefix ? word.slice(0, -1) : word, fields, type: prefix ? 'phrase_prefix' : 'phrase' } };
      }),
    },
  };
}

export type Sort = readonly { field: string; order: 'asc' | 'desc'; kind: 'string' | 'number' }[];

/** Newest first by a time field, ties broken by document id (as SQLite's keyset pages). */
export const newestFirst = (timeField: string): Sort => [
  { field: timeField, order: 'desc', kind: 'number' },
  { field: 'id', order: 'desc', kind: 'string' },
];

/** Newest first by creation time (plans, generated reports). */
export const NEWEST_CREATED_FIRST: Sort = newestFirst('createdAt');

/** One page, ordered by `sort` (which must end in a unique field); the cursor is the sort
 *  values of its last hit, so pages are stateless and never skip or repeat. */
export async function searchPage<T, S>(
  es: EsContext,
  request: { index: string; query: Query; sort: Sort; toItem: (source: S) => T },
  page: PageRequest,
): Promise<Page<T>> {
  const after = page.cursor ? [...decodeCursor(page.cursor, request.sort.map((s) => s.kind))] : undefined;
  const response = await es.client.search<S>({
    index: request.index,
    query: request.query,
    sort: request.sort.map((s) => ({ [s.field]: { order: s.order } })),
    size: page.limit + 1,
    ...(after ? { search_after: after } : {}),
    track_total_hits: false,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const hits = response.hits.hits.slice(0, page.limit);
  const last = hits.at(-1);
  return {
    items: hits.map((hit) => request.toItem(hit._source as S)),
    ...(response.hits.hits.length > page.limit && last?.sort ? { nextCursor: encodeCursor(last.sort as (string | number)[]) } : {}),
  };
}

/** Every hit of `query` in sort order, on a point-in-time (a consistent snapshot), a batch
 *  at a time with search_after; the point-in-time is closed when the caller stops. */
export async function* scanIndex<S>(
  es: EsContext,
  request: { index: string; query: Query; sort: Sort; batch?: number; source?: string[] },
): AsyncGenerator<S> {
  const batch = request.batch ?? 1000;
  let pit = (await es.client.openPointInTime({ index: request.index, keep_alive: '1m', ignore_unavailable: true })).id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await es.client.search<S>({
        pit: { id: pit, keep_alive: '1m' },
        query: request.query,
        sort: request.sort.map((s) => ({ [s.field]: { order: s.order } })),
        size: batch,
        ...(request.source ? { _source: request.source } : {}),
        ...(after ? { search_after: after } : {}),
        track_total_hits: false,
      });
      // Elasticsearch may answer with a new id for the same point-in-time.
      pit = response.pit_id ?? pit;
      const hits = response.hits.hits;
      for (const hit of hits) yield hit._source as S;
      if (hits.length < batch) return;
      after = hits.at(-1)!.sort;
    }
  } finally {
    await es.client.closePointInTime({ id: pit }).catch(() => undefined);
  }
}

/** A composite bucket with its sub-aggregations' results (`Sub`). */
export type CompositeBucket<Sub = unknown> = { key: Record<string, string | number>; doc_count: number } & Sub;

/** Every bucket of a composite aggregation, in key order, a page at a time (after_key). */
export async function* compositeBuckets<Sub = unknown>(
  es: EsContext,
  request: { index: string; query: Query; sources: Record<string, estypes.AggregationsCompositeAggregationSource>[]; aggs?: Record<string, estypes.AggregationsAggregationContainer>; size?: number },
): AsyncGenerator<CompositeBucket<Sub>> {
  const size = request.size ?? 1000;
  let after: Record<string, string | number> | undefined;
  for (;;) {
    const response = await es.client.search<unknown, { groups: { after_key?: Record<string, string | number>; buckets: CompositeBucket<Sub>[] } }>({
      index: request.index,
      size: 0,
      query: request.query,
      aggs: { groups: { composite: { size, sources: request.sources, ...(after ? { after } : {}) }, ...(request.aggs ? { aggs: request.aggs } : {}) } },
      track_total_hits: false,
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    const groups = response.aggregations?.groups;
    for (const bucket of groups?.buckets ?? []) yield bucket;
    if (!groups?.after_key || groups.buckets.length < size) return;
    after = groups.after_key;
  }
}
