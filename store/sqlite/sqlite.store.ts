// The embedded default backend: one SQLite file (WAL, FTS5), zero set-up.
import type { Store } from '../types.ts';
import { createAlertRouting } from './alert-routing.ts';
import { createAlerts, createDeliveries, createSilences } from './alerts.ts';
import { createAuditLog } from './audit.ts';
import { startCheckpointer } from './checkpointer.ts';
import { AUTO_CHECKPOINT_PAGES, type OpenOptions, openDatabase } from './database.ts';
import { createHistory } from './history.ts';
import { createPlans } from './plans.ts';
import { createReaders } from './read.ts';
import { createStats } from './stats.ts';
import { createRollupMaintainer, DAY, type NodeDayKey } from './rollups.ts';
import { createReportRecords } from './report-records.ts';
import { createReportSchedules } from './report-schedules.ts';
import { createIngestUsage } from './ingest-usage.ts';
import { createReporting } from './reporting.ts';
import { createTokens } from './tokens.ts';
import { createUsers } from './users.ts';
import { createWriter } from './write.ts';

export const BACKEND_NAME = 'sqlite';

export interface SqliteStoreOptions extends OpenOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const bulkLoad = options.bulkLoad ?? false;
  const backgroundCheckpoints = options.path !== ':memory:' && !bulkLoad;
  const db = openDatabase(options.path, { bulkLoad, backgroundCheckpoints });
  const checkpointer = backgroundCheckpoints
    ? startCheckpointer(options.path, () => db.open && db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`))
    : undefined;
  const write = createWriter(db);
  const rollups = createRollupMaintainer(db);
  const purge = db.transaction((cutoff: number) => {
    const doomed = 'SELECT id FROM runs WHERE started_at < ?';
    const changes = db.prepare(`DELETE FROM changes WHERE run IN (${doomed})`).run(cutoff).changes;
    db.prepare(`DELETE FROM raw_reports WHERE run IN (${doomed})`).run(cutoff);
    const runs = db.prepare('DELETE FROM runs WHERE started_at < ?').run(cutoff).changes;
    // Rollups of days before the cutoff go; the cutoff's own day is recomputed from what is left.
    const cutoffDay = Math.floor(cutoff / DAY);
    db.prepare('DELETE FROM node_days WHERE day < ?').run(cutoffDay);
    rollups.recompute(db.prepare('SELECT tenant, node, day FROM node_days WHERE day = ?').all(cutoffDay) as NodeDayKey[]);
    return { runs, changes };
  });

  return {
    backend: BACKEND_NAME,
    async write(batch) {
      write(batch);
    },
    ...createReaders(db),
    plans: createPlans(db),
    history: createHistory(db),
    tokens: createTokens(db),
    users: createUsers(db),
    stats: createStats(db),
    audit: createAuditLog(db),
    alerts: createAlerts(db),
    alertRouting: createAlertRouting(db),
    silences: createSilences(db),
    deliveries: createDeliveries(db),
    reporting: createReporting(db),
    reports: createReportRecords(db),
    reportSchedules: createReportSchedules(db),
    ingestUsage: createIngestUsage(db),
    async purgeRunsBefore(cutoff) {
      return purge.immediate(cutoff.getTime());
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
