// Generated-report records on SQLite: one JSON document per report, with the columns
// needed for listing and retention beside it.
import type { ReportRecord, ReportRecords } from '../report-records.types.ts';
import type { SqliteDatabase } from './database.ts';
import { newestFirst, type Row } from './paging.ts';
import { Where } from './where.ts';

const toRecord = (row: Row) => JSON.parse(row.body as string) as ReportRecord;

export function createReportRecords(db: SqliteDatabase): ReportRecords {
  const insert = db.prepare('INSERT INTO generated_reports (id, tenant, created_at, expires_at, body) VALUES (?, ?, ?, ?, ?)');
  const get = db.prepare('SELECT body FROM generated_reports WHERE tenant = ? AND id = ?');
  const save = db.prepare('UPDATE generated_reports SET body = ? WHERE tenant = ? AND id = ?');
  const expired = db.prepare('SELECT body FROM generated_reports WHERE expires_at < ? ORDER BY expires_at LIMIT ?');
  const remove = db.prepare('DELETE FROM generated_reports WHERE tenant = ? AND id = ?');
  const update = db.transaction((tenant: string, id: string, patch: Partial<ReportRecord>) => {
    const row = get.get(tenant, id) as Row | undefined;
    if (!row) return undefined;
    const next = { ...toRecord(row), ...patch };
    save.run(JSON.stringify(next), tenant, id);
    return next;
  });

  return {
    async create(record) {
      insert.run(record.id, record.tenant, Date.parse(record.createdAt), Date.parse(record.expiresAt), JSON.stringify(record));
    },
    async get(tenant, id) {
      const row = get.get(tenant, id) as Row | undefined;
      return row && toRecord(row);
    },
    async update(tenant, id, patch) {
      return update.immediate(tenant, id, patch);
    },
    async list(tenant, page) {
      return newestFirst(db, { table: 'generated_reports', timeColumn: 'created_at', where: new Where().add('tenant = ?', tenant) }, page, toRecord);
    },
    async expired(now, limit) {
      return (expired.all(now.getTime(), limit) as Row[]).map(toRecord);
    },
    async delete(tenant, id) {
      return remove.run(tenant, id).changes > 0;
    },
  };
}
