// An Events API v2 event. Trigger carries the details; resolve needs only the dedup_key.
import type { RenderedMessage } from '../templates.ts';
import type { Severity } from '../../core/alert.ts';
import type { Notification } from '../types.ts';

const PD_SEVERITY: Record<Severity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };
/** PagerDuty truncates summaries at 1024 characters. */
const SUMMARY_MAX = 1024;

export function pagerDutyPayload(notification: Notification, message: RenderedMessage, routingKey: string): Record<string, unknown> {
  if (notification.status === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: notification.dedupKey };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: notification.dedupKey,
    payload: {
      summary: message.title.slice(0, SUMMARY_MAX),
      source: notification.node ?? 'runledger',
      severity: PD_SEVERITY[notification.severity],
      timestamp: notification.startsAt,
      component: notification.environment,
      group: notification.tenant,
      class: notification.kind,
      custom_details: {
        text: message.text,
        occurrences: notification.occurrences,
        changes: notification.changes,
        labels: notification.labels,
        ...(notification.group ? { firing: notification.group.firing, resolved: notification.group.resolved, alerts: notification.group.alerts } : {}),
      },
    },
    client: 'RunLedger',
    ...(notification.link ? { client_url: notification.link, links: [{ href: notification.link, text: 'Open in RunLedger' }] } : {}),
  };
}
