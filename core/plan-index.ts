// Finds the planned changes that match one changed resource without scanning every plan:
// plans are indexed by resource type, then by exact resource name; a matcher with a pattern
// (glob, regex) is filed under the directory its pattern is fixed up to (/etc/nginx/ for
// /etc/nginx/**), so a change only tries the patterns of its own path's directories.
import picomatch from 'picomatch';
import type { PlannedChange, ResourceMatcher } from './planned-change.ts';

/** A changed resource and the node it ran on, as the matcher sees it. */
export interface ChangeToMatch {
  type: string;
  title: string;
  action?: string;
  /** Properties the change touched (content, ensure, version). */
  properties: readonly string[];
  node: { name: string; environment?: string; roles: readonly string[]; tags: readonly string[] };
  /** Run time, epoch ms. */
  at: number;
}

export interface PlanMatch {
  plan: PlannedChange;
  inWindow: boolean;
}

export interface PlanIndex {
  readonly size: number;
  match(change: ChangeToMatch): PlanMatch[];
}

type Predicate = (value: string) => boolean;

interface Entry {
  plan: PlannedChange;
  from: number;
  until: number;
  name?: Predicate;
  property?: string;
  action?: string;
  inScope: (node: ChangeToMatch['node']) => boolean;
}

interface Bucket {
  byName: Map<string, Entry[]>;
  /** Pattern matchers by the directory prefix their pattern is literal up to ('' for none). */
  byPrefix: Map<string, Entry[]>;
}

const ANY_TYPE = '*';

export function buildPlanIndex(plans: readonly PlannedChange[]): PlanIndex {
  const buckets = new Map<string, Bucket>();
  for (const plan of plans) {
    const inScope = compileScope(plan);
    const from = Date.parse(plan.window.from);
    const until = Date.parse(plan.window.until);
    for (const matcher of plan.matchers) {
      const key = matcher.type?.toLowerCase() ?? ANY_TYPE;
      const bucket: Bucket = buckets.get(key) ?? { byName: new Map(), byPrefix: new Map() };
      buckets.set(key, bucket);
      const entry: Entry = { plan, from, until, inScope, ...compileMatcher(matcher) };
      const literal = literalName(matcher);
      if (literal === undefined) push(bucket.byPrefix, directoryPrefix(matcher), entry);
      else push(bucket.byName, literal, entry);
    }
  }

  return {
    size: plans.length,
    match(change) {
      const found = new Map<string, PlanMatch>();
      for (const key of [change.type.toLowerCase(), ANY_TYPE]) {
        const bucket = buckets.get(key);
        if (!bucket) continue;
        for (const entries of [bucket.byName.get(change.title), ...prefixesOf(change.title).map((p) => bucket.byPrefix.get(p))]) {
          for (const entry of entries ?? []) {
            if (found.has(entry.plan.id) || !matches(entry, change)) continue;
            found.set(entry.plan.id, { plan: entry.plan, inWindow: entry.from <= change.at && change.at < entry.until });
          }
        }
      }
      return [...found.values()];
    },
  };
}

function matches(entry: Entry, change: ChangeToMatch): boolean {
  return (
    (!entry.name || entry.name(change.title)) &&
    (!entry.property || change.properties.includes(entry.property)) &&
    (!entry.action || entry.action === change.action) &&
    entry.inScope(change.node)
  );
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const entries = map.get(key);
  if (entries) entries.push(entry);
  else map.set(key, [entry]);
}

/** '' and every directory the name lies in, and the name as a directory (a glob such as
 *  /etc/nginx/** also matches /etc/nginx): /etc/a.conf → '', '/', '/etc/', '/etc/a.conf/'. */
function prefixesOf(name: string): string[] {
  const prefixes = [''];
  for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) prefixes.push(name.slice(0, slash + 1));
  if (!name.endsWith('/')) prefixes.push(`${name}/`);
  return prefixes;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|]/;

/** The directory a pattern is literal up to: every name it matches lies in that directory. */
function directoryPrefix(matcher: ResourceMatcher): string {
  let literal = '';
  if (matcher.name) {
    const { base } = picomatch.scan(matcher.name);
    literal = base ? `${base}/` : '';
  } else if (matcher.nameRegex?.startsWith('^')) {
    // Read literal characters (and escaped ones) up to the first special character.
    const source = matcher.nameRegex.slice(1);
    for (let i = 0; i < source.length; i++) {
      if (source[i] === '\\' && i + 1 < source.length && !/[A-Za-z0-9]/.test(source[i + 1]!)) literal += source[++i];
      else if (REGEX_SPECIAL.test(source[i]!)) break;
      else literal += source[i];
    }
    // A quantifier may make the last literal character optional.
    if (/^[?*{]/.test(source.slice(literal.length))) literal = literal.slice(0, -1);
  }
  return literal.slice(0, literal.lastIndexOf('/') + 1);
}

/** The exact name a matcher names, or undefined when it is a pattern or absent. */
function literalName(matcher: ResourceMatcher): string | undefined {
  if (!matcher.name || matcher.nameRegex) return undefined;
  return picomatch.scan(matcher.name).isGlob ? undefined : matcher.name;
}

function compileMatcher(matcher: ResourceMatcher): Pick<Entry, 'name' | 'property' | 'action'> {
  let name: Predicate | undefined;
  const regex = matcher.nameRegex
    ? new RegExp(matcher.nameRegex)
    : matcher.name && picomatch.scan(matcher.name).isGlob
      ? picomatch.makeRe(matcher.name, { dot: true })
      : undefined;
  if (regex) name = (value) => regex.test(value);
  return {
    ...(name ? { name } : {}),
    ...(matcher.property ? { property: matcher.property } : {}),
    ...(matcher.action ? { action: matcher.action } : {}),
  };
}

/** Every non-empty list of the scope must have a hit; an empty list allows anything. */
function compileScope(plan: PlannedChange): Entry['inScope'] {
  const { environments, nodes, roles, tags } = plan.scope;
  const envs = new Set(environments);
  const literalNodes = new Set(nodes.filter((n) => !picomatch.scan(n).isGlob).map((n) => n.toLowerCase()));
  const nodeGlobs = nodes.filter((n) => picomatch.scan(n).isGlob).map((n) => picomatch.makeRe(n, { nocase: true, dot: true }));
  const anyOf = (wanted: readonly string[], have: readonly string[]) => wanted.length === 0 || have.some((h) => wanted.includes(h));
  return (node) =>
    (envs.size === 0 || (node.environment !== undefined && envs.has(node.environment))) &&
    (nodes.length === 0 || literalNodes.has(node.name.toLowerCase()) || nodeGlobs.some((glob) => glob.test(node.name))) &&
    anyOf(roles, node.roles) &&
    anyOf(tags, node.tags);
}
