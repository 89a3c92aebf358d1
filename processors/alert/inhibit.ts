// Inhibition (Alertmanager's inhibit_rules): while a source alert fires, target alerts sharing
// its `equal` labels are stored but not sent. The rule check is pure; finding the firing
// alerts on the other side of a rule reads the Store, narrowed by what the rule pins down.
import type { InhibitRule } from '../../core/alert-routing.ts';
import type { AlertFilter, AlertRecord } from '../../store/alerts.types.ts';
import type { Store } from '../../store/types.ts';
import { routeMatches } from './route.ts';

/** Does `source` (while firing) hold back `target` under `rule`? Never itself; never across tenants. */
export function inhibits(rule: InhibitRule, source: Pick<AlertRecord, 'id' | 'tenant' | 'labels'>, target: Pick<AlertRecord, 'id' | 'tenant' | 'labels'>): boolean {
  if (source.id === target.id || source.tenant !== target.tenant) return false;
  return routeMatches({ match: rule.source }, source.labels) && routeMatches({ match: rule.target }, target.labels) && rule.equal.every((label) => source.labels[label] === target.labels[label]);
}

const PAGE = 200;
const FILTERED = ['kind', 'severity', 'node', 'environment'] as const;

/** The store filter for firing alerts matching `match` that share `equal` labels with `other`. */
function narrow(match: InhibitRule['source'], equal: readonly string[], other: Record<string, string>): AlertFilter {
  const filter: AlertFilter = { state: 'firing' };
  for (const label of FILTERED) {
    const wanted = match[label];
    const value = typeof wanted === 'string' ? wanted : equal.includes(label) ? other[label] : undefined;
    if (value !== undefined) Object.assign(filter, { [label]: value });
  }
  return filter;
}

export function createInhibitions(store: Store) {
  /** Firing alerts of the tenant that may sit on the other side of `rule`, newest first, page by page. */
  async function* firing(tenant: string, match: InhibitRule['source'], equal: readonly string[], other: Record<string, string>) {
    const filter = narrow(match, equal, other);
    let cursor: string | undefined;
    do {
      const page = await store.alerts.list(tenant, filter, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  return {
    /** The id of a firing alert that inhibits `alert` now, if any. */
    async inhibitorOf(alert: AlertRecord, rules: readonly InhibitRule[]): Promise<string | undefined> {
      for (const rule of rules) {
        if (!routeMatches({ match: rule.target }, alert.labels)) continue;
        for await (const source of firing(alert.tenant, rule.source, rule.equal, alert.labels)) if (inhibits(rule, source, alert)) return source.id;
      }
      return undefined;
    },
    /** Firing alerts recorded as inhibited by `source` (which just resolved, so they are due another look). */
    async inhibitedBy(source: AlertRecord, rules: readonly InhibitRule[]): Promise<AlertRecord[]> {
      const found = new Map<string, AlertRecord>();
      for (const rule of rules) {
        if (!routeMatches({ match: rule.source }, source.labels)) continue;
        for await (const target of firing(source.tenant, rule.target, rule.equal, source.labels)) if (target.inhibitedBy === source.id) found.set(target.id, target);
      }
      return [...found.values()];
    },
  };
}
export type Inhibitions = ReturnType<typeof createInhibitions>;
