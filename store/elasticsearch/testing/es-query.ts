// TEST ONLY. Evaluates the query DSL subset this backend sends (bool, term, terms, range,
// prefix, exists, ids, match_all, multi_match phrase/phrase_prefix), sorts, search_after
// and collapse over documents in memory (aggregations: es-aggregations.ts), using the index mapping the
// backend installed: date fields sort by epoch milliseconds, as Elasticsearch returns them.
// Anything else is refused, so that a new kind of query cannot pass untested.
export type Source = Record<string, unknown>;
export interface StoredDoc {
  id: string;
  source: Source;
  seqNo: number;
  primaryTerm: number;
}
export type Properties = Record<string, { type?: string; properties?: Properties; fields?: Properties; enabled?: boolean }>;

export class QueryError extends Error {}

interface FieldInfo {
  type: string;
  path: string[];
}

/** Resolves `title.text` (a multi-field) and `agent.name` (an object) to a type and a source path. */
export function fieldInfo(properties: Properties, field: string): FieldInfo {
  const parts = field.split('.');
  let props: Properties | undefined = properties;
  const path: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const mapping: Properties[string] | undefined = props?.[parts[i]!];
    if (!mapping) throw new QueryError(`No mapping for field [${field}]`);
    path.push(parts[i]!);
    if (i === parts.length - 1) return { type: mapping.type ?? 'object', path };
    if (mapping.fields?.[parts[i + 1]!] && i + 1 === parts.length - 1) return { type: mapping.fields[parts[i + 1]!]!.type!, path };
    props = mapping.properties;
  }
  throw new QueryError(`No mapping for field [${field}]`);
}

export function values(doc: StoredDoc, info: FieldInfo): unknown[] {
  let value: unknown = doc.source;
  for (const part of info.path) value = value && typeof value === 'object' ? (value as Source)[part] : undefined;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** What Elasticsearch compares and sorts on: epoch ms for dates, the value otherwise. */
export function comparable(type: string, value: unknown): string | number | boolean {
  if (type === 'date') return typeof value === 'number' ? value : Date.parse(String(value));
  if (['long', 'integer', 'double', 'float'].includes(type)) return Number(value);
  if (type === 'boolean') return value === true || value === 'true';
  return String(value);
}

/** Close enough to the standard analyzer for these tests: lowercase words of letters, digits,
 *  `_`, and dots inside a word (`nginx.conf` stays one token, as UAX#29 keeps it). */
export function analyze(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*/gu) ?? []);
}

function phraseMatches(text: string, query: string[], prefix: boolean): boolean {
  const tokens = analyze(text);
  return tokens.some((_, start) =>
    query.every((q, i) => {
      const token = tokens[start + i];
      return token !== undefined && (prefix && i === query.length - 1 ? token.startsWith(q) : token === q);
    }),
  );
}

export function matches(doc: StoredDoc, query: Record<string, unknown>, props: Properties): boolean {
  const [kind, body] = Object.entries(query)[0] ?? ['match_all', {}];
  const clause = body as Record<string, unknown>;
  const single = () => {
    const [field, value] = Object.entries(clause)[0]!;
    const info = fieldInfo(props, field);
    return { info, value, vals: values(doc, info).map((v) => comparable(info.type, v)) };
  };
  switch (kind) {
    case 'match_all':
      return true;
    case 'bool': {
      const list = (key: string) => (clause[key] === undefined ? [] : Array.isArray(clause[key]) ? (clause[key] as Record<string, unknown>[]) : [clause[key] as Record<string, unknown>]);
      const should = list('should');
      return (
        [...list('filter'), ...list('must')].every((q) => matches(doc, q, props)) &&
        !list('must_not').some((q) => matches(doc, q, props)) &&
        (should.length === 0 || should.some((q) => matches(doc, q, props)))
      );
    }
    case 'term': {
      const { info, value, vals } = single();
      const wanted = comparable(info.type, typeof value === 'object' && value !== null ? (value as { value: unknown }).value : value);
      return vals.includes(wanted);
    }
    case 'terms': {
      const { info, value, vals } = single();
      return (value as unknown[]).some((v) => vals.includes(comparable(info.type, v)));
    }
    case 'range': {
      const { info, value, vals } = single();
      const bounds = value as Record<'gt' | 'gte' | 'lt' | 'lte', unknown>;
      const at = (b: unknown) => comparable(info.type, b) as number;
      return vals.some((v) => {
        const n = v as number;
        return (bounds.gt === undefined || n > at(bounds.gt)) && (bounds.gte === undefined || n >= at(bounds.gte)) && (bounds.lt === undefined || n < at(bounds.lt)) && (bounds.lte === undefined || n <= at(bounds.lte));
      });
    }
    case 'prefix': {
      const { value, vals } = single();
      return vals.some((v) => String(v).startsWith(String(value)));
    }
    case 'exists':
      return values(doc, fieldInfo(props, clause.field as string)).length > 0;
    case 'ids':
      return (clause.values as string[]).includes(doc.id);
    case 'multi_match': {
      const { query: text, fields, type } = clause as { query: string; fields: string[]; type: string };
      if (type !== 'phrase' && type !== 'phrase_prefix') throw new QueryError(`multi_match type [${type}] is not emulated`);
      const tokens = analyze(text);
      if (tokens.length === 0) return false;
      return fields.some((field) => values(doc, fieldInfo(props, field)).some((v) => phraseMatches(String(v), tokens, type === 'phrase_prefix')));
    }
    default:
      throw new QueryError(`query [${kind}] is not emulated`);
  }
}

export type SortSpec = { field: string; order: 'asc' | 'desc' }[];

export function parseSort(sort: unknown): SortSpec {
  return ((sort as Record<string, { order: 'asc' | 'desc' }>[] | undefined) ?? []).map((s) => {
    const [field, spec] = Object.entries(s)[0]!;
    return { field, order: spec.order };
  });
}

export function sortValues(doc: StoredDoc, sort: SortSpec, props: Properties): (string | number)[] {
  return sort.map(({ field }) => {
    const info = fieldInfo(props, field);
    if (info.type === 'text') throw new QueryError(`Text fields are not optimised for operations such as sorting: [${field}]`);
    const [first] = values(doc, info);
    if (first === undefined) throw new QueryError(`emulation: sorting on missing values of [${field}] is not emulated`);
    return comparable(info.type, first) as string | number;
  });
}

export function compareValues(a: readonly (string | number)[], b: readonly (string | number)[], sort: SortSpec): number {
  for (let i = 0; i < sort.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const order = x < y ? -1 : 1;
    return sort[i]!.order === 'asc' ? order : -order;
  }
  return 0;
}
