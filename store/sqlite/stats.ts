// Dashboard counts, each an index range scan (runs_by_time, runs_by_status, changes_by_class,
// nodes_by_last_seen).
import type { StatsStore } from '../stats.types.ts';
import type { SqliteDatabase } from './database.ts';

export function createStats(db: SqliteDatabase): StatsStore {
  const runs = db.prepare('SELECT count(*) AS n FROM runs WHERE tenant = ? AND started_at >= ? AND started_at < ?');
  const failures = db.prepare("SELECT count(*) AS n FROM runs WHERE tenant = ? AND status = 'failure' AND started_at >= ? AND started_at < ?");
  const changes = db.prepare('SELECT count(*) AS n FROM changes WHERE tenant = ? AND classification = ? AND started_at >= ? AND started_at < ?');
  const silent = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM nodes WHERE tenant = ? AND last_seen < ? LIMIT ?)');
  const count = (statement: { get(...params: unknown[]): unknown }, ...params: unknown[]) => (statement.get(...params) as { n: number }).n;

  return {
    async activity(tenant, since, until) {
      const range = [since.getTime(), until.getTime()] as const;
      return {
        runs: count(runs, tenant, ...range),
        failures: count(failures, tenant, ...range),
        unplanned: count(changes, tenant, 'unplanned', ...range),
        corrective: count(changes, tenant, 'corrective', ...range),
      };
    },
    async silentNodes(tenant, before, cap) {
      return count(silent, tenant, before.getTime(), cap);
    },
  };
}
