// User accounts: create, disable and sign in. Every action, and every failed sign-in, is an
// audit event; passwords are hashed here and never stored, logged or returned.
import type { Store, UserRecord } from '../store/types.ts';
import { type AdminActor, auditAdminAction } from './admin-audit.ts';
import { randomId } from './ids.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, UNKNOWN_USER_HASH, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export interface CreateUserRequest extends AdminActor {
  role: Role;
  name: string;
  password: string;
}

const NAME = /^[A-Za-z0-9._@-]{1,100}$/;

export type CreateUserResult = { ok: true; user: UserRecord } | { ok: false; message: string };

export async function createUser(store: Store, request: CreateUserRequest): Promise<CreateUserResult> {
  if (!NAME.test(request.name)) return { ok: false, message: 'the name may have 1 to 100 letters, digits and . _ @ -' };
  if (request.password.length < MIN_PASSWORD_LENGTH) return { ok: false, message: `the password must have at least ${MIN_PASSWORD_LENGTH} characters` };
  const user: UserRecord = {
    id: randomId('usr', 9),
    tenant: request.tenant,
    name: request.name,
    role: request.role,
    createdAt: new Date().toISOString(),
    createdBy: request.actor,
  };
  const created = await store.users.create({ ...user, passwordHash: await hashPassword(request.password) });
  if (!created) return { ok: false, message: `the name ${request.name} is taken` };
  await auditAdminAction(store, request, 'user.create', user.id, 'success', { role: user.role, name: user.name });
  return { ok: true, user };
}

export async function disableUser(store: Store, request: AdminActor & { id: string }): Promise<boolean> {
  const disabled = await store.users.disable(request.tenant, request.id, new Date().toISOString());
  await auditAdminAction(store, request, 'user.disable', request.id, disabled ? 'success' : 'failure', disabled ? undefined : { reason: 'no such enabled user in this tenant' });
  return disabled;
}

/** The enabled user with this name and password, or undefined. Takes the same time whether
 *  or not the name exists. */
export async function authenticateUser(store: Store, name: string, password: string): Promise<UserRecord | undefined> {
  const found = await store.users.credentials(name);
  const matches = await verifyPassword(password, found?.passwordHash ?? UNKNOWN_USER_HASH);
  return found && matches && !found.user.disabledAt ? found.user : undefined;
}
