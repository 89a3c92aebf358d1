// Usage per node over a period, from the daily rollups and the population: what billing
// prices and capacity trends. Nodes are grouped by environment, first role or first tag.
import { z } from 'zod';
import type { PopulationEntry, ReportPeriod } from '../../store/reporting.types.ts';
import type { Store } from '../../store/types.ts';
import { collectIngest, type IngestTotals } from './ingest.ts';

export const GROUP_BY = ['environment', 'role', 'tag'] as const;
export const GroupBy = z.enum(GROUP_BY).default('environment').describe('Group nodes by environment, first role or first tag');
export type GroupBy = (typeof GROUP_BY)[number];

export const NO_GROUP = '(none)';
const HOUR_MS = 3_600_000;

export interface NodeUsage {
  node: string;
  group: string;
  /** Hours the node existed within the period: from first to last sighting, clipped. */
  nodeHours: number;
  runs: number;
  failures: number;
  changesApplied: number;
  /** Storage the node last reported (metrics, else disk in use). */
  storageBytes: number;
  memoryBytes: number;
  diskBytes: number;
}

export interface DailyUsage {
  day: string;
  activeNodes: number;
  runs: number;
  /** The tenant's ingest of the day (counted, or estimated before counting: see collectIngest). */
  ingestRequests: number;
  ingestBytes: number;
}

export function groupOf(entry: Pick<PopulationEntry, 'environment' | 'roles' | 'tags'>, by: GroupBy): string {
  if (by === 'environment') return entry.environment ?? NO_GROUP;
  return (by === 'role' ? entry.roles[0] : entry.tags[0]) ?? NO_GROUP;
}

/** Reported storage: the latest run's metrics named `<prefix>…` (e.g. storage.mysql.orders_bytes), else the disk in use. */
function storageOf(entry: PopulationEntry, prefix: string): number {
  const metrics = Object.entries(entry.lastMetrics).filter(([name]) => name.startsWith(prefix));
  return metrics.length > 0 ? metrics.reduce((sum, [, bytes]) => sum + bytes, 0) : (entry.capacity.diskUsedBytes ?? 0);
}

export async function collectUsage(
  store: Store,
  tenant: string,
  period: ReportPeriod,
  by: GroupBy,
  storagePrefix = 'storage.',
): Promise<{ nodes: NodeUsage[]; daily: DailyUsage[]; ingest: IngestTotals }> {
  const population = await store.reporting.population(tenant, period);
  const usage = new Map<string, NodeUsage>(
    population.map((entry) => {
      const from = Math.max(period.from.getTime(), Date.parse(entry.firstSeen));
      const until = Math.min(period.until.getTime(), Date.parse(entry.lastSeen));
      return [
        entry.node,
        {
          node: entry.node,
          group: groupOf(entry, by),
          nodeHours: Math.max(0, until - from) / HOUR_MS,
          runs: 0,
          failures: 0,
          changesApplied: 0,
          storageBytes: storageOf(entry, storagePrefix),
          memoryBytes: entry.capacity.memoryBytes ?? 0,
          diskBytes: entry.capacity.diskBytes ?? 0,
        },
      ];
    }),
  );
  const daily = new Map<string, { activeNodes: number; runs: number; rawBytes: number }>();
  for await (const rollup of store.reporting.dailyRollups(tenant, period)) {
    const node = usage.get(rollup.node);
    if (!node) continue;
    const { planned, unplanned, out_of_window, corrective } = rollup.changes;
    node.runs += rollup.runs;
    node.failures += rollup.failures;
    node.changesApplied += planned + unplanned + out_of_window + corrective;
    const day = daily.get(rollup.day) ?? { activeNodes: 0, runs: 0, rawBytes: 0 };
    day.activeNodes += 1;
    day.runs += rollup.runs;
    day.rawBytes += rollup.ingestBytes;
    daily.set(rollup.day, day);
  }
  const estimates = new Map([...daily].map(([day, d]) => [day, { runs: d.runs, bytes: d.rawBytes }]));
  const ingest = await collectIngest(store, tenant, period, estimates);
  return {
    nodes: [...usage.values()],
    daily: ingest.days.map(({ day, requests, bytes }) => ({ day, activeNodes: daily.get(day)?.activeNodes ?? 0, runs: daily.get(day)?.runs ?? 0, ingestRequests: requests, ingestBytes: bytes })),
    ingest: ingest.totals,
  };
}
