// One message about a group: the group's key as dedup key, its labels, and its members listed
// (firing first). Fields the members share (node, environment, kind) are kept; the rest summed up.
import { SEVERITIES } from '../../core/alert.ts';
import type { GroupedAlert, Notification } from '../../sinks/types.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import type { GroupRef } from './grouping.ts';

const common = <T>(values: T[]): T | undefined => (values.every((v) => v === values[0]) ? values[0] : undefined);
const plural = (n: number) => (n === 1 ? '1 alert' : `${n} alerts`);

export function groupNotification(group: GroupRef, status: Notification['status'], alerts: readonly AlertRecord[]): Notification {
  const firing = alerts.filter((a) => a.state === 'firing');
  const relevant = status === 'firing' ? firing : alerts;
  const severity = SEVERITIES.find((s) => relevant.some((a) => a.severity === s)) ?? 'info';
  const node = common(alerts.map((a) => a.node));
  const environment = common(alerts.map((a) => a.environment));
  const where = Object.entries(group.labels).filter(([name]) => name !== 'tenant').map(([name, value]) => `${name}=${value}`).join(', ');
  const resolvedCount = alerts.length - firing.length;
  const counts = status === 'firing' ? `${plural(firing.length)} firing${resolvedCount ? `, ${resolvedCount} resolved` : ''}` : `${plural(alerts.length)} resolved`;
  const endsAt = alerts.map((a) => a.endsAt).filter((e): e is string => e !== undefined).sort().at(-1);
  return {
    status,
    dedupKey: group.key,
    tenant: group.tenant,
    kind: common(alerts.map((a) => a.kind)) ?? alerts[0]!.kind,
    severity,
    ...(node ? { node } : {}),
    ...(environment ? { environment } : {}),
    summary: where ? `${counts}: ${where}` : counts,
    changes: [],
    startsAt: alerts.map((a) => a.startsAt).sort()[0]!,
    ...(status === 'resolved' && endsAt ? { endsAt } : {}),
    occurrences: alerts.reduce((sum, a) => sum + a.occurrences, 0),
    labels: group.labels,
    group: { firing: firing.length, resolved: resolvedCount, alerts: alerts.map(groupedAlert) },
  };
}

function groupedAlert(alert: AlertRecord): GroupedAlert {
  return {
    dedupKey: alert.dedupKey,
    status: alert.state,
    kind: alert.kind,
    severity: alert.severity,
    summary: alert.summary,
    ...(alert.node ? { node: alert.node } : {}),
    ...(alert.environment ? { environment: alert.environment } : {}),
    ...(alert.link ? { link: alert.link } : {}),
    startsAt: alert.startsAt,
  };
}
