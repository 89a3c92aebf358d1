// Every report definition, by id: the only list. A new report is one file plus one line here.
import type { ReportDefinition } from '../types.ts';
import { billingReport } from './billing.report.ts';
import { capacityReport } from './capacity.report.ts';
import { hipaaReport } from './hipaa.report.ts';
import { pciDssReport } from './pci-dss.report.ts';

export const REPORT_DEFINITIONS: Record<string, ReportDefinition<any, any>> = {
  [pciDssReport.id]: pciDssReport,
  [hipaaReport.id]: hipaaReport,
  [billingReport.id]: billingReport,
  [capacityReport.id]: capacityReport,
};
