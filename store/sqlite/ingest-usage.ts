// Ingest requests and bytes per tenant-day on SQLite: one row each, only ever raised.
import type { IngestUsageDay, IngestUsageStore } from '../ingest-usage.types.ts';
import type { SqliteDatabase } from './database.ts';

export function createIngestUsage(db: SqliteDatabase): IngestUsageStore {
  const upsert = db.prepare(`
    INSERT INTO ingest_usage (tenant, day, requests, rejected, bytes) VALUES (@tenant, @day, @requests, @rejected, @bytes)
    ON CONFLICT (tenant, day) DO UPDATE SET
      requests = max(requests, excluded.requests), rejected = max(rejected, excluded.rejected), bytes = max(bytes, excluded.bytes)`);
  const record = db.transaction((days: readonly IngestUsageDay[]) => {
    for (const day of days) upsert.run(day);
  });
  const list = db.prepare('SELECT tenant, day, requests, rejected, bytes FROM ingest_usage WHERE tenant = ? AND day >= ? AND day < ? ORDER BY day');
  const first = db.prepare('SELECT min(day) AS day FROM ingest_usage WHERE tenant = ?');
  return {
    async record(days) {
      record.immediate(days);
    },
    async list(tenant, from, until) {
      return list.all(tenant, from, until) as IngestUsageDay[];
    },
    async firstDay(tenant) {
      return ((first.get(tenant) as { day: string | null }).day) ?? undefined;
    },
  };
}
