// Telling recipients that a report is ready, including when it has no findings. Recipients are
// receivers of alerts.receivers (Slack, Teams, email, webhook, …): each gets a "notice" message
// through the alert delivery queues (retries, dead letters and attempt records included), and
// every notification is an audit event, so that telling people is evidence too.
import type { Clock } from '../core/clock.ts';
import { SYSTEM_ACTOR } from '../core/roles.ts';
import type { DeliveryEnqueuer } from '../processors/alert/notify.ts';
import type { Notification } from '../sinks/types.ts';
import type { Store } from '../store/types.ts';
import { REPORT_DEFINITIONS } from './definitions/index.ts';

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

/** Records who was told about which report; with `deliveries`, also sends each recipient a notice. */
export function reportNotifier(store: Store, clock: Clock, deliveries?: Pick<DeliveryEnqueuer, 'enqueueNotification'>): ReportNotifier {
  return {
    async reportReady(recipients, info) {
      const sent: Record<string, string> = {};
      const failed: Record<string, string> = {};
      for (const receiver of deliveries ? recipients : []) {
        await deliveries!.enqueueNotification(receiver, reportNotice(info, clock.now())).then(
          (deliveryId) => void (sent[receiver] = deliveryId),
          (err: unknown) => void (failed[receiver] = (err as Error).message),
        );
      }
      await store.audit.append({
        tenant: info.tenant,
        actor: SYSTEM_ACTOR,
        action: 'report.notify',
        target: info.reportId,
        outcome: Object.keys(failed).length ? 'failure' : 'success',
        details: {
          recipients,
          definition: info.definition,
          findings: info.findings,
          formats: info.formats,
          ...(info.period ? { period: info.period } : {}),
          ...(info.url ? { url: info.url } : {}),
          ...(deliveries ? { deliveries: sent } : {}),
          ...(Object.keys(failed).length ? { failed } : {}),
        },
      });
    },
  };
}

/** The message a receiver gets: one per report, never grouped with alerts. */
export function reportNotice(info: ReportReadyInfo, now: Date): Notification {
  const title = REPORT_DEFINITIONS[info.definition]?.title ?? info.definition;
  const period = info.period ? ` for ${info.period.from.slice(0, 10)} to ${info.period.until.slice(0, 10)}` : '';
  const findings = info.findings === 0 ? 'no findings' : info.findings === 1 ? '1 finding' : `${info.findings} findings`;
  return {
    status: 'firing',
    tenant: info.tenant,
    dedupKey: `${info.tenant}/report/${info.reportId}`,
    kind: 'notice',
    severity: 'info',
    summary: `${title}${period} is ready (${findings}; ${info.formats.join(', ')})`,
    changes: [],
    ...(info.url ? { link: info.url } : {}),
    labels: { tenant: info.tenant, kind: 'notice', report: info.definition },
    startsAt: now.toISOString(),
    occurrences: 1,
  };
}
