// Who a UI session belongs to: signing in with a user account or an API token, and turning the
// session's identity back into a Principal on each request (so revocations apply at once).
import type { Principal } from '../core/roles.ts';
import { hashToken } from '../core/tokens.ts';
import { authenticateUser } from '../core/users.ts';
import type { Store } from '../store/types.ts';
import type { SessionIdentity } from './session.ts';

export type SignIn = { kind: 'password'; name: string; password: string } | { kind: 'token'; token: string };

export async function signIn(store: Store, credentials: SignIn): Promise<{ identity: SessionIdentity; principal: Principal } | undefined> {
  if (credentials.kind === 'password') {
    const user = await authenticateUser(store, credentials.name, credentials.password);
    if (!user) return undefined;
    return { identity: { kind: 'user', tenant: user.tenant, id: user.id }, principal: { kind: 'user', id: user.id, tenant: user.tenant, role: user.role, name: user.name } };
  }
  const hash = hashToken(credentials.token);
  const principal = await principalOf(store, { kind: 'token', hash });
  return principal && { identity: { kind: 'token', hash }, principal };
}

export async function principalOf(store: Store, identity: SessionIdentity): Promise<Principal | undefined> {
  if (identity.kind === 'user') {
    const user = await store.users.get(identity.tenant, identity.id);
    return user && !user.disabledAt ? { kind: 'user', id: user.id, tenant: user.tenant, role: user.role, name: user.name } : undefined;
  }
  const token = await store.tokens.findByHash(identity.hash);
  return token && !token.revokedAt ? { kind: 'token', id: token.id, tenant: token.tenant, role: token.role, name: token.name } : undefined;
}
