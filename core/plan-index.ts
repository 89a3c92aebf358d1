// Finds the planned changes that match one changed resource without scanning every plan:
// plans are indexed by resource type, then by exact resource name; only matchers with a
// pattern (glob, regex) or without a name are tried one by one within their type.
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
  patterns: Entry[];
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
      const bucket: Bucket = buckets.get(key) ?? { byName: new Map(), patterns: [] };
      buckets.set(key, bucket);
      const entry: Entry = { plan, from, until, inScope, ...compileMatcher(matcher) };
      const literal = literalName(matcher);
      if (literal === undefined) bucket.patterns.push(entry);
      else bucket.byName.set(literal, [...(bucket.byName.get(literal) ?? []), entry]);
    }
  }

  return {
    size: plans.length,
    match(change) {
      const found = new Map<string, PlanMatch>();
      for (const key of [change.type.toLowerCase(), ANY_TYPE]) {
        const bucket = buckets.get(key);
        if (!bucket) continue;
        for (const entries of [bucket.byName.get(change.title), bucket.patterns]) {
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

/** The exact name a matcher names, or undefined when it is a pattern or absent. */
function literalName(matcher: ResourceMatcher): string | undefined {
  if (!matcher.name || matcher.nameRegex) return undefined;
  return picomatch.scan(matcher.name).isGlob ? undefined : matcher.name;
}

function compileMatcher(matcher: ResourceMatcher): Pick<Entry, 'name' | 'property' | 'action'> {
  let name: Predicate | undefined;
  if (matcher.nameRegex) {
    const regex = new RegExp(matcher.nameRegex);
    name = (value) => regex.test(value);
  } else if (matcher.name && picomatch.scan(matcher.name).isGlob) {
    name = picomatch(matcher.name, { dot: true });
  }
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
  const nodeGlobs = nodes.filter((n) => picomatch.scan(n).isGlob).map((n) => picomatch(n, { nocase: true, dot: true }));
  const anyOf = (wanted: readonly string[], have: readonly string[]) => wanted.length === 0 || have.some((h) => wanted.includes(h));
  return (node) =>
    (envs.size === 0 || (node.environment !== undefined && envs.has(node.environment))) &&
    (nodes.length === 0 || literalNodes.has(node.name.toLowerCase()) || nodeGlobs.some((glob) => glob(node.name))) &&
    anyOf(roles, node.roles) &&
    anyOf(tags, node.tags);
}
