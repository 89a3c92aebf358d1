// The routing tree, as Alertmanager walks it: depth first; a route that matches takes the
// alert unless a child takes it; after a match, siblings are tried only with `continue`.
import type { RouteConfig, RouteTree } from '../../core/alert-routing.ts';

export interface RouteTarget {
  receiver: string;
  repeatIntervalMs: number;
  groupWaitMs: number;
  groupIntervalMs: number;
  /** Set: this receiver gets the alert as part of its group's message (grouping.ts). */
  groupBy?: string[];
}

type Timing = Omit<RouteTarget, 'receiver'>;

/** `tags` holds the node's tags joined by commas; a matcher on it needs one of them. */
function labelMatches(labels: Record<string, string>, name: string, want: string | string[]): boolean {
  const wanted = Array.isArray(want) ? want : [want];
  const have = labels[name];
  if (have === undefined) return false;
  const values = name === 'tags' ? have.split(',') : [have];
  return wanted.some((w) => values.includes(w));
}

export function routeMatches(route: Pick<RouteConfig, 'match'>, labels: Record<string, string>): boolean {
  return Object.entries(route.match).every(([name, want]) => labelMatches(labels, name, want));
}

function walk(route: RouteConfig, labels: Record<string, string>, inherited: Timing, out: RouteTarget[]): void {
  const groupBy = route.groupBy ?? inherited.groupBy;
  const timing: Timing = {
    repeatIntervalMs: route.repeatIntervalMs ?? inherited.repeatIntervalMs,
    groupWaitMs: route.groupWaitMs ?? inherited.groupWaitMs,
    groupIntervalMs: route.groupIntervalMs ?? inherited.groupIntervalMs,
    ...(groupBy ? { groupBy } : {}),
  };
  let taken = false;
  for (const child of route.routes) {
    if (!routeMatches(child, labels)) continue;
    walk(child, labels, timing, out);
    taken = true;
    if (!child.continue) break;
  }
  if (!taken) for (const receiver of route.receivers) out.push({ receiver, ...timing });
}

/** Receivers of an alert with these labels, each once (the first route that names it wins). */
export function routeAlert(tree: RouteTree, labels: Record<string, string>): RouteTarget[] {
  const out: RouteTarget[] = [];
  const { receivers, routes, groupBy, ...timing } = tree;
  walk({ match: {}, continue: false, receivers, routes }, labels, { ...timing, ...(groupBy ? { groupBy } : {}) }, out);
  const seen = new Set<string>();
  return out.filter((t) => !seen.has(t.receiver) && seen.add(t.receiver));
}
