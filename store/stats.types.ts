// Counts for dashboards (issue 6). Each is bounded by a time range or a cap and answered from
// an index range, never by counting everything a tenant has.
export interface ActivityCounts {
  runs: number;
  /** Runs with status failure. */
  failures: number;
  /** Changes classified unplanned. */
  unplanned: number;
  /** Changes classified corrective: hand edits the agent put back. */
  corrective: number;
}

export interface StatsStore {
  /** What started in [since, until). */
  activity(tenant: string, since: Date, until: Date): Promise<ActivityCounts>;
  /** Nodes whose last sign of life (run or ping) is before `before`, counting at most `cap`. */
  silentNodes(tenant: string, before: Date, cap: number): Promise<number>;
}
