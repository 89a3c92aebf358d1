// RunLedger's own format, for any tool: the canonical RunReport minus the tenant, which
// always comes from the token. Unchanged and skipped resources may be listed; they are only counted.
import type { z } from 'zod';
import { countResources, isListed, RunReportInput } from '../../../core/run-report.ts';
import type { Adapter } from '../types.ts';

export const genericAdapter: Adapter<z.output<typeof RunReportInput>> = {
  source: 'generic',
  description: 'a RunLedger run report (see /api/v1/schema/run-report)',
  wire: RunReportInput,
  adapt(report, ctx) {
    return {
      kind: 'run',
      report: { ...report, tenant: ctx.tenant, resources: report.resources.filter(isListed), counts: report.counts ?? countResources(report.resources) },
    };
  },
};
