// User accounts in the users collection. The document id is the user's name, so two
// processes creating the same name cannot both succeed (names are unique across tenants).
import type { NewUser, UserRecord, UsersStore } from '../users.types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, type Sort } from './query.ts';

type UserDoc = NewUser & Pick<UserRecord, 'disabledAt'>;

const BY_NAME: Sort = [{ field: 'name', order: 'asc', kind: 'string' }];

const toRecord = ({ passwordHash, ...record }: UserDoc): UserRecord => record;

export function createUsers(es: EsContext): UsersStore {
  const users = collection<UserDoc>(es, 'users');
  const byId = async (tenant: string, id: string) => (await users.search(equals({ tenant, id }), BY_NAME, 1))[0];

  return {
    create: (user) => users.create(user.name, user),
    async get(tenant, id) {
      const found = await byId(tenant, id);
      return found && toRecord(found);
    },
    async credentials(name) {
      const found = await users.get(name);
      return found && { user: toRecord(found.doc), passwordHash: found.doc.passwordHash };
    },
    async list(tenant, page) {
      const result = await users.page(equals({ tenant }), BY_NAME, page);
      return { ...result, items: result.items.map(toRecord) };
    },
    async disable(tenant, id, at) {
      for (;;) {
        const user = await byId(tenant, id);
        const found = user && (await users.get(user.name));
        if (!found || found.doc.disabledAt !== undefined) return false;
        if (await users.put(found.doc.name, { ...found.doc, disabledAt: new Date(at).toISOString() }, found.version)) return true;
      }
    },
  };
}
