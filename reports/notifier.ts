// Telling recipients that a report is ready, including when it has no findings. Sinks
// (Slack, email, …) implement ReportNotifier; until they are connected, the default records
// each notification in the audit log so that it is still evidence that people were told.
import { SYSTEM_ACTOR } from '../core/roles.ts';
import type { Store } from '../store/types.ts';

export interface ReportReadyInfo {
  reportId: string;
  tenant: string;
  definition: string;
  period?: { from: string; until: string };
  /** Register entries in the report; 0 is news too. */
  findings: number;
  formats: string[];
  /** Where to download it, when publicUrl is configured. */
  url?: string;
}

export interface ReportNotifier {
  reportReady(recipients: string[], info: ReportReadyInfo): Promise<void>;
}

export function auditLogNotifier(store: Store): ReportNotifier {
  return {
    async reportReady(recipients, info) {
      await store.audit.append({
        tenant: info.tenant,
        actor: SYSTEM_ACTOR,
        action: 'report.notify',
        target: info.reportId,
        outcome: 'success',
        details: { recipients, definition: info.definition, findings: info.findings, formats: info.formats, ...(info.period ? { period: info.period } : {}), ...(info.url ? { url: info.url } : {}) },
      });
    },
  };
}
