// User accounts for the web UI: a name, a role within one tenant, and a password hash
// (never the password). Names are unique across tenants, so sign-in needs only name and password.
import type { Role } from '../core/roles.ts';
import type { Page, PageRequest } from './types.ts';

export interface UserRecord {
  id: string;
  tenant: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  disabledAt?: string;
}

export interface NewUser extends Omit<UserRecord, 'disabledAt'> {
  /** A self-describing slow-KDF hash (core/passwords.ts). */
  passwordHash: string;
}

export interface UsersStore {
  /** False when the name is taken (in any tenant). */
  create(user: NewUser): Promise<boolean>;
  get(tenant: string, id: string): Promise<UserRecord | undefined>;
  /** The account and its password hash, for signing in. */
  credentials(name: string): Promise<{ user: UserRecord; passwordHash: string } | undefined>;
  /** By name. */
  list(tenant: string, page: PageRequest): Promise<Page<UserRecord>>;
  /** False when there is no enabled user with this id in the tenant. */
  disable(tenant: string, id: string, at: string): Promise<boolean>;
}
