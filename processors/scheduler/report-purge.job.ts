// Deletes generated reports whose retention ended (default 6 years, HIPAA 164.316(b)(2)(i)).
import type { ReportService } from '../../reports/service.ts';
import type { ScheduledJob } from './scheduler.ts';

export function reportPurgeJob(reports: Pick<ReportService, 'purge'>, purgeCron: string): ScheduledJob {
  return { name: 'report-purge', cron: purgeCron, run: async () => ({ purged: await reports.purge() }) };
}
