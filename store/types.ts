// The Store: the one interface that ingest processors, the API, reports and the UI use.
// Every backend (SQLite embedded, Elasticsearch for scale-out) implements it and passes the
// same contract suite (store/testing/store-contract.ts). Nothing backend-specific leaks through:
// filters are plain values and cursors are opaque strings.
import type {
  Counts,
  NodeInfo,
  Resource,
  ResourceStatus,
  RunError,
  RunReport,
  RunStatus,
  Source,
} from '../core/run-report.ts';
import type { ChangeClassification, Classification, ClassificationSummary } from '../core/classification.ts';
import type { PlannedChange, PlanState } from '../core/planned-change.ts';
import type { Role } from '../core/roles.ts';
import type { StatsStore } from './stats.types.ts';
import type { UsersStore } from './users.types.ts';

export type { NewUser, UserRecord, UsersStore } from './users.types.ts';
export type { ActivityCounts, StatsStore } from './stats.types.ts';
import type { AlertsStore, DeliveriesStore, SilencesStore } from './alerts.types.ts';
import type { AlertRoutingStore } from './alert-routing.types.ts';
import type { ReportRecords } from './report-records.types.ts';
import type { ReportingReader } from './reporting.types.ts';
import type { ReportSchedulesStore } from './report-schedules.types.ts';
import type { IngestUsageStore } from './ingest-usage.types.ts';

export interface PageRequest {
  limit: number;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  nextCursor?: string;
}

/** The raw body as the agent sent it, gzip-compressed: the evidence behind a run. */
export interface RawBody {
  contentType: string;
  /** Bytes the agent sent, after any Content-Encoding was removed. */
  size: number;
  /** gzip of the body, base64 (job data travels as JSON). */
  gzipBase64: string;
}

/** One accepted report, as the ingest queued it and the processor writes it. */
export interface IngestedRun {
  id: string;
  receivedAt: string;
  report: RunReport;
  raw: RawBody;
  /** Set by the classify stage: one per entry of report.resources, in the same order. */
  classifications?: ChangeClassification[];
}

/** Signs of life that are not a finished run: Chef's run_start and node_ping. */
export interface NodeEvent {
  tenant: string;
  node: string;
  source: Source;
  kind: 'run_start' | 'ping';
  at: string;
  agentRunId?: string;
}

export interface WriteBatch {
  runs: IngestedRun[];
  nodeEvents: NodeEvent[];
}

interface TimeFilter {
  since?: Date;
  until?: Date;
}

export interface RunFilter extends TimeFilter {
  node?: string;
  environment?: string;
  status?: RunStatus;
  source?: Source;
  hasChanges?: boolean;
  /** Full-text: runs with a change whose resource name, message or diff matches. */
  q?: string;
}

export interface ChangeFilter extends TimeFilter {
  node?: string;
  environment?: string;
  source?: Source;
  status?: ResourceStatus;
  resourceType?: string;
  run?: string;
  classification?: Classification;
  /** Changes that matched this plan (planned, out of window, or only by it while revoked). */
  plan?: string;
  q?: string;
}

export interface NodeFilter {
  environment?: string;
  status?: RunStatus;
  /** Name prefix. */
  q?: string;
  /** Nodes whose last sign of life is before this time (silent nodes). */
  lastSeenBefore?: Date;
}

export interface RunSummary {
  id: string;
  tenant: string;
  source: Source;
  /** The agent's own run id (Puppet transaction_uuid, Chef run_id). */
  agentRunId: string;
  node: string;
  environment?: string;
  status: RunStatus;
  noop: boolean;
  corrective: boolean;
  startedAt: string;
  endedAt?: string;
  receivedAt: string;
  storedAt: string;
  durationMs?: number;
  agent: { name: string; version?: string };
  configVersion?: string;
  counts: Counts;
  /** Something was changed (changed or corrective); failures and noop predictions are not changes. */
  hasChanges: boolean;
  /** Changes per classification, when the run was classified. */
  classified?: ClassificationSummary;
}

export interface ChangeRecord extends Resource {
  id: string;
  classification?: ChangeClassification;
  run: string;
  ordinal: number;
  tenant: string;
  source: Source;
  node: string;
  environment?: string;
  startedAt: string;
}

export interface RunDetail extends RunSummary {
  nodeInfo: NodeInfo;
  errors: RunError[];
  metrics: Record<string, number>;
  changes: ChangeRecord[];
}

export interface NodeRecord {
  tenant: string;
  name: string;
  environment?: string;
  firstSeen: string;
  lastSeen: string;
  lastRun?: string;
  lastRunAt?: string;
  lastStatus?: RunStatus;
  lastSource?: Source;
  lastRunStartedAt?: string;
  lastPingAt?: string;
  info: NodeInfo;
}

export interface TokenRecord {
  id: string;
  tenant: string;
  role: Role;
  name: string;
  /** The first characters of the token, to recognise it in lists. */
  prefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export interface NewToken extends Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'> {
  /** SHA-256 of the token; the token itself is never stored. */
  hash: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntryInput {
  tenant?: string;
  actor: string;
  action: string;
  target?: string;
  sourceIp?: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  /** Defaults to now. */
  at?: string;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'tenant' | 'target' | 'sourceIp' | 'details'>> {
  seq: number;
  tenant?: string;
  target?: string;
  sourceIp?: string;
  details?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  head?: { seq: number; hash: string };
  firstBroken?: { seq: number; reason: string };
}

export interface PlanFilter {
  state?: PlanState;
}

/** How often changes matched a plan, by how they were classified. */
export interface PlanMatchCounts {
  planned: number;
  outOfWindow: number;
  /** Unplanned changes that only this plan matched, after it was revoked. */
  revokedOnly: number;
}

export interface PreviousContent {
  checksum: string;
  run: string;
}

export interface PurgeResult {
  runs: number;
  changes: number;
}

export interface Store {
  readonly backend: string;
  /** Idempotent: writing the same run again replaces it; node state never moves back in time. */
  write(batch: WriteBatch): Promise<void>;
  runs: {
    list(tenant: string, filter: RunFilter, page: PageRequest): Promise<Page<RunSummary>>;
    get(tenant: string, id: string): Promise<RunDetail | undefined>;
    raw(tenant: string, id: string): Promise<RawBody | undefined>;
  };
  changes: {
    list(tenant: string, filter: ChangeFilter, page: PageRequest): Promise<Page<ChangeRecord>>;
  };
  nodes: {
    list(tenant: string, filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>>;
    get(tenant: string, name: string): Promise<NodeRecord | undefined>;
  };
  plans: {
    create(plan: PlannedChange): Promise<void>;
    get(tenant: string, id: string): Promise<PlannedChange | undefined>;
    /** Optimistic concurrency: stores `plan` only if the stored version is `plan.version - 1`. */
    update(plan: PlannedChange): Promise<boolean>;
    /** Newest first. */
    list(tenant: string, filter: PlanFilter, page: PageRequest): Promise<Page<PlannedChange>>;
    /** Plans that can match changes: approved, expired or revoked, with a window ending after `since`. */
    matchable(tenant: string, since: Date): Promise<PlannedChange[]>;
    /** A value that changes whenever any plan of the tenant changes. */
    revision(tenant: string): Promise<number>;
    /** Approved plans of every tenant whose window ended before `now`. */
    expiring(now: Date): Promise<PlannedChange[]>;
    matchCounts(tenant: string, ids: readonly string[]): Promise<Record<string, PlanMatchCounts>>;
  };
  history: {
    /** For each resource key (`Type[title]`), the content the node was last meant to have
     *  for it in a run that started before `before`. */
    previousContent(tenant: string, node: string, keys: readonly string[], before: string): Promise<Map<string, PreviousContent>>;
  };
  tokens: {
    create(token: NewToken): Promise<void>;
    findByHash(hash: string): Promise<TokenRecord | undefined>;
    list(tenant: string): Promise<TokenRecord[]>;
    revoke(tenant: string, id: string, at: string): Promise<boolean>;
    touch(id: string, at: string): Promise<void>;
    count(): Promise<number>;
  };
  users: UsersStore;
  stats: StatsStore;
  audit: {
    append(entry: AuditEntryInput): Promise<AuditEntry>;
    list(filter: { tenant?: string; action?: string }, page: PageRequest): Promise<Page<AuditEntry>>;
    verify(): Promise<AuditVerification>;
  };
  alerts: AlertsStore;
  silences: SilencesStore;
  deliveries: DeliveriesStore;
  /** The routing document written through the API (issue 4). */
  alertRouting: AlertRoutingStore;
  /** Aggregates and streams for reports (issue 5). */
  reporting: ReportingReader;
  /** Generated-report records (issue 5). */
  reports: ReportRecords;
  /** Report schedules created through the API (issue 5). */
  reportSchedules: ReportSchedulesStore;
  /** Ingest requests and bytes per tenant-day, for billing and capacity (issue 5). */
  ingestUsage: IngestUsageStore;
  /** Retention: delete runs (and their changes and raw bodies) that started before `cutoff`. */
  purgeRunsBefore(cutoff: Date): Promise<PurgeResult>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
