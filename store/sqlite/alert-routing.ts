// The API-written routing document in one row (id 1); a write is a compare-and-set on its revision.
import type { AlertRouting } from '../../core/alert-routing.ts';
import type { AlertRoutingState, AlertRoutingStore } from '../alert-routing.types.ts';
import type { SqliteDatabase } from './database.ts';

interface RoutingRow {
  revision: number;
  changed_at: number;
  changed_by: string;
  body: string | null;
}

function toState(row: RoutingRow | undefined): AlertRoutingState {
  if (!row) return { revision: 0 };
  return {
    revision: row.revision,
    ...(row.body !== null ? { routing: JSON.parse(row.body) as AlertRouting } : {}),
    changedAt: new Date(row.changed_at).toISOString(),
    changedBy: JSON.parse(row.changed_by) as AlertRoutingState['changedBy'],
  };
}

export function createAlertRouting(db: SqliteDatabase): AlertRoutingStore {
  const read = db.prepare('SELECT revision, changed_at, changed_by, body FROM alert_routing WHERE id = 1');
  const revision = db.prepare('SELECT revision FROM alert_routing WHERE id = 1').pluck();
  const insert = db.prepare(`INSERT INTO alert_routing (id, revision, changed_at, changed_by, body) VALUES (1, 1, @changedAt, @changedBy, @body)
    ON CONFLICT (id) DO NOTHING`);
  const update = db.prepare(`UPDATE alert_routing SET revision = revision + 1, changed_at = @changedAt, changed_by = @changedBy, body = @body
    WHERE id = 1 AND revision = @expected`);
  const write = db.transaction((params: { changedAt: number; changedBy: string; body: string | null; expected: number }) => {
    const { expected, ...values } = params;
    const changed = expected === 0 ? insert.run(values).changes : update.run(params).changes;
    return changed === 1 ? toState(read.get() as RoutingRow) : undefined;
  });

  return {
    async read() {
      return toState(read.get() as RoutingRow | undefined);
    },
    async revision() {
      return (revision.get() as number | undefined) ?? 0;
    },
    async write(change, expected) {
      return write.immediate({
        changedAt: Date.parse(change.changedAt),
        changedBy: JSON.stringify(change.changedBy),
        body: change.routing ? JSON.stringify(change.routing) : null,
        expected,
      });
    },
  };
}
