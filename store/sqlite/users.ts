// User accounts: the password hash never leaves this module except for signing in.
import type { Role } from '../../core/roles.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { UserRecord, UsersStore } from '../users.types.ts';
import type { SqliteDatabase } from './database.ts';

interface UserRow {
  id: string;
  tenant: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
  created_by: string;
  disabled_at: number | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    ...(row.disabled_at != null ? { disabledAt: new Date(row.disabled_at).toISOString() } : {}),
  };
}

export function createUsers(db: SqliteDatabase): UsersStore {
  const insert = db.prepare(`INSERT INTO users (id, tenant, name, role, password_hash, created_at, created_by)
    VALUES (@id, @tenant, @name, @role, @passwordHash, @createdAt, @createdBy) ON CONFLICT (name) DO NOTHING`);
  const byId = db.prepare('SELECT * FROM users WHERE tenant = ? AND id = ?');
  const byName = db.prepare('SELECT * FROM users WHERE name = ?');
  const firstPage = db.prepare('SELECT * FROM users WHERE tenant = ? ORDER BY name LIMIT ?');
  const nextPage = db.prepare('SELECT * FROM users WHERE tenant = ? AND name > ? ORDER BY name LIMIT ?');
  const disable = db.prepare('UPDATE users SET disabled_at = ? WHERE tenant = ? AND id = ? AND disabled_at IS NULL');

  return {
    async create(user) {
      return insert.run({ ...user, createdAt: Date.parse(user.createdAt) }).changes === 1;
    },
    async get(tenant, id) {
      const row = byId.get(tenant, id) as UserRow | undefined;
      return row && toRecord(row);
    },
    async credentials(name) {
      const row = byName.get(name) as UserRow | undefined;
      return row && { user: toRecord(row), passwordHash: row.password_hash };
    },
    async list(tenant, page) {
      const rows = (page.cursor
        ? nextPage.all(tenant, decodeCursor(page.cursor, ['string'] as const)[0], page.limit + 1)
        : firstPage.all(tenant, page.limit + 1)) as UserRow[];
      const items = rows.slice(0, page.limit).map(toRecord);
      const last = items.at(-1);
      return { items, ...(rows.length > page.limit && last ? { nextCursor: encodeCursor([last.name]) } : {}) };
    },
    async disable(tenant, id, at) {
      return disable.run(Date.parse(at), tenant, id).changes === 1;
    },
  };
}
