// The routing tree, as Alertmanager walks it: depth first; a route that matches takes the
// alert unless a child takes it; after a match, siblings are tried only with `continue`.
import type { AlertsConfig, RouteConfig } from '../../core/alerts-config.ts';

export interface RouteTarget {
  receiver: string;
  repeatIntervalMs: number;
  groupWaitMs: number;
}

type Timing = Pick<RouteTarget, 'repeatIntervalMs' | 'groupWaitMs'>;

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
  const timing = { repeatIntervalMs: route.repeatIntervalMs ?? inherited.repeatIntervalMs, groupWaitMs: route.groupWaitMs ?? inherited.groupWaitMs };
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
export function routeAlert(tree: AlertsConfig['route'], labels: Record<string, string>): RouteTarget[] {
  const out: RouteTarget[] = [];
  walk({ match: {}, continue: false, ...tree }, labels, tree, out);
  const seen = new Set<string>();
  return out.filter((t) => !seen.has(t.receiver) && seen.add(t.receiver));
}
