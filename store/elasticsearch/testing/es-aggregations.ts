// TEST ONLY. The aggregations this backend sends, over the documents a search matched, with
// Elasticsearch's documented response shapes: terms (order by count or key), composite
// (terms and 1d date_histogram sources, after/after_key), filter, sum and max. Anything else
// is refused, so that a new aggregation cannot pass untested.
import { comparable, fieldInfo, matches, type Properties, QueryError, type StoredDoc, values } from './es-query.ts';

type Agg = Record<string, any> & { aggs?: Record<string, Agg> };
type Key = string | number;

const numbers = (docs: StoredDoc[], field: string, props: Properties) => {
  const info = fieldInfo(props, field);
  return docs.flatMap((doc) => values(doc, info).map((v) => comparable(info.type, v) as number));
};

/** The key a document has for one composite source, undefined when it has none (skipped, as without missing_bucket). */
function sourceKey(doc: StoredDoc, source: Agg, props: Properties): Key | undefined {
  const [kind, spec] = Object.entries(source)[0] as [string, { field: string; calendar_interval?: string }];
  const info = fieldInfo(props, spec.field);
  const found = values(doc, info);
  if (found.length > 1) throw new QueryError(`emulation: composite over multi-valued [${spec.field}] is not emulated`);
  if (found.length === 0) return undefined;
  const value = comparable(info.type, found[0]);
  if (kind === 'terms') return value as Key;
  if (kind === 'date_histogram' && spec.calendar_interval === '1d') return Math.floor((value as number) / 86_400_000) * 86_400_000;
  throw new QueryError(`composite source [${kind}] ${JSON.stringify(spec)} is not emulated`);
}

const compareKeys = (a: Key[], b: Key[]) => {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

function composite(docs: StoredDoc[], agg: Agg, props: Properties) {
  const sources = agg.composite.sources as Record<string, Agg>[];
  const names = sources.map((s) => Object.keys(s)[0]!);
  const groups = new Map<string, { key: Key[]; docs: StoredDoc[] }>();
  for (const doc of docs) {
    const key = sources.map((s, i) => sourceKey(doc, s[names[i]!]!, props));
    if (key.some((k) => k === undefined)) continue;
    const id = JSON.stringify(key);
    groups.set(id, { key: key as Key[], docs: [...(groups.get(id)?.docs ?? []), doc] });
  }
  const after = agg.composite.after ? names.map((n) => agg.composite.after[n] as Key) : undefined;
  const buckets = [...groups.values()]
    .sort((a, b) => compareKeys(a.key, b.key))
    .filter((g) => !after || compareKeys(g.key, after) > 0)
    .slice(0, agg.composite.size ?? 10)
    .map((g) => ({ key: Object.fromEntries(names.map((n, i) => [n, g.key[i]])), doc_count: g.docs.length, ...(agg.aggs ? aggregate(g.docs, agg.aggs, props) : {}) }));
  return { ...(buckets.length ? { after_key: buckets.at(-1)!.key } : {}), buckets };
}

function terms(docs: StoredDoc[], agg: Agg, props: Properties) {
  const info = fieldInfo(props, agg.terms.field);
  const groups = new Map<Key, StoredDoc[]>();
  for (const doc of docs) for (const v of new Set(values(doc, info))) groups.set(v as Key, [...(groups.get(v as Key) ?? []), doc]);
  const [by, direction] = Object.entries((agg.terms.order as Record<string, string>) ?? { _count: 'desc' })[0]!;
  const sign = direction === 'asc' ? 1 : -1;
  const byKey = ([ka]: [Key, StoredDoc[]], [kb]: [Key, StoredDoc[]]) => (ka < kb ? -1 : ka > kb ? 1 : 0);
  if (by !== '_count' && by !== '_key') throw new QueryError(`terms order [${by}] is not emulated`);
  const sorted = [...groups.entries()].sort((a, b) => (by === '_key' ? sign * byKey(a, b) : sign * (a[1].length - b[1].length) || byKey(a, b)));
  const size = agg.terms.size ?? 10;
  const buckets = sorted.slice(0, size).map(([key, group]) => ({ key, doc_count: group.length, ...(agg.aggs ? aggregate(group, agg.aggs, props) : {}) }));
  const other = sorted.slice(size).reduce((n, [, group]) => n + group.length, 0);
  return { doc_count_error_upper_bound: 0, sum_other_doc_count: other, buckets };
}

export function aggregate(docs: StoredDoc[], aggs: Record<string, Agg>, props: Properties): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(aggs).map(([name, agg]) => {
      if (agg.terms) return [name, terms(docs, agg, props)];
      if (agg.composite) return [name, composite(docs, agg, props)];
      if (agg.filter) {
        const kept = docs.filter((doc) => matches(doc, agg.filter, props));
        return [name, { doc_count: kept.length, ...(agg.aggs ? aggregate(kept, agg.aggs, props) : {}) }];
      }
      // A sum of nothing is 0, a max of nothing null, as Elasticsearch answers them.
      if (agg.sum) return [name, { value: numbers(docs, agg.sum.field, props).reduce((a, b) => a + b, 0) }];
      if (agg.max) {
        const found = numbers(docs, agg.max.field, props);
        return [name, { value: found.length ? Math.max(...found) : null }];
      }
      throw new QueryError(`aggregation [${name}] ${Object.keys(agg).join(', ')} is not emulated`);
    }),
  );
}
