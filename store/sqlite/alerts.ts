// Alerts, silences and deliveries for SQLite: the document as JSON, with the columns that
// filters, uniqueness (one firing alert per dedup key) and keyset paging need.
import type { AlertRecord, AlertsStore, QuietNode, DeadLetter, DeliveriesStore, DeliveryAttempt, SilenceRecord, SilencesStore } from '../alerts.types.ts';
import type { SqliteDatabase } from './database.ts';
import { newestFirst, type Row } from './paging.ts';
import { Where } from './where.ts';

const fromBody = <T>(row: Row): T => JSON.parse(row.body as string) as T;
const ms = (iso: string) => Date.parse(iso);
/** How many of a node's latest runs its expected reporting interval is learned from. */
const LEARN_FROM_RUNS = 10;

export function createAlerts(db: SqliteDatabase): AlertsStore {
  const insert = db.prepare(`INSERT INTO alerts (id, tenant, dedup_key, state, kind, severity, node, environment, starts_at, version, body)
    VALUES (@id, @tenant, @dedupKey, @state, @kind, @severity, @node, @environment, @startsAt, @version, @body)`);
  const update = db.prepare(`UPDATE alerts SET state = @state, severity = @severity, version = @version, body = @body
    WHERE tenant = @tenant AND id = @id AND version = @version - 1`);
  const get = db.prepare('SELECT body FROM alerts WHERE tenant = ? AND id = ?');
  const firing = db.prepare("SELECT body FROM alerts WHERE tenant = ? AND dedup_key = ? AND state = 'firing'");
  const ofKind = db.prepare("SELECT body FROM alerts WHERE kind = ? AND state = 'firing'");
  const quiet = db.prepare(`SELECT tenant, name, environment, last_seen,
      (SELECT json_group_array(started_at) FROM (SELECT started_at FROM runs r WHERE r.tenant = n.tenant AND r.node = n.name
        ORDER BY started_at DESC LIMIT ${LEARN_FROM_RUNS})) AS starts
    FROM nodes n WHERE last_seen < ? ORDER BY last_seen LIMIT ?`);
  const columns = (a: AlertRecord) => ({
    id: a.id,
    tenant: a.tenant,
    dedupKey: a.dedupKey,
    state: a.state,
    kind: a.kind,
    severity: a.severity,
    node: a.node ?? null,
    environment: a.environment ?? null,
    startsAt: ms(a.startsAt),
    version: a.version,
    body: JSON.stringify(a),
  });
  return {
    async get(tenant, id) {
      const row = get.get(tenant, id) as Row | undefined;
      return row && fromBody<AlertRecord>(row);
    },
    async firing(tenant, key) {
      const row = firing.get(tenant, key) as Row | undefined;
      return row && fromBody<AlertRecord>(row);
    },
    async put(alert) {
      if (alert.version === 1) {
        try {
          return insert.run(columns(alert)).changes === 1;
        } catch (err) {
          // Another firing alert with this key, or the id exists: the caller lost a race.
          if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) return false;
          throw err;
        }
      }
      return update.run(columns(alert)).changes === 1;
    },
    async list(tenant, filter, page) {
      const where = new Where()
        .add('tenant = ?', tenant)
        .addIf(filter.state, 'state = ?')
        .addIf(filter.kind, 'kind = ?')
        .addIf(filter.severity, 'severity = ?')
        .addIf(filter.node, 'node = ?')
        .addIf(filter.environment, 'environment = ?')
        .addIf(filter.since, 'starts_at >= ?', filter.since?.getTime())
        .addIf(filter.until, 'starts_at < ?', filter.until?.getTime());
      return newestFirst(db, { table: 'alerts', timeColumn: 'starts_at', where }, page, fromBody<AlertRecord>);
    },
    async firingOfKind(kind) {
      return (ofKind.all(kind) as Row[]).map(fromBody<AlertRecord>);
    },
    async quietNodes(seenBefore, limit) {
      return (quiet.all(seenBefore.getTime(), limit) as Row[]).map(
        (row): QuietNode => ({
          tenant: row.tenant as string,
          name: row.name as string,
          ...(row.environment ? { environment: row.environment as string } : {}),
          lastSeen: new Date(row.last_seen as number).toISOString(),
          recentRunStarts: (JSON.parse(row.starts as string) as number[]).map((t) => new Date(t).toISOString()),
        }),
      );
    },
  };
}

export function createSilences(db: SqliteDatabase): SilencesStore {
  const insert = db.prepare(`INSERT INTO silences (id, tenant, starts_at, ends_at, created_at, version, body)
    VALUES (@id, @tenant, @startsAt, @endsAt, @createdAt, @version, @body)`);
  const update = db.prepare(`UPDATE silences SET starts_at = @startsAt, ends_at = @endsAt, version = @version, body = @body
    WHERE tenant = @tenant AND id = @id AND version = @version - 1`);
  const get = db.prepare('SELECT body FROM silences WHERE tenant = ? AND id = ?');
  const columns = (s: SilenceRecord) => ({
    id: s.id,
    tenant: s.tenant,
    startsAt: ms(s.startsAt),
    endsAt: ms(s.endsAt),
    createdAt: ms(s.createdAt),
    version: s.version,
    body: JSON.stringify(s),
  });
  return {
    async create(silence) {
      insert.run(columns(silence));
    },
    async get(tenant, id) {
      const row = get.get(tenant, id) as Row | undefined;
      return row && fromBody<SilenceRecord>(row);
    },
    async put(silence) {
      return update.run(columns(silence)).changes === 1;
    },
    async list(tenant, filter, page) {
      const at = filter.activeAt?.getTime();
      const where = new Where().add('tenant = ?', tenant);
      if (at !== undefined) where.add('starts_at <= ? AND ends_at > ?', at, at);
      return newestFirst(db, { table: 'silences', timeColumn: 'created_at', where }, page, fromBody<SilenceRecord>);
    },
  };
}

export function createDeliveries(db: SqliteDatabase): DeliveriesStore {
  const insertAttempt = db.prepare(`INSERT OR REPLACE INTO delivery_attempts (id, tenant, receiver, alert_id, outcome, at, body)
    VALUES (@id, @tenant, @receiver, @alertId, @outcome, @at, @body)`);
  const insertMember = db.prepare('INSERT OR IGNORE INTO delivery_attempt_alerts (tenant, alert_id, attempt_id) VALUES (?, ?, ?)');
  const record = db.transaction((a: DeliveryAttempt) => {
    insertAttempt.run({ id: a.id, tenant: a.tenant, receiver: a.receiver, alertId: a.alertId ?? null, outcome: a.outcome, at: ms(a.at), body: JSON.stringify(a) });
    for (const alertId of a.alertIds ?? []) insertMember.run(a.tenant, alertId, a.id);
  });
  const insertLetter = db.prepare(`INSERT OR REPLACE INTO dead_letters (id, tenant, receiver, at, body) VALUES (@id, @tenant, @receiver, @at, @body)`);
  return {
    async record(a: DeliveryAttempt) {
      record.immediate(a);
    },
    async list(tenant, filter, page) {
      const where = new Where()
        .add('tenant = ?', tenant)
        .addIf(filter.receiver, 'receiver = ?')
        .addIf(filter.outcome, 'outcome = ?')
        .addIf(filter.since, 'at >= ?', filter.since?.getTime())
        .addIf(filter.until, 'at < ?', filter.until?.getTime());
      if (filter.alertId !== undefined) where.add('(alert_id = ? OR id IN (SELECT attempt_id FROM delivery_attempt_alerts WHERE tenant = ? AND alert_id = ?))', filter.alertId, tenant, filter.alertId);
      return newestFirst(db, { table: 'delivery_attempts', timeColumn: 'at', where }, page, fromBody<DeliveryAttempt>);
    },
    async deadLetter(letter: DeadLetter) {
      insertLetter.run({ id: letter.id, tenant: letter.tenant, receiver: letter.receiver, at: ms(letter.at), body: JSON.stringify(letter) });
    },
    async deadLetters(tenant, filter, page) {
      const where = new Where().add('tenant = ?', tenant).addIf(filter.receiver, 'receiver = ?');
      return newestFirst(db, { table: 'dead_letters', timeColumn: 'at', where }, page, fromBody<DeadLetter>);
    },
  };
}
