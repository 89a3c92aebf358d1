// A "document collection": one index of low-volume documents (plans, tokens, audit entries,
// counters, users, alerts, silences, deliveries, generated reports) with get/put/remove under optimistic
// concurrency (if_seq_no + if_primary_term), equality-filtered keyset pages and full scans on
// a point-in-time. Porting a Store part to Elasticsearch is a mapping in mappings.ts plus a
// few lines over this (docs/elasticsearch.md).
import { createHash } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import type { Page, PageRequest } from '../types.ts';
import { type EsContext, statusOf } from './context.ts';
import type { CollectionName } from './mappings.ts';
import { allOf, type Query, scanIndex, searchPage, type Sort } from './query.ts';

export interface Versioned<T> {
  doc: T;
  /** Pass back to put() to write only if nobody wrote in between. */
  version: { seqNo: number; primaryTerm: number };
}

export interface WriteOptions {
  /** Wait until searches see the write (default); false for writes nobody searches at once. */
  visible?: boolean;
}

export interface Collection<T> {
  readonly index: string;
  get(id: string): Promise<Versioned<T> | undefined>;
  /** false when a document with this id exists. */
  create(id: string, doc: T, options?: WriteOptions): Promise<boolean>;
  /** With `expected`, false when the document changed since it was read. */
  put(id: string, doc: T, expected?: Versioned<T>['version'], options?: WriteOptions): Promise<boolean>;
  /** Deletes the document as it was read; false when it changed or is gone. */
  /** With `expected`, false when the document changed since it was read; false when it is gone. */
  remove(id: string, expected?: Versioned<T>['version']): Promise<boolean>;
  page(filter: Query[], sort: Sort, page: PageRequest): Promise<Page<T>>;
  search(filter: Query[], sort: Sort, size: number): Promise<T[]>;
  /** Every matching document in sort order, on a point-in-time (a consistent snapshot). */
  scan(filter: Query[], sort: Sort, batch?: number): AsyncGenerator<T>;
  count(filter: Query[]): Promise<number>;
}

/** A document id made of values that may hold any character (tenant and name, tenant and key). */
export function keyedId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

/** Writes a record carrying its own version over the stored one of the same tenant at
 *  `version - 1`; false when it is missing, another tenant's, or changed in between. */
export async function putNextVersion<T extends { tenant: string; version: number }>(docs: Collection<T>, id: string, doc: T): Promise<boolean> {
  const found = await docs.get(id);
  if (!found || found.doc.tenant !== doc.tenant || found.doc.version !== doc.version - 1) return false;
  return docs.put(id, doc, found.version);
}

const refresh = (options?: WriteOptions) => (options?.visible === false ? false : ('wait_for' as const));

export function collection<T>(es: EsContext, name: CollectionName): Collection<T> {
  const index = es.names.collection(name);
  const conflicted = (err: unknown) => {
    if (statusOf(err) === 409) return false;
    throw err;
  };
  const sortClause = (sort: Sort) => sort.map((s) => ({ [s.field]: { order: s.order } }));
  return {
    index,
    async get(id) {
      const found = await es.client.get<T>({ index, id }, { ignore: [404] });
      if (!found.found || found._seq_no === undefined || found._primary_term === undefined) return undefined;
      return { doc: found._source as T, version: { seqNo: found._seq_no, primaryTerm: found._primary_term } };
    },
    async create(id, doc, options) {
      return es.client.create({ index, id, document: doc, refresh: refresh(options) }).then(() => true, conflicted);
    },
    async put(id, doc, expected, options) {
      const occ = expected ? { if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm } : {};
      return es.client.index({ index, id, document: doc, refresh: refresh(options), ...occ }).then(() => true, conflicted);
    },
    async remove(id, expected) {
      const occ = expected ? { if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm } : {};
      return es.client.delete({ index, id, refresh: 'wait_for', ...occ }).then(() => true, (err: unknown) => (statusOf(err) === 404 ? false : conflicted(err)));
    },
    page(filter, sort, page) {
      return searchPage<T, T>(es, { index, query: allOf(filter), sort, toItem: (doc) => doc }, page);
    },
    async search(filter, sort, size) {
      const response = await es.client.search<T>({ index, query: allOf(filter), sort: sortClause(sort), size, ignore_unavailable: true });
      return response.hits.hits.map((hit) => hit._source as T);
    },
    scan(filter, sort, batch) {
      return scanIndex<T>(es, { index, query: allOf(filter), sort, ...(batch ? { batch } : {}) });
    },
    async count(filter) {
      return (await es.client.count({ index, query: allOf(filter), ignore_unavailable: true })).count;
    },
  };
}
