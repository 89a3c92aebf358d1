// API tokens: only their SHA-256 is stored.
import type { Role } from '../../core/roles.ts';
import type { Store, TokenRecord } from '../types.ts';
import type { SqliteDatabase } from './database.ts';

interface TokenRow {
  id: string;
  tenant: string;
  role: Role;
  name: string;
  prefix: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  last_used_at: number | null;
}

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    role: row.role,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    ...(row.revoked_at != null ? { revokedAt: new Date(row.revoked_at).toISOString() } : {}),
    ...(row.last_used_at != null ? { lastUsedAt: new Date(row.last_used_at).toISOString() } : {}),
  };
}

export function createTokens(db: SqliteDatabase): Store['tokens'] {
  const insert = db.prepare(`INSERT INTO tokens (id, tenant, role, name, prefix, hash, created_at, created_by)
    VALUES (@id, @tenant, @role, @name, @prefix, @hash, @createdAt, @createdBy)`);
  const byHash = db.prepare('SELECT * FROM tokens WHERE hash = ?');
  const byTenant = db.prepare('SELECT * FROM tokens WHERE tenant = ? ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE tenant = ? AND id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?');
  const count = db.prepare('SELECT count(*) AS n FROM tokens');

  return {
    async create(token) {
      insert.run({ ...token, createdAt: Date.parse(token.createdAt) });
    },
    async findByHash(hash) {
      const row = byHash.get(hash) as TokenRow | undefined;
      return row && toRecord(row);
    },
    async list(tenant) {
      return (byTenant.all(tenant) as TokenRow[]).map(toRecord);
    },
    async revoke(tenant, id, at) {
      return revoke.run(Date.parse(at), tenant, id).changes === 1;
    },
    async touch(id, at) {
      touch.run(Date.parse(at), id);
    },
    async count() {
      return (count.get() as { n: number }).n;
    },
  };
}
