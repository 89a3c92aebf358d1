// Generated-report records (issue 5): what was asked for, how far generation got, and the
// files with their manifest once ready. The files themselves live in the report archive
// (the data directory), not in the Store. Document-shaped, keyed by tenant and id.
export const REPORT_STATES = ['queued', 'running', 'ready', 'failed'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface ReportFileRecord {
  name: string;
  format: string;
  contentType: string;
  sha256: string;
  bytes: number;
}

export interface ReportRecord {
  id: string;
  tenant: string;
  definition: string;
  params: Record<string, unknown>;
  formats: string[];
  template?: string;
  /** Told when the report is ready (schedules). */
  recipients: string[];
  /** Who asked: a token id, or `schedule:<id>`. */
  requestedBy: string;
  state: ReportState;
  progress: number;
  step?: string;
  error?: string;
  files: ReportFileRecord[];
  /** Formats that could not be rendered, and why (PDF without Chromium). */
  unavailable: Record<string, string>;
  findings?: number;
  createdAt: string;
  finishedAt?: string;
  expiresAt: string;
}

export type ReportRecordPatch = Partial<Pick<ReportRecord, 'state' | 'progress' | 'step' | 'error' | 'files' | 'unavailable' | 'findings' | 'finishedAt' | 'params'>>;

export interface ReportRecords {
  create(record: ReportRecord): Promise<void>;
  get(tenant: string, id: string): Promise<ReportRecord | undefined>;
  update(tenant: string, id: string, patch: ReportRecordPatch): Promise<ReportRecord | undefined>;
  /** Newest first. */
  list(tenant: string, page: { limit: number; cursor?: string }): Promise<{ items: ReportRecord[]; nextCursor?: string }>;
  /** Records of every tenant whose retention ended before `now`. */
  expired(now: Date, limit: number): Promise<ReportRecord[]>;
  delete(tenant: string, id: string): Promise<boolean>;
}
