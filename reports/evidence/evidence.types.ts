// The framework-neutral evidence behind the PCI DSS and HIPAA reports: the same population,
// changes and findings, organised by each definition under its own requirements.
import type { Classification, ClassificationSummary } from '../../core/classification.ts';
import type { FindingKind, Severity } from '../controls.ts';
import type { RowStream } from '../row-stream.ts';

export interface PopulationRow {
  node: string;
  environment: string | null;
  roles: string;
  firstSeen: string;
  lastSeen: string;
  runs: number;
  successfulRuns: number;
  failedRuns: number;
  lastSuccessAt: string | null;
  longestGapDays: number;
  longestGapFrom: string;
  longestGapUntil: string;
  reported: boolean;
  /** The longest gap is over the allowed maximum (PCI DSS 11.5.2: weekly comparison). */
  gapException: boolean;
}

/** One change, traced to the plan, ticket and approver it matched. */
export interface TracedChange {
  evidenceId: string;
  at: string;
  node: string;
  environment: string | null;
  resource: string;
  classification: Classification;
  planId: string | null;
  ticket: string | null;
  approver: string | null;
  reason: string;
  /** Matches the network-security-control resource patterns (PCI DSS 1.2.2). */
  network: boolean;
  run: string;
}

/** A row of the exceptions register. Disposition fields are left for the reviewer. */
export interface Finding {
  id: string;
  kind: FindingKind;
  label: string;
  severity: Severity;
  detectedAt: string;
  node: string | null;
  description: string;
  evidence: string;
  tags: string;
  disposition: string;
  owner: string;
  rootCause: string;
  remediation: string;
  compensatingControl: string;
  status: 'open';
  closedAt: string;
}

/** A failure of the monitoring itself (PCI DSS 10.7.3): failed run or silent period. */
export interface ControlFailure {
  id: string;
  kind: 'run_failure' | 'node_stopped_reporting';
  node: string;
  start: string;
  end: string;
  durationMs: number;
  cause: string;
  /** Changes applied by the run that ended the gap: made while the node was unmonitored. */
  changesDuringGap: number;
  resumedAt: string | null;
}

export interface AuthFailureGroup {
  sourceIp: string;
  reason: string;
  count: number;
  first: string;
  last: string;
}

export interface DailyChanges extends ClassificationSummary {
  day: string;
}

/** A long list: in memory (`Evidence`), or streamed from the report's scratch files (`Evidence<true>`). */
type List<T, Streamed extends boolean> = Streamed extends true ? RowStream<T> : T[];

export interface Evidence<Streamed extends boolean = false> {
  population: { nodes: PopulationRow[]; inventory: number; reporting: number; coveragePct: number; gapExceptions: number; maxGapDays: number };
  changes: List<TracedChange, Streamed>;
  changeCounts: ClassificationSummary;
  networkChanges: { total: number; exceptions: number };
  daily: DailyChanges[];
  runs: { total: number; successful: number; failed: number };
  failures: List<ControlFailure, Streamed>;
  auth: { groups: AuthFailureGroup[]; attributed: number; unattributed: number };
  credentialChanges: number;
  planDecisions: number;
  auditChain: { ok: boolean; checked: number; headSeq: number | null; headHash: string | null; firstBroken: string | null; checkedAt: string };
  findings: List<Finding, Streamed>;
  retention: { runsDays: number; reportsDays: number; meetsPci1051: boolean };
  timeSync: { maxReportDelayMs: number | null };
}
