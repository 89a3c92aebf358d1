import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import type { Store } from '../store/types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { authenticateUser, createUser, disableUser } from './users.ts';

let store: Store;
beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
});
afterEach(() => store.close());

const request = { tenant: 'acme', role: 'approver' as const, name: 'alice', password: 'correct horse battery', actor: 'cli' };

describe('passwords', () => {
  it('verifies the password it hashed and no other, with a fresh salt each time', async () => {
    const hash = await hashPassword('s3cret-passphrase');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('s3cret');
    expect(await verifyPassword('s3cret-passphrase', hash)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', hash)).toBe(false);
    expect(await hashPassword('s3cret-passphrase')).not.toBe(hash);
  });
});

describe('users', () => {
  it('signs in an enabled user with the right password only, and not after it is disabled', async () => {
    const created = await createUser(store, request);
    if (!created.ok) throw new Error(created.message);
    expect(await authenticateUser(store, 'alice', 'correct horse battery')).toEqual(created.user);
    expect(await authenticateUser(store, 'alice', 'wrong horse battery')).toBeUndefined();
    expect(await authenticateUser(store, 'bob', 'correct horse battery')).toBeUndefined();
    expect(await disableUser(store, { tenant: 'acme', id: created.user.id, actor: 'usr_admin' })).toBe(true);
    expect(await authenticateUser(store, 'alice', 'correct horse battery')).toBeUndefined();
  });

  it.each([
    { name: 'a short password', input: { password: 'short' }, want: 'at least 12 characters' },
    { name: 'a name with spaces', input: { name: 'al ice' }, want: 'letters, digits' },
  ])('refuses $name', async ({ input, want }) => {
    expect(await createUser(store, { ...request, ...input })).toEqual({ ok: false, message: expect.stringContaining(want) });
  });

  it('refuses a taken name and audits creation without the password', async () => {
    await createUser(store, request);
    expect(await createUser(store, { ...request, tenant: 'globex' })).toEqual({ ok: false, message: 'the name alice is taken' });
    const { items } = await store.audit.list({ tenant: 'acme', action: 'user.create' }, { limit: 10 });
    expect(items.map((e) => e.details)).toEqual([{ role: 'approver', name: 'alice' }]);
    expect(JSON.stringify(items)).not.toContain('correct horse');
  });
});
