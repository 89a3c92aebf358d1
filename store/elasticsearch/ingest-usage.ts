// Ingest requests and bytes per tenant-day in the ingest_usage collection: one document per
// (tenant, day), raised over the version read and read again when another process wrote first.
import type { IngestUsageDay, IngestUsageStore } from '../ingest-usage.types.ts';
import { collection, keyedId } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, type Sort } from './query.ts';

const OLDEST_FIRST: Sort = [{ field: 'day', order: 'asc', kind: 'number' }];
/** A tenant has one document per day; a year of days fits one search. */
const MAX_DAYS = 10_000;

const raised = (stored: IngestUsageDay, given: IngestUsageDay): IngestUsageDay => ({
  ...given,
  requests: Math.max(stored.requests, given.requests),
  rejected: Math.max(stored.rejected, given.rejected),
  bytes: Math.max(stored.bytes, given.bytes),
});

export function createIngestUsage(es: EsContext): IngestUsageStore {
  const usage = collection<IngestUsageDay>(es, 'ingest_usage');
  return {
    async record(days) {
      for (const day of days) {
        const id = keyedId(day.tenant, day.day);
        for (;;) {
          const found = await usage.get(id);
          const written = found ? await usage.put(id, raised(found.doc, day), found.version) : await usage.create(id, day);
          if (written) break;
        }
      }
    },
    async list(tenant, from, until) {
      return usage.search([...equals({ tenant }), { range: { day: { gte: from, lt: until } } }], OLDEST_FIRST, MAX_DAYS);
    },
    async firstDay(tenant) {
      return (await usage.search(equals({ tenant }), OLDEST_FIRST, 1))[0]?.day;
    },
  };
}
