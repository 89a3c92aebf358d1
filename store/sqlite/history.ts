// What each file resource was meant to contain, per node and run: the memory that lets the
// classifier tell a hand edit put back from a new desired content.
import type { PreviousContent, Store } from '../types.ts';
import type { SqliteDatabase } from './database.ts';

export function createHistory(db: SqliteDatabase): Store['history'] {
  // The expression and the IS NOT NULL are those of the partial index changes_by_desired_content.
  const previous = db.prepare(`SELECT desired_checksum AS checksum, run FROM changes
    WHERE tenant = ? AND node = ? AND (resource_type || '[' || title || ']') = ? AND desired_checksum IS NOT NULL AND started_at < ?
    ORDER BY started_at DESC LIMIT 1`);
  return {
    async previousContent(tenant, node, keys, before) {
      const found = new Map<string, PreviousContent>();
      const at = Date.parse(before);
      for (const key of new Set(keys)) {
        const row = previous.get(tenant, node, key, at) as PreviousContent | undefined;
        if (row) found.set(key, { checksum: row.checksum, run: row.run });
      }
      return found;
    },
  };
}
