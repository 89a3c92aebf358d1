// The hash-chained audit log. The sequence number is the document id and entries are written
// with op_type=create, so two writers can never both append entry N: the loser gets 409,
// reads entry N (realtime GET) and tries N+1 on top of it. One unbroken chain, any writers.
import { chainedEntry, verifyAuditChain } from '../audit-chain.ts';
import type { AuditEntry, Store } from '../types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, type Sort } from './query.ts';

const NEWEST_FIRST: Sort = [{ field: 'seq', order: 'desc', kind: 'number' }];
const OLDEST_FIRST: Sort = [{ field: 'seq', order: 'asc', kind: 'number' }];

export function createAuditLog(es: EsContext): Store['audit'] {
  const log = collection<AuditEntry>(es, 'audit');

  /** The newest entry searches see; realtime GETs then walk to the true head. */
  async function head(): Promise<{ seq: number; hash: string } | undefined> {
    let [latest] = await log.search([], NEWEST_FIRST, 1);
    for (;;) {
      const next = await log.get(String((latest?.seq ?? 0) + 1));
      if (!next) return latest;
      latest = next.doc;
    }
  }

  return {
    async append(input) {
      const at = input.at ?? new Date().toISOString();
      let previous = await head();
      for (;;) {
        const entry = chainedEntry(input, previous, at);
        if (await log.create(String(entry.seq), entry)) return entry;
        previous = await head();
      }
    },
    list(filter, page) {
      return log.page(equals({ tenant: filter.tenant, action: filter.action }), NEWEST_FIRST, page);
    },
    verify() {
      return verifyAuditChain(log.scan([], OLDEST_FIRST));
    },
  };
}
