// Generated-report records in the reports collection: the record itself in an `enabled:
// false` object, beside the fields listing (tenant, newest first) and retention filter on.
// Patches are read-modify-write under optimistic concurrency, retried on conflict.
import type { ReportRecord, ReportRecords } from '../report-records.types.ts';
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, NEWEST_CREATED_FIRST, type Sort, timeRange } from './query.ts';

interface ReportDoc {
  id: string;
  tenant: string;
  state: ReportRecord['state'];
  createdAt: string;
  expiresAt: string;
  record: ReportRecord;
}

const SOONEST_EXPIRY: Sort = [
  { field: 'expiresAt', order: 'asc', kind: 'number' },
  { field: 'id', order: 'asc', kind: 'string' },
];

const toDoc = (record: ReportRecord): ReportDoc => ({
  id: record.id,
  tenant: record.tenant,
  state: record.state,
  createdAt: new Date(record.createdAt).toISOString(),
  expiresAt: new Date(record.expiresAt).toISOString(),
  record,
});

export function createReportRecords(es: EsContext): ReportRecords {
  const reports = collection<ReportDoc>(es, 'reports');
  const owned = async (tenant: string, id: string) => {
    const found = await reports.get(id);
    return found?.doc.tenant === tenant ? found : undefined;
  };

  return {
    async create(record) {
      if (!(await reports.create(record.id, toDoc(record)))) throw new Error(`report ${record.id} already exists`);
    },
    async get(tenant, id) {
      return (await owned(tenant, id))?.doc.record;
    },
    async update(tenant, id, patch) {
      for (;;) {
        const found = await owned(tenant, id);
        if (!found) return undefined;
        const next = { ...found.doc.record, ...patch };
        if (await reports.put(id, toDoc(next), found.version)) return next;
      }
    },
    async list(tenant, page) {
      const found = await reports.page(equals({ tenant }), NEWEST_CREATED_FIRST, page);
      return { ...found, items: found.items.map((doc) => doc.record) };
    },
    async expired(now, limit) {
      return (await reports.search(timeRange('expiresAt', undefined, now), SOONEST_EXPIRY, limit)).map((doc) => doc.record);
    },
    async delete(tenant, id) {
      // The tenant of a record never changes, so checking it first is enough.
      return (await owned(tenant, id)) !== undefined && reports.remove(id);
    },
  };
}
