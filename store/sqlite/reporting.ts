// The reporting reads on SQLite: the node_days rollups for whole-day periods (GROUP BY and
// window functions over runs otherwise), keyset iteration (oldest first, fixed-size pages)
// for the streams, so memory stays flat.
import { CLASSIFICATIONS, type ClassificationSummary } from '../../core/classification.ts';
import type { NodeInfo } from '../../core/run-report.ts';
import type { DailyRollup, PopulationEntry, ReportingReader, ReportPeriod } from '../reporting.types.ts';
import { toEntry } from './audit.ts';
import type { SqliteDatabase } from './database.ts';
import type { Row } from './paging.ts';
import { toChangeRecord, toRunSummary } from './read.ts';
import { DAY, FAILED, SUCCESS } from './rollups.ts';
import { type Gap, longestGap } from '../reporting-gap.ts';

const PAGE = 1000;
// Only what the records are built from: a period holds 10^5–10^6 changes, and the search
// columns (messages) and a run's node facts are not part of them.
const CHANGE_COLUMNS = 'id, run, ordinal, tenant, source, node, environment, started_at, diff, detail';
const RUN_COLUMNS = `id, tenant, source, agent_run_id, node, environment, status, noop, corrective, started_at, ended_at, received_at, stored_at,
  duration_ms, counts, has_changes, classified, json_object('agent', json_extract(detail, '$.agent'), 'configVersion', json_extract(detail, '$.configVersion')) AS detail`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Rows of `table` matching `where`, oldest first by (started_at, id), one page at a time. */
function* oldestFirst(db: SqliteDatabase, table: string, columns: string, where: string, params: unknown[]): Generator<Row> {
  const first = db.prepare(`SELECT ${columns} FROM ${table} WHERE ${where} ORDER BY started_at, id LIMIT ${PAGE}`);
  const next = db.prepare(`SELECT ${columns} FROM ${table} WHERE ${where} AND (started_at, id) > (?, ?) ORDER BY started_at, id LIMIT ${PAGE}`);
  let rows = first.all(...params) as Row[];
  while (rows.length > 0) {
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    rows = next.all(...params, last.started_at, last.id) as Row[];
  }
}

export function createReporting(db: SqliteDatabase): ReportingReader {
  const nodes = db.prepare(`SELECT n.name, n.environment, n.first_seen, n.last_seen, n.info, json_extract(r.detail, '$.metrics') AS metrics
    FROM nodes n LEFT JOIN runs r ON r.id = n.last_run WHERE n.tenant = ? AND n.first_seen < ? ORDER BY n.name`);
  const runStats = db.prepare(`SELECT node, COUNT(*) AS runs, SUM(${SUCCESS}) AS ok, SUM(${FAILED}) AS failed,
      MIN(CASE WHEN ${SUCCESS} THEN started_at END) AS first_ok, MAX(CASE WHEN ${SUCCESS} THEN started_at END) AS last_ok,
      MAX(received_at - coalesce(ended_at, started_at)) AS delay
    FROM runs WHERE tenant = @tenant AND started_at >= @from AND started_at < @until GROUP BY node`);
  // SQLite takes the bare columns (prev, started_at) from the row holding MAX(gap).
  const innerGaps = db.prepare(`SELECT node, MAX(gap) AS gap, prev, started_at FROM (
      SELECT node, started_at, LAG(started_at) OVER (PARTITION BY node ORDER BY started_at) AS prev,
        started_at - LAG(started_at) OVER (PARTITION BY node ORDER BY started_at) AS gap
      FROM runs WHERE tenant = @tenant AND started_at >= @from AND started_at < @until AND ${SUCCESS})
    WHERE gap IS NOT NULL GROUP BY node`);
  const dayRows = db.prepare('SELECT * FROM node_days WHERE tenant = ? AND day >= ? AND day < ? ORDER BY node, day');
  const rollups = db.prepare('SELECT * FROM node_days WHERE tenant = ? AND day >= ? AND day < ? ORDER BY day, node');

  /** Per-node statistics of a whole-day period, from the rollups. */
  function statsFromRollups(tenant: string, period: ReportPeriod): { stats: Map<string, NodeStats>; gaps: Map<string, Gap> } {
    const stats = new Map<string, NodeStats>();
    const gaps = new Map<string, Gap>();
    for (const row of dayRows.iterate(tenant, period.from.getTime() / DAY, period.until.getTime() / DAY) as IterableIterator<Row>) {
      const node = row.node as string;
      const stat = stats.get(node) ?? { runs: 0, ok: 0, failed: 0, first_ok: null, last_ok: null, delay: null };
      const consider = (from: number, until: number) => {
        const best = gaps.get(node);
        if (!best || until - from > best.until - best.from) gaps.set(node, { from, until });
      };
      if (row.max_gap != null) consider(row.gap_from as number, (row.gap_from as number) + (row.max_gap as number));
      if (row.first_ok != null && stat.last_ok != null) consider(stat.last_ok, row.first_ok as number);
      stat.runs += row.runs as number;
      stat.ok += row.successes as number;
      stat.failed += row.failures as number;
      stat.first_ok ??= (row.first_ok as number | null) ?? null;
      if (row.last_ok != null) stat.last_ok = row.last_ok as number;
      if (row.max_delay != null) stat.delay = Math.max(stat.delay ?? -Infinity, row.max_delay as number);
      stats.set(node, stat);
    }
    return { stats, gaps };
  }

  /** The same from the runs themselves, for periods that do not start and end at midnight UTC. */
  function statsFromRuns(tenant: string, period: ReportPeriod): { stats: Map<string, NodeStats>; gaps: Map<string, Gap> } {
    const bounds = { tenant, from: period.from.getTime(), until: period.until.getTime() };
    return {
      stats: new Map((runStats.all(bounds) as (NodeStats & { node: string })[]).map((row) => [row.node, row])),
      gaps: new Map((innerGaps.all(bounds) as Row[]).map((row) => [row.node as string, { from: row.prev as number, until: row.started_at as number }])),
    };
  }

  const runMetrics = db.prepare(`SELECT node, started_at, duration_ms, ${FAILED} AS failed, json_extract(counts, '$.total') AS resources
    FROM runs WHERE tenant = ? AND started_at >= ? AND started_at < ? ORDER BY started_at, id`);

  return {
    async population(tenant, period) {
      const wholeDays = period.from.getTime() % DAY === 0 && period.until.getTime() % DAY === 0;
      const { stats, gaps } = wholeDays ? statsFromRollups(tenant, period) : statsFromRuns(tenant, period);
      return (nodes.all(tenant, period.until.getTime()) as Row[]).map((row): PopulationEntry => {
        const name = row.name as string;
        const stat = stats.get(name);
        const info = JSON.parse(row.info as string) as NodeInfo;
        return {
          node: name,
          ...(row.environment != null ? { environment: row.environment as string } : {}),
          roles: info.roles ?? [],
          tags: info.tags ?? [],
          capacity: info.capacity ?? {},
          lastMetrics: row.metrics != null ? (JSON.parse(row.metrics as string) as Record<string, number>) : {},
          firstSeen: iso(row.first_seen as number),
          lastSeen: iso(row.last_seen as number),
          runs: stat?.runs ?? 0,
          successfulRuns: stat?.ok ?? 0,
          failedRuns: stat?.failed ?? 0,
          ...(stat?.last_ok != null ? { lastSuccessAt: iso(stat.last_ok) } : {}),
          longestGap: longestGap(period, row.first_seen as number, stat, gaps.get(name)),
          ...(stat?.delay != null ? { maxReportDelayMs: stat.delay } : {}),
        };
      });
    },
    async *dailyRollups(tenant, period) {
      const days = [Math.floor(period.from.getTime() / DAY), Math.ceil(period.until.getTime() / DAY)];
      for (const row of rollups.iterate(tenant, ...days) as IterableIterator<Row>) {
        yield toRollup(row);
      }
    },
    async *changes(tenant, period, filter = {}) {
      const params: unknown[] = [tenant, period.from.getTime(), period.until.getTime()];
      let where = 'tenant = ? AND started_at >= ? AND started_at < ?';
      if (filter.classifications) {
        where += ` AND classification IN (${filter.classifications.map(() => '?').join(', ')})`;
        params.push(...filter.classifications);
      }
      for (const row of oldestFirst(db, 'changes', CHANGE_COLUMNS, where, params)) yield toChangeRecord(row);
    },
    async *runMetrics(tenant, period) {
      for (const row of runMetrics.iterate(tenant, period.from.getTime(), period.until.getTime()) as IterableIterator<Row>) {
        yield {
          node: row.node as string,
          startedAt: iso(row.started_at as number),
          ...(row.duration_ms != null ? { durationMs: row.duration_ms as number } : {}),
          failed: row.failed === 1,
          resources: row.resources as number,
        };
      }
    },
    async *failedRuns(tenant, period) {
      const where = `tenant = ? AND started_at >= ? AND started_at < ? AND ${FAILED}`;
      // Failures are a few per cent of runs: read them by status and sort, rather than walk every run of the period.
      for (const row of oldestFirst(db, 'runs INDEXED BY runs_by_status', RUN_COLUMNS, where, [tenant, period.from.getTime(), period.until.getTime()])) yield toRunSummary(row);
    },
    async *auditEvents(tenant, period, actions) {
      const rows = db
        .prepare(`SELECT * FROM audit_log WHERE tenant = ? AND at >= ? AND at < ? AND action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq`)
        .iterate(tenant, period.from.toISOString(), period.until.toISOString(), ...actions) as IterableIterator<Parameters<typeof toEntry>[0]>;
      for (const row of rows) yield toEntry(row);
    },
    async auditCounts(tenant, period) {
      const scope = tenant === undefined ? 'tenant IS NULL' : 'tenant = ?';
      const rows = db
        .prepare(`SELECT action, outcome, COUNT(*) AS count FROM audit_log WHERE ${scope} AND at >= ? AND at < ? GROUP BY action, outcome ORDER BY action, outcome`)
        .all(...(tenant === undefined ? [] : [tenant]), period.from.toISOString(), period.until.toISOString()) as Row[];
      return rows.map((row) => ({ action: row.action as string, outcome: row.outcome as never, count: row.count as number }));
    },
  };
}

interface NodeStats {
  runs: number;
  ok: number;
  failed: number;
  first_ok: number | null;
  last_ok: number | null;
  delay: number | null;
}

function toRollup(row: Row): DailyRollup {
  const changes = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, row[`c_${c}`] as number])) as ClassificationSummary;
  return {
    node: row.node as string,
    ...(row.environment != null ? { environment: row.environment as string } : {}),
    day: iso((row.day as number) * DAY).slice(0, 10),
    runs: row.runs as number,
    successes: row.successes as number,
    failures: row.failures as number,
    changes,
    durationMsTotal: row.duration_total as number,
    durationMsMax: row.duration_max as number,
    ingestBytes: row.ingest_bytes as number,
  };
}
