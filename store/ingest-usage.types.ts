// Ingest requests and bytes per tenant and UTC day (issue 5, billing): every authenticated
// request to an ingest endpoint, accepted or rejected. Counted in Redis by the ingest
// processes and copied here by the scheduler (processors/scheduler/ingest-usage.job.ts).
export interface IngestUsageDay {
  tenant: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Every request, accepted and rejected. */
  requests: number;
  rejected: number;
  /** Body bytes received (as sent, before any Content-Encoding was removed). */
  bytes: number;
}

export interface IngestUsageStore {
  /** Stores each day's totals; a stored count larger than the given one is kept (counts only grow),
   *  so copying the same totals again changes nothing. */
  record(days: readonly IngestUsageDay[]): Promise<void>;
  /** The tenant's days from `from` (inclusive) to `until` (exclusive), oldest first. */
  list(tenant: string, from: string, until: string): Promise<IngestUsageDay[]>;
  /** The first day counted for the tenant: days before it predate counting. */
  firstDay(tenant: string): Promise<string | undefined>;
}
