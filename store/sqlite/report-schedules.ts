// API-created report schedules on SQLite: the schedule as JSON, keyed by tenant and id, with
// its version beside it for optimistic updates.
import type { ReportSchedulesStore, StoredReportSchedule } from '../report-schedules.types.ts';
import type { SqliteDatabase } from './database.ts';
import type { Row } from './paging.ts';

const toSchedule = (row: Row) => JSON.parse(row.body as string) as StoredReportSchedule;

export function createReportSchedules(db: SqliteDatabase): ReportSchedulesStore {
  const insert = db.prepare('INSERT OR IGNORE INTO report_schedules (tenant, id, version, body) VALUES (?, ?, ?, ?)');
  const get = db.prepare('SELECT body FROM report_schedules WHERE tenant = ? AND id = ?');
  const list = db.prepare('SELECT body FROM report_schedules WHERE tenant = ? ORDER BY id');
  const all = db.prepare('SELECT body FROM report_schedules ORDER BY tenant, id');
  const update = db.prepare('UPDATE report_schedules SET version = ?, body = ? WHERE tenant = ? AND id = ? AND version = ?');
  const remove = db.prepare('DELETE FROM report_schedules WHERE tenant = ? AND id = ?');
  return {
    async create(schedule) {
      return insert.run(schedule.tenant, schedule.id, schedule.version, JSON.stringify(schedule)).changes > 0;
    },
    async get(tenant, id) {
      const row = get.get(tenant, id) as Row | undefined;
      return row && toSchedule(row);
    },
    async list(tenant) {
      return (list.all(tenant) as Row[]).map(toSchedule);
    },
    async all() {
      return (all.all() as Row[]).map(toSchedule);
    },
    async update(schedule) {
      return update.run(schedule.version, JSON.stringify(schedule), schedule.tenant, schedule.id, schedule.version - 1).changes > 0;
    },
    async delete(tenant, id) {
      return remove.run(tenant, id).changes > 0;
    },
  };
}
