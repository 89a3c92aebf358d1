// TEST ONLY: a small in-memory stand-in for an Elasticsearch 8/9 cluster behind
// @elastic/elasticsearch-mock, answering exactly the requests this backend sends (templates,
// ILM, bulk, mget, get/index/create/delete with if_seq_no, search with search_after/pit/collapse/
// aggs, count, delete_by_query) with responses shaped as the Elasticsearch docs describe them.
// It records every request, so tests can also assert the exact bodies sent. It is not
// Elasticsearch: no analysis chains beyond es-query.ts's, no shards, refresh is immediate.
import { createRequire } from 'node:module';
import MockModule from '@elastic/elasticsearch-mock';
import { aggregate } from './es-aggregations.ts';
import { compareValues, matches, parseSort, type Properties, QueryError, type Source, sortValues, type StoredDoc } from './es-query.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}

interface Index {
  properties: Properties;
  docs: Map<string, StoredDoc>;
  seqNo: number;
}

// The mock is CommonJS and recognises errors by the CommonJS build's class, not the ESM one.
const { errors } = createRequire(import.meta.url)('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');
// The package is CommonJS (`module.exports = Mocker`) with an ESM-style `export default` typing.
const Mock = MockModule as unknown as typeof MockModule.default;
type Params = RecordedRequest & { body: any };
type BulkItemFault = (action: string, index: string, id: string) => { status: number; type: string; reason: string } | undefined;

const SHARDS = { total: 1, successful: 1, skipped: 0, failed: 0 };
const error = (statusCode: number, type: string, reason: string, extra: Record<string, unknown> = {}) =>
  new errors.ResponseError({ statusCode, body: { error: { root_cause: [{ type, reason }], type, reason, ...extra }, status: statusCode }, warnings: null, meta: {} as never });

export class EsEmulator {
  readonly mock = new Mock();
  readonly requests: RecordedRequest[] = [];
  readonly templates = new Map<string, any>();
  readonly policies = new Map<string, any>();
  readonly indices = new Map<string, Index>();
  private readonly pits = new Map<string, string[]>();
  private bulkFaults: BulkItemFault[] = [];

  constructor() {
    const on = (method: string | string[], path: string | string[], handler: (p: Params) => unknown) =>
      this.mock.add({ method, path }, (pattern) => {
        const params = pattern as unknown as Params;
        this.requests.push({ method: params.method, path: params.path, querystring: params.querystring ?? {}, body: params.body });
        try {
          return handler(params) as Record<string, unknown>;
        } catch (err) {
          if (err instanceof QueryError) return error(400, 'search_phase_execution_exception', err.message);
          if (err instanceof errors.ResponseError) return err;
          throw err;
        }
      });
    on('HEAD', '/', () => '');
    on('PUT', '/_ilm/policy/:name', (p) => (this.policies.set(this.param(p, 2), p.body), { acknowledged: true }));
    on('PUT', '/_index_template/:name', (p) => (this.templates.set(this.param(p, 1), p.body), { acknowledged: true }));
    on('GET', '/_index_template/:name', (p) => this.getTemplates(this.param(p, 1)));
    on('PUT', '/:index/_mapping', (p) => this.putMapping(p));
    on('POST', '/_bulk', (p) => this.bulk(p));
    on(['POST', 'GET'], '/_mget', (p) => ({ docs: (p.body.docs as { _index: string; _id: string }[]).map((d) => this.getDoc(d._index, d._id)) }));
    on('GET', '/:index/_doc/:id', (p) => {
      const found = this.getDoc(this.param(p, 0), this.param(p, 2));
      return found.found ? found : new errors.ResponseError({ statusCode: 404, body: found, warnings: null, meta: {} as never });
    });
    on('PUT', '/:index/_create/:id', (p) => this.writeDoc('create', this.param(p, 0), this.param(p, 2), p.body, p.querystring));
    on('PUT', '/:index/_doc/:id', (p) => this.writeDoc('index', this.param(p, 0), this.param(p, 2), p.body, p.querystring));
    on('DELETE', '/:index/_doc/:id', (p) => this.writeDoc('delete', this.param(p, 0), this.param(p, 2), undefined, p.querystring));
    on('POST', '/:index/_search', (p) => this.search(this.resolve(this.param(p, 0), p.querystring), p.body ?? {}));
    on('POST', '/_search', (p) => this.search(this.pitIndices(p.body.pit.id), p.body));
    on(['POST', 'GET'], '/:index/_count', (p) => ({ count: this.select(this.resolve(this.param(p, 0), p.querystring), p.body?.query).length, _shards: SHARDS }));
    on('POST', '/:index/_delete_by_query', (p) => this.deleteByQuery(this.resolve(this.param(p, 0), p.querystring), p.body.query));
    on('POST', '/:index/_pit', (p) => {
      const id = Buffer.from(`pit-${this.pits.size + 1}`).toString('base64');
      this.pits.set(id, this.resolve(this.param(p, 0), p.querystring));
      return { id, _shards: SHARDS };
    });
    on('DELETE', '/_pit', (p) => ({ succeeded: this.pits.delete(p.body.id), num_freed: 1 }));
    on('POST', '/:index/_refresh', () => ({ _shards: SHARDS }));
  }

  /** The next bulk requests answer matching items with this error (429 rejections, mapping errors). */
  failBulkItems(fault: BulkItemFault): void {
    this.bulkFaults.push(fault);
  }

  /** Every document of the indices matching a pattern, for assertions. */
  documents(pattern: string): Source[] {
    return this.resolve(pattern, { ignore_unavailable: 'true' }).flatMap((name) => [...this.indices.get(name)!.docs.values()].map((d) => d.source));
  }

  private param(p: Params, segment: number): string {
    return decodeURIComponent(p.path.split('/').filter(Boolean)[segment]!);
  }

  private patternRegex(pattern: string): RegExp {
    return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  }

  private resolve(expression: string, querystring: Record<string, string>): string[] {
    return expression.split(',').flatMap((pattern) => {
      if (pattern.includes('*')) return [...this.indices.keys()].filter((name) => this.patternRegex(pattern).test(name)).sort();
      if (this.indices.has(pattern)) return [pattern];
      if (querystring.ignore_unavailable === 'true') return [];
      throw error(404, 'index_not_found_exception', `no such index [${pattern}]`, { index: pattern });
    });
  }

  private getTemplates(name: string) {
    const regex = this.patternRegex(name);
    const found = [...this.templates.entries()].filter(([n]) => regex.test(n));
    if (found.length === 0) throw error(404, 'resource_not_found_exception', `index template matching [${name}] not found`);
    return { index_templates: found.map(([n, body]) => ({ name: n, index_template: body })) };
  }

  private putMapping(p: Params) {
    for (const name of this.resolve(this.param(p, 0), p.querystring)) Object.assign(this.indices.get(name)!.properties, p.body.properties);
    return { acknowledged: true };
  }

  /** Creates an index on first write, with the mapping of the highest-priority matching template. */
  private index(name: string): Index {
    let index = this.indices.get(name);
    if (!index) {
      const template = [...this.templates.values()]
        .filter((t) => (t.index_patterns as string[]).some((pattern) => this.patternRegex(pattern).test(name)))
        .sort((a, b) => b.priority - a.priority)[0];
      index = { properties: structuredClone(template?.template?.mappings?.properties ?? {}), docs: new Map(), seqNo: -1 };
      this.indices.set(name, index);
    }
    return index;
  }

  private getDoc(indexName: string, id: string) {
    const index = this.indices.get(indexName);
    if (!index) return { _index: indexName, _id: id, error: { root_cause: [], type: 'index_not_found_exception', reason: `no such index [${indexName}]`, index: indexName } };
    const doc = index.docs.get(id);
    if (!doc) return { _index: indexName, _id: id, found: false };
    return { _index: indexName, _id: id, _version: doc.seqNo + 1, _seq_no: doc.seqNo, _primary_term: doc.primaryTerm, found: true, _source: structuredClone(doc.source) };
  }

  /** index/create/delete of one document, or the error Elasticsearch answers. */
  private apply(action: string, indexName: string, id: string, source: Source | undefined, occ: { if_seq_no?: unknown; if_primary_term?: unknown }) {
    const index = this.index(indexName);
    const existing = index.docs.get(id);
    const conflict = (reason: string) => ({ status: 409, type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, ${reason}` });
    if (action === 'create' && existing) return { fault: conflict(`document already exists (current version [${existing.seqNo + 1}])`) };
    if (occ.if_seq_no !== undefined) {
      if (!existing) return { fault: conflict(`required seqNo [${occ.if_seq_no}], primary term [${occ.if_primary_term}] but no document was found`) };
      if (existing.seqNo !== Number(occ.if_seq_no) || existing.primaryTerm !== Number(occ.if_primary_term)) {
        return { fault: conflict(`required seqNo [${occ.if_seq_no}], primary term [${occ.if_primary_term}]. current document has seqNo [${existing.seqNo}] and primary term [${existing.primaryTerm}]`) };
      }
    }
    if (action === 'delete') {
      if (!existing) return { result: 'not_found', status: 404, seqNo: index.seqNo };
      index.docs.delete(id);
      return { result: 'deleted', status: 200, seqNo: ++index.seqNo };
    }
    const fault = strictFault(source!, index.properties, '');
    if (fault) return { fault };
    const seqNo = ++index.seqNo;
    index.docs.set(id, { id, source: structuredClone(source!), seqNo, primaryTerm: 1 });
    return existing ? { result: 'updated', status: 200, seqNo } : { result: 'created', status: 201, seqNo };
  }

  private writeDoc(action: string, indexName: string, id: string, source: Source | undefined, querystring: Record<string, string>) {
    const outcome = this.apply(action, indexName, id, source, querystring);
    if (outcome.fault) return error(outcome.fault.status, outcome.fault.type, outcome.fault.reason, { index: indexName, shard: '0' });
    const body = { _index: indexName, _id: id, _version: outcome.seqNo + 1, result: outcome.result, _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: outcome.seqNo, _primary_term: 1 };
    // A delete of a missing document answers 404 with the same body.
    return outcome.status === 404 ? new errors.ResponseError({ statusCode: 404, body, warnings: null, meta: {} as never }) : body;
  }

  private bulk(p: Params) {
    const lines = p.body as Record<string, any>[];
    const faults = this.bulkFaults.splice(0);
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; ) {
      const [action, meta] = Object.entries(lines[i]!)[0] as [string, { _index: string; _id: string; if_seq_no?: number; if_primary_term?: number }];
      const source = action === 'delete' ? undefined : lines[i + 1];
      i += action === 'delete' ? 1 : 2;
      const injected = faults.map((f) => f(action, meta._index, meta._id)).find(Boolean);
      const outcome = injected ? { fault: injected } : this.apply(action, meta._index, meta._id, source, meta);
      const head = { _index: meta._index, _id: meta._id };
      items.push({
        [action]: outcome.fault
          ? { ...head, status: outcome.fault.status, error: { type: outcome.fault.type, reason: outcome.fault.reason, index: meta._index, shard: '0' } }
          : { ...head, _version: outcome.seqNo + 1, result: outcome.result, _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: outcome.seqNo, _primary_term: 1, status: outcome.status },
      });
    }
    return { took: 1, errors: items.some((item) => 'error' in (Object.values(item)[0] as object)), items };
  }

  private pitIndices(id: string): string[] {
    const indices = this.pits.get(id);
    if (!indices) throw error(404, 'search_context_missing_exception', `No search context found for id [${id}]`);
    return indices;
  }

  private select(names: string[], query: Record<string, unknown> | undefined): (StoredDoc & { index: string; props: Properties })[] {
    return names.flatMap((name) => {
      const index = this.indices.get(name)!;
      return [...index.docs.values()].filter((doc) => matches(doc, query ?? { match_all: {} }, index.properties)).map((doc) => ({ ...doc, index: name, props: index.properties }));
    });
  }

  private search(names: string[], body: Record<string, any>) {
    const sort = parseSort(body.sort);
    let hits = this.select(names, body.query).map((doc) => ({ doc, sort: sortValues(doc, sort, doc.props) }));
    hits.sort((a, b) => compareValues(a.sort, b.sort, sort));
    if (body.search_after) hits = hits.filter((h) => compareValues(h.sort, body.search_after, sort) > 0);
    if (body.collapse) {
      const seen = new Set<unknown>();
      hits = hits.filter((h) => {
        const key = h.doc.source[body.collapse.field as string];
        return !seen.has(key) && Boolean(seen.add(key));
      });
    }
    const total = hits.length;
    const props = names[0] ? this.indices.get(names[0])!.properties : {};
    const pick = (source: Source) => (Array.isArray(body._source) ? Object.fromEntries((body._source as string[]).filter((f) => f in source).map((f) => [f, source[f]])) : source);
    return {
      took: 1,
      timed_out: false,
      _shards: { ...SHARDS, total: Math.max(1, names.length) },
      hits: {
        ...(body.track_total_hits === false ? {} : { total: { value: total, relation: 'eq' } }),
        max_score: null,
        hits: hits.slice(0, body.size ?? 10).map((h) => ({ _index: h.doc.index, _id: h.doc.id, _score: null, _source: structuredClone(pick(h.doc.source)), ...(sort.length ? { sort: h.sort } : {}) })),
      },
      ...(body.aggs ? { aggregations: aggregate(hits.map((h) => h.doc), body.aggs, props) } : {}),
      ...(body.pit ? { pit_id: body.pit.id } : {}),
    };
  }

  private deleteByQuery(names: string[], query: Record<string, unknown>) {
    const doomed = this.select(names, query);
    for (const doc of doomed) this.indices.get(doc.index)!.docs.delete(doc.id);
    return { took: 1, timed_out: false, total: doomed.length, deleted: doomed.length, batches: 1, version_conflicts: 0, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0, requests_per_second: -1, throttled_until_millis: 0, failures: [] };
  }
}

/** `dynamic: strict` refuses fields the mapping does not name, at any depth. */
function strictFault(source: Source, properties: Properties, at: string): { status: number; type: string; reason: string } | undefined {
  if (Object.keys(properties).length === 0) return undefined;
  for (const [key, value] of Object.entries(source)) {
    const mapping = properties[key];
    if (!mapping) return { status: 400, type: 'strict_dynamic_mapping_exception', reason: `[1:2] mapping set to strict, dynamic introduction of [${key}] within [${at || '_doc'}] is not allowed` };
    if (mapping.enabled === false || !mapping.properties || value === null || typeof value !== 'object') continue;
    const nested = strictFault(value as Source, mapping.properties, at ? `${at}.${key}` : key);
    if (nested) return nested;
  }
  return undefined;
}
