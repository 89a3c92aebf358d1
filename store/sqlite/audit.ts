// The append-only, hash-chained audit log. Appends run in an IMMEDIATE transaction, so
// several processes sharing the database still produce one unbroken chain.
import { chainedEntry, verifyAuditChain } from '../audit-chain.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { AuditEntry, AuditEntryInput, Store } from '../types.ts';
import type { SqliteDatabase } from './database.ts';
import { Where } from './where.ts';

interface AuditRow {
  seq: number;
  at: string;
  tenant: string | null;
  actor: string;
  action: string;
  target: string | null;
  source_ip: string | null;
  outcome: AuditEntry['outcome'];
  details: string | null;
  prev_hash: string;
  hash: string;
}

export function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    ...(row.tenant != null ? { tenant: row.tenant } : {}),
    actor: row.actor,
    action: row.action,
    ...(row.target != null ? { target: row.target } : {}),
    ...(row.source_ip != null ? { sourceIp: row.source_ip } : {}),
    outcome: row.outcome,
    ...(row.details != null ? { details: JSON.parse(row.details) as Record<string, unknown> } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditLog(db: SqliteDatabase): Store['audit'] {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit_log (seq, at, tenant, actor, action, target, source_ip, outcome, details, prev_hash, hash)
    VALUES (@seq, @at, @tenant, @actor, @action, @target, @sourceIp, @outcome, @details, @prevHash, @hash)`);
  const all = db.prepare('SELECT * FROM audit_log ORDER BY seq');

  const append = db.transaction((input: AuditEntryInput): AuditEntry => {
    const head = last.get() as { seq: number; hash: string } | undefined;
    const entry = chainedEntry(input, head, input.at ?? new Date().toISOString());
    insert.run({
      ...entry,
      tenant: entry.tenant ?? null,
      target: entry.target ?? null,
      sourceIp: entry.sourceIp ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    });
    return entry;
  });

  return {
    async append(input) {
      return append.immediate(input);
    },
    async list(filter, page) {
      const where = new Where().addIf(filter.tenant, 'tenant = ?').addIf(filter.action, 'action = ?');
      if (page.cursor) where.add('seq < ?', decodeCursor(page.cursor, ['number'] as const)[0]);
      const rows = db
        .prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq DESC LIMIT ?`)
        .all(...where.params, page.limit + 1) as AuditRow[];
      const items = rows.slice(0, page.limit).map(toEntry);
      const lastItem = items.at(-1);
      return { items, ...(rows.length > page.limit && lastItem ? { nextCursor: encodeCursor([lastItem.seq]) } : {}) };
    },
    async verify() {
      return verifyAuditChain(entries(all.iterate() as IterableIterator<AuditRow>));
    },
  };
}

function* entries(rows: IterableIterator<AuditRow>): Generator<AuditEntry> {
  for (const row of rows) yield toEntry(row);
}
