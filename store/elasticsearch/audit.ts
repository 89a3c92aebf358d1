// The hash-chained audit log. The sequence number is the document id and entries are written
// with op_type=create, so two writers can never both append entry N: the loser gets 409,
// reads entry N (realtime GET) and tries N+1 on top of it. One unbroken chain, any writers.
// Searches (list) see an entry after the next refresh (≤ 1 s); verification reads them all.
import { chainedEntry, verifyAuditChain } from '../audit-chain.ts';
import type { AuditEntry, AuditEntryInput, Store } from '../types.ts';
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

  async function appendOne(input: AuditEntryInput): Promise<AuditEntry> {
    const at = input.at ?? new Date().toISOString();
    let previous = await head();
    for (;;) {
      const entry = chainedEntry(input, previous, at);
      // No waiting for a refresh: the head is found by realtime GETs, not by search.
      if (await log.create(String(entry.seq), entry, { visible: false })) return entry;
      previous = await head();
    }
  }

  // Appends of this process go one at a time (a burst of refused logins would otherwise race
  // for the same sequence number); only other processes can conflict.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    append(input) {
      const appended = tail.then(() => appendOne(input));
      tail = appended.catch(() => undefined);
      return appended;
    },
    list(filter, page) {
      return log.page(equals({ tenant: filter.tenant, action: filter.action }), NEWEST_FIRST, page);
    },
    verify() {
      return verifyAuditChain(log.scan([], OLDEST_FIRST));
    },
  };
}
