// Issuing and revoking API tokens. A token is 32 random bytes shown once; only its SHA-256
// is stored (a slow KDF adds nothing for a secret with 256 bits of entropy). Every issue
// and revocation is an audit event.
import { createHash, randomBytes } from 'node:crypto';
import type { Store, TokenRecord } from '../store/types.ts';
import { auditAdminAction } from './admin-audit.ts';
import { randomId } from './ids.ts';
import type { Role } from './roles.ts';

const TOKEN_PREFIX = 'rl_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function looksLikeToken(secret: string): boolean {
  return secret.startsWith(TOKEN_PREFIX) && secret.length >= 40 && secret.length <= 64;
}

export interface IssueTokenRequest {
  tenant: string;
  role: Role;
  name: string;
  actor: string;
  sourceIp?: string;
}

export async function issueToken(store: Store, request: IssueTokenRequest): Promise<{ token: string; record: TokenRecord }> {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: TokenRecord = {
    id: randomId('tok', 9),
    tenant: request.tenant,
    role: request.role,
    name: request.name,
    prefix: secret.slice(0, 10),
    createdAt: new Date().toISOString(),
    createdBy: request.actor,
  };
  await store.tokens.create({ ...record, hash: hashToken(secret) });
  await auditAdminAction(store, request, 'token.create', record.id, 'success', { role: record.role, name: record.name });
  return { token: secret, record };
}

export async function revokeToken(
  store: Store,
  request: { tenant: string; id: string; actor: string; sourceIp?: string },
): Promise<boolean> {
  const revoked = await store.tokens.revoke(request.tenant, request.id, new Date().toISOString());
  await auditAdminAction(store, request, 'token.revoke', request.id, revoked ? 'success' : 'failure', revoked ? undefined : { reason: 'no such active token in this tenant' });
  return revoked;
}
