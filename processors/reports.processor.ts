// Generates each requested report (queue "reports"): the service does the work and keeps
// the record's state and progress, so the API can report on it while the job runs; the job's
// own progress in the queue follows the same steps ({ percent, step }).
import { z } from 'zod';
import type { ReportService } from '../reports/service.ts';
import { QUEUES, type ReportsJob } from './queues.ts';
import type { ProcessorDefinition } from './worker.ts';

const ReportsJobShape = z.strictObject({ tenant: z.string().min(1), reportId: z.string().min(1) });

export function reportsProcessor(reports: Pick<ReportService, 'run'>): ProcessorDefinition<ReportsJob> {
  return {
    queue: QUEUES.reports,
    // A report reads a whole period and may print a PDF: one at a time per worker.
    concurrency: 1,
    async handle(data, ctx) {
      const job = ReportsJobShape.parse(data);
      await reports.run(job.tenant, job.reportId, async (percent, step) => ctx.progress?.({ percent, step }));
    },
  };
}
