// Contract cases for user accounts (issue 6). Called from storeContract.
import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import type { NewUser } from '../users.types.ts';

let counter = 0;
function newUser(spec: Partial<NewUser> = {}): NewUser {
  counter += 1;
  return { id: `usr_${counter}`, tenant: 'acme', name: `user${counter}`, role: 'viewer', createdAt: '2026-11-20T00:00:00.000Z', createdBy: 'cli', passwordHash: `hash${counter}`, ...spec };
}

export function usersContract(store: () => Store): void {
  describe('users', () => {
    it('creates a user, refuses a second one with the same name in any tenant, and finds it by name with its hash', async () => {
      const alice = newUser({ name: 'alice-contract', role: 'approver' });
      expect(await store().users.create(alice)).toBe(true);
      expect(await store().users.create(newUser({ name: 'alice-contract', tenant: 'globex' }))).toBe(false);
      const { passwordHash, ...record } = alice;
      expect(await store().users.credentials('alice-contract')).toEqual({ user: record, passwordHash });
      expect(await store().users.get('acme', alice.id)).toEqual(record);
      expect(await store().users.get('globex', alice.id)).toBeUndefined();
    });

    it('lists a tenant by name with keyset pages and disables once', async () => {
      const names = ['list-c', 'list-a', 'list-b'];
      for (const name of names) await store().users.create(newUser({ name, tenant: 'initech' }));
      const first = await store().users.list('initech', { limit: 2 });
      expect(first.items.map((u) => u.name)).toEqual(['list-a', 'list-b']);
      const second = await store().users.list('initech', { limit: 2, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [expect.objectContaining({ name: 'list-c' })] });
      const target = first.items[0]!;
      expect(await store().users.disable('acme', target.id, '2026-11-21T00:00:00.000Z')).toBe(false);
      expect(await store().users.disable('initech', target.id, '2026-11-21T00:00:00.000Z')).toBe(true);
      expect(await store().users.disable('initech', target.id, '2026-11-22T00:00:00.000Z')).toBe(false);
      expect((await store().users.get('initech', target.id))?.disabledAt).toBe('2026-11-21T00:00:00.000Z');
    });
  });
}
