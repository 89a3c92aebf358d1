// The reporting read part of the Store: aggregation-shaped queries for a period, so that an
// Elasticsearch backend can answer them with aggregations and search_after, and streams for
// the rows a report lists one by one (never a whole period in memory).
import type { Classification, ClassificationSummary } from '../core/classification.ts';
import type { Capacity } from '../core/run-report.ts';
import type { AuditEntry, ChangeRecord, RunSummary } from './types.ts';

/** Half-open [from, until), UTC. */
export interface ReportPeriod {
  from: Date;
  until: Date;
}

/** One node of the inventory, as seen over a period. A successful run is one with status
 *  success or noop: the agent compared every managed resource with its desired state. */
export interface PopulationEntry {
  node: string;
  environment?: string;
  roles: string[];
  tags: string[];
  /** As the node last reported it. */
  capacity: Capacity;
  /** The metrics of the node's latest run (storage per MySQL table and the like). */
  lastMetrics: Record<string, number>;
  firstSeen: string;
  lastSeen: string;
  runs: number;
  successfulRuns: number;
  failedRuns: number;
  lastSuccessAt?: string;
  /** Longest stretch inside the period (from the node's first sighting) without a successful run. */
  longestGap: { ms: number; from: string; until: string };
  /** Largest delay between the agent finishing a run and RunLedger receiving it. */
  maxReportDelayMs?: number;
}

export interface DailyRollup {
  node: string;
  environment?: string;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  runs: number;
  successes: number;
  failures: number;
  changes: ClassificationSummary;
  durationMsTotal: number;
  durationMsMax: number;
  ingestBytes: number;
}

/** One run's numbers, for percentiles and trends (capacity). */
export interface RunMetric {
  node: string;
  startedAt: string;
  durationMs?: number;
  failed: boolean;
  /** Resources the run managed. */
  resources: number;
}

export interface AuditActionCount {
  action: string;
  outcome: AuditEntry['outcome'];
  count: number;
}

export interface ReportingChangeFilter {
  classifications?: readonly Classification[];
}

export interface ReportingReader {
  /** Every node of the tenant first seen before the period ends, by name. */
  population(tenant: string, period: ReportPeriod): Promise<PopulationEntry[]>;
  /** Per node and UTC day, by day then node. */
  dailyRollups(tenant: string, period: ReportPeriod): AsyncIterable<DailyRollup>;
  /** Changes of the period, oldest first. */
  changes(tenant: string, period: ReportPeriod, filter?: ReportingChangeFilter): AsyncIterable<ChangeRecord>;
  /** Every run of the period, oldest first. */
  runMetrics(tenant: string, period: ReportPeriod): AsyncIterable<RunMetric>;
  /** Runs with status failure or partial, oldest first. */
  failedRuns(tenant: string, period: ReportPeriod): AsyncIterable<RunSummary>;
  /** Audit entries of the tenant with one of these actions, oldest first. */
  auditEvents(tenant: string, period: ReportPeriod, actions: readonly string[]): AsyncIterable<AuditEntry>;
  /** Audit entries of the period by action and outcome: the tenant's own, and (tenant
   *  `undefined`) those no tenant could be attributed to, such as unknown tokens. */
  auditCounts(tenant: string | undefined, period: ReportPeriod): Promise<AuditActionCount[]>;
}
