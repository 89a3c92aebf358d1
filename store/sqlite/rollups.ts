// Maintains node_days. A new run that starts after every run its node-day already has (the
// usual case: agents report in order) is added to the row in place. Anything else — a run
// arriving out of order, a rewrite, a move between nodes, a purge — has its node-day
// recomputed from the runs table after the batch, so the rollups stay exact.
import { CLASSIFICATIONS, type ClassificationSummary } from '../../core/classification.ts';
import type { SqliteDatabase } from './database.ts';

export const DAY = 86_400_000;
export const SUCCESS = "status IN ('success', 'noop')";
export const FAILED = "status IN ('failure', 'partial')";
/** A successful run that opens a longer gap since the day's last success than any before. */
const NEW_LONGEST_GAP = 'excluded.last_ok IS NOT NULL AND last_ok IS NOT NULL AND (max_gap IS NULL OR excluded.last_ok - last_ok > max_gap)';

export interface NodeDayKey {
  tenant: string;
  node: string;
  day: number;
}

/** What one new run adds to its node-day. */
export interface RunRollup extends NodeDayKey {
  startedAt: number;
  environment: string | null;
  ok: boolean;
  failed: boolean;
  classified: ClassificationSummary | undefined;
  durationMs: number;
  ingestBytes: number;
  delayMs: number;
}

export interface RollupMaintainer {
  /** Adds a new run in place; false when its node-day has a later run (recompute it instead). */
  append(run: RunRollup): boolean;
  recompute(keys: Iterable<NodeDayKey>): void;
}

export function createRollupMaintainer(db: SqliteDatabase): RollupMaintainer {
  const classes = CLASSIFICATIONS.map((c) => `c_${c}`);
  // In an upsert's SET, every column on the right is the row's value before the update.
  const append = db.prepare(`
    INSERT INTO node_days (tenant, day, node, environment, runs, successes, failures, first_ok, last_ok, max_gap, gap_from,
      ${classes.join(', ')}, duration_total, duration_max, ingest_bytes, max_delay, last_run)
    VALUES (@tenant, @day, @node, @environment, 1, @ok, @failed, @okAt, @okAt, NULL, NULL,
      ${classes.map((c) => `@${c}`).join(', ')}, @durationMs, @durationMs, @ingestBytes, @delayMs, @startedAt)
    ON CONFLICT (tenant, day, node) DO UPDATE SET
      environment = max(coalesce(environment, excluded.environment), coalesce(excluded.environment, environment)),
      runs = runs + 1,
      successes = successes + excluded.successes,
      failures = failures + excluded.failures,
      first_ok = coalesce(first_ok, excluded.first_ok),
      max_gap = CASE WHEN ${NEW_LONGEST_GAP} THEN excluded.last_ok - last_ok ELSE max_gap END,
      gap_from = CASE WHEN ${NEW_LONGEST_GAP} THEN last_ok ELSE gap_from END,
      last_ok = coalesce(excluded.last_ok, last_ok),
      ${classes.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
      duration_total = duration_total + excluded.duration_total,
      duration_max = max(duration_max, excluded.duration_max),
      ingest_bytes = ingest_bytes + excluded.ingest_bytes,
      max_delay = max(coalesce(max_delay, excluded.max_delay), coalesce(excluded.max_delay, max_delay)),
      last_run = excluded.last_run
    WHERE excluded.last_run >= node_days.last_run`);
  const classSums = CLASSIFICATIONS.map((c) => `SUM(coalesce(json_extract(r.classified, '$.${c}'), 0))`).join(', ');
  const remove = db.prepare('DELETE FROM node_days WHERE tenant = @tenant AND day = @day AND node = @node');
  // SQLite takes the bare column `prev` from the row holding MAX(gap).
  const recompute = db.prepare(`
    WITH day_runs AS (SELECT * FROM runs WHERE tenant = @tenant AND node = @node AND started_at >= @day * ${DAY} AND started_at < (@day + 1) * ${DAY}),
    gaps AS (SELECT MAX(gap) AS gap, prev FROM (
      SELECT started_at - LAG(started_at) OVER (ORDER BY started_at) AS gap, LAG(started_at) OVER (ORDER BY started_at) AS prev
      FROM day_runs WHERE ${SUCCESS}) WHERE gap IS NOT NULL)
    INSERT INTO node_days (tenant, day, node, environment, runs, successes, failures, first_ok, last_ok, max_gap, gap_from,
      ${classes.join(', ')}, duration_total, duration_max, ingest_bytes, max_delay, last_run)
    SELECT @tenant, @day, @node, MAX(r.environment), COUNT(*), SUM(r.${SUCCESS}), SUM(r.${FAILED}),
      MIN(CASE WHEN r.${SUCCESS} THEN r.started_at END), MAX(CASE WHEN r.${SUCCESS} THEN r.started_at END),
      (SELECT gap FROM gaps), (SELECT prev FROM gaps), ${classSums},
      SUM(coalesce(r.duration_ms, 0)), MAX(coalesce(r.duration_ms, 0)), SUM(coalesce(w.size, 0)),
      MAX(r.received_at - coalesce(r.ended_at, r.started_at)), MAX(r.started_at)
    FROM day_runs r LEFT JOIN raw_reports w ON w.run = r.id
    HAVING COUNT(*) > 0`);
  return {
    append(run) {
      const { classified, ok, failed, startedAt, ...rest } = run;
      const counts = Object.fromEntries(CLASSIFICATIONS.map((c) => [`c_${c}`, classified?.[c] ?? 0]));
      return append.run({ ...rest, ...counts, startedAt, ok: ok ? 1 : 0, failed: failed ? 1 : 0, okAt: ok ? startedAt : null }).changes === 1;
    },
    recompute(keys) {
      for (const key of keys) {
        remove.run(key);
        recompute.run(key);
      }
    },
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
