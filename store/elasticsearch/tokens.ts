// API tokens in the tokens collection: only their SHA-256 is stored, and never returned.
import type { NewToken, Store, TokenRecord } from '../types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, type Sort } from './query.ts';

type TokenDoc = NewToken & Pick<TokenRecord, 'revokedAt' | 'lastUsedAt'>;

const OLDEST_FIRST: Sort = [
  { field: 'createdAt', order: 'asc', kind: 'number' },
  { field: 'id', order: 'asc', kind: 'string' },
];
/** More tokens than one tenant has. */
const MAX_TOKENS = 10_000;

const toRecord = ({ hash, ...record }: TokenDoc): TokenRecord => record;

export function createTokens(es: EsContext): Store['tokens'] {
  const tokens = collection<TokenDoc>(es, 'tokens');

  /** Read-modify-write of one token; retried when another process wrote it in between. */
  async function change(id: string, edit: (doc: TokenDoc) => TokenDoc | undefined, visible: boolean): Promise<boolean> {
    for (;;) {
      const found = await tokens.get(id);
      const next = found && edit(found.doc);
      if (!found || !next) return false;
      if (await tokens.put(id, next, found.version, { visible })) return true;
    }
  }

  return {
    async create(token) {
      if (!(await tokens.create(token.id, { ...token, createdAt: new Date(token.createdAt).toISOString() }))) throw new Error(`token ${token.id} already exists`);
    },
    async findByHash(hash) {
      const [found] = await tokens.search(equals({ hash }), OLDEST_FIRST, 1);
      return found && toRecord(found);
    },
    async list(tenant) {
      return (await tokens.search(equals({ tenant }), OLDEST_FIRST, MAX_TOKENS)).map(toRecord);
    },
    revoke(tenant, id, at) {
      return change(id, (doc) => (doc.tenant === tenant && doc.revokedAt === undefined ? { ...doc, revokedAt: new Date(at).toISOString() } : undefined), true);
    },
    async touch(id, at) {
      // Every authenticated request touches its token: no need to wait for searches to see it.
      await change(id, (doc) => ({ ...doc, lastUsedAt: new Date(at).toISOString() }), false);
    },
    count: () => tokens.count([]),
  };
}
