// Report schedules created through the API (issue 5); those of the configuration are not
// stored. One document per (tenant, id), changed only over the version read.
import type { SchedulePeriod } from '../reports/config.ts';
import type { ReportFormat } from '../reports/types.ts';

export interface StoredReportSchedule {
  id: string;
  tenant: string;
  definition: string;
  period: SchedulePeriod;
  params: Record<string, unknown>;
  formats: ReportFormat[];
  cron: string;
  timeZone: string;
  /** Receiver names of alerts.receivers, told when the report is ready. */
  recipients: string[];
  template?: string;
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** 1 on creation, one more on every change. */
  version: number;
}

export interface ReportSchedulesStore {
  /** false when the tenant already has a schedule with this id. */
  create(schedule: StoredReportSchedule): Promise<boolean>;
  get(tenant: string, id: string): Promise<StoredReportSchedule | undefined>;
  /** The tenant's schedules by id. */
  list(tenant: string): Promise<StoredReportSchedule[]>;
  /** Every tenant's schedules: what the scheduler runs. */
  all(): Promise<StoredReportSchedule[]>;
  /** Optimistic concurrency: stores `schedule` only if the stored version is `schedule.version - 1`. */
  update(schedule: StoredReportSchedule): Promise<boolean>;
  delete(tenant: string, id: string): Promise<boolean>;
}
