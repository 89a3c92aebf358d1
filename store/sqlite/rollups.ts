// Maintains node_days: after a write batch, every (tenant, node, UTC day) it touched is
// recomputed from the runs table, so rewrites, moves between nodes and purges stay exact.
import { CLASSIFICATIONS } from '../../core/classification.ts';
import type { SqliteDatabase } from './database.ts';

export const DAY = 86_400_000;
export const SUCCESS = "status IN ('success', 'noop')";
export const FAILED = "status IN ('failure', 'partial')";

export interface NodeDayKey {
  tenant: string;
  node: string;
  day: number;
}

export function createRollupMaintainer(db: SqliteDatabase): (keys: Iterable<NodeDayKey>) => void {
  const classSums = CLASSIFICATIONS.map((c) => `SUM(coalesce(json_extract(r.classified, '$.${c}'), 0))`).join(', ');
  const remove = db.prepare('DELETE FROM node_days WHERE tenant = @tenant AND day = @day AND node = @node');
  // SQLite takes the bare column `prev` from the row holding MAX(gap).
  const recompute = db.prepare(`
    WITH day_runs AS (SELECT * FROM runs WHERE tenant = @tenant AND node = @node AND started_at >= @day * ${DAY} AND started_at < (@day + 1) * ${DAY}),
    gaps AS (SELECT MAX(gap) AS gap, prev FROM (
      SELECT started_at - LAG(started_at) OVER (ORDER BY started_at) AS gap, LAG(started_at) OVER (ORDER BY started_at) AS prev
      FROM day_runs WHERE ${SUCCESS}) WHERE gap IS NOT NULL)
    INSERT INTO node_days (tenant, day, node, environment, runs, successes, failures, first_ok, last_ok, max_gap, gap_from,
      ${CLASSIFICATIONS.map((c) => `c_${c}`).join(', ')}, duration_total, duration_max, ingest_bytes, max_delay)
    SELECT @tenant, @day, @node, MAX(r.environment), COUNT(*), SUM(r.${SUCCESS}), SUM(r.${FAILED}),
      MIN(CASE WHEN r.${SUCCESS} THEN r.started_at END), MAX(CASE WHEN r.${SUCCESS} THEN r.started_at END),
      (SELECT gap FROM gaps), (SELECT prev FROM gaps), ${classSums},
      SUM(coalesce(r.duration_ms, 0)), MAX(coalesce(r.duration_ms, 0)), SUM(coalesce(w.size, 0)),
      MAX(r.received_at - coalesce(r.ended_at, r.started_at))
    FROM day_runs r LEFT JOIN raw_reports w ON w.run = r.id
    HAVING COUNT(*) > 0`);
  return (keys) => {
    for (const key of keys) {
      remove.run(key);
      recompute.run(key);
    }
  };
}

/** The keys of a batch, once each. */
export function nodeDayKeys(items: Iterable<{ tenant: string; node: string; startedAt: number }>): NodeDayKey[] {
  const keys = new Map<string, NodeDayKey>();
  for (const { tenant, node, startedAt } of items) {
    const day = Math.floor(startedAt / DAY);
    keys.set(`${tenant}\u0000${node}\u0000${day}`, { tenant, node, day });
  }
  return [...keys.values()];
}
