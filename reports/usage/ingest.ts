// Ingest requests and bytes of a tenant over a period, per UTC day: counted exactly (every
// authenticated request, accepted or rejected, node events included; ingest/usage-counter.ts)
// from the first day counting saw the tenant, and estimated before it as one request per
// stored run with its raw size, the only record older days have.
import { DAY_MS } from '../../core/clock.ts';
import type { ReportPeriod } from '../../store/reporting.types.ts';
import type { Store } from '../../store/types.ts';

export interface IngestDay {
  day: string;
  requests: number;
  bytes: number;
  method: 'counted' | 'estimated';
}

export interface IngestTotals {
  requests: number;
  /** Counted days only: estimated days know nothing of refused requests. */
  rejected: number;
  bytes: number;
  countedDays: number;
  estimatedDays: number;
  /** The first day counted for the tenant; days before it are estimated. */
  countingSince: string | null;
  /** How the numbers were obtained, for the report. */
  statement: string;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function collectIngest(store: Store, tenant: string, period: ReportPeriod, estimates: ReadonlyMap<string, { runs: number; bytes: number }>): Promise<{ days: IngestDay[]; totals: IngestTotals }> {
  const countingSince = (await store.ingestUsage.firstDay(tenant)) ?? null;
  const counted = new Map(
    (await store.ingestUsage.list(tenant, dayOf(period.from.getTime()), dayOf(period.until.getTime() - 1 + DAY_MS))).map((d) => [d.day, d]),
  );
  const isCounted = (day: string) => countingSince !== null && day >= countingSince;
  const days = [...new Set([...estimates.keys(), ...counted.keys()])].sort().map((day): IngestDay => {
    if (isCounted(day)) {
      const found = counted.get(day);
      return { day, requests: found?.requests ?? 0, bytes: found?.bytes ?? 0, method: 'counted' };
    }
    const estimate = estimates.get(day)!;
    return { day, requests: estimate.runs, bytes: estimate.bytes, method: 'estimated' };
  });
  const countedDays = days.filter((d) => d.method === 'counted');
  const estimatedDays = days.filter((d) => d.method === 'estimated');
  const sum = (values: IngestDay[], key: 'requests' | 'bytes') => values.reduce((total, d) => total + d[key], 0);
  const statement = [
    countedDays.length > 0 ? `Ingest requests and bytes of ${countedDays.length} day(s) are counted: every authenticated request to an ingest endpoint, accepted or rejected, node events and pings included, with the body bytes received.` : '',
    estimatedDays.length > 0
      ? `${estimatedDays.length} day(s) (${estimatedDays[0]!.day} to ${estimatedDays.at(-1)!.day}) predate counting${countingSince ? ` (which began ${countingSince})` : ''} and are estimated: one request per stored run report and its raw size; rejected requests and node events of those days are not included.`
      : '',
  ].filter(Boolean).join(' ');
  return {
    days,
    totals: {
      requests: sum(days, 'requests'),
      rejected: [...counted.values()].filter((d) => isCounted(d.day)).reduce((total, d) => total + d.rejected, 0),
      bytes: sum(days, 'bytes'),
      countedDays: countedDays.length,
      estimatedDays: estimatedDays.length,
      countingSince,
      statement: statement || 'No ingest in the period.',
    },
  };
}
