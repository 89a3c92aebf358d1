// Which alerts a processed batch of runs raises, and which open alerts it ends. Pure: the
// alert stage calls it after persist; dedupe, silences and routing come later.
import { type AlertChange, type AlertEvent, type AlertKind, alertLabels, dedupKey, type Severity } from '../../core/alert.ts';
import type { Classification } from '../../core/classification.ts';
import { resourceKey, type Resource } from '../../core/run-report.ts';
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { IngestedRun } from '../../store/types.ts';

export interface DeriveOptions {
  publicUrl?: string | undefined;
  kinds: AlertsConfig['kinds'];
}

const CHANGE_KINDS: { classification: Classification; kind: AlertKind; severity: Severity; title: string }[] = [
  { classification: 'unplanned', kind: 'unplanned_change', severity: 'warning', title: 'Unplanned change' },
  { classification: 'out_of_window', kind: 'out_of_window_change', severity: 'warning', title: 'Change outside its planned window' },
  { classification: 'corrective', kind: 'corrective_change', severity: 'info', title: 'Hand edit reverted' },
];

const DIFF_LINES = 12;
const DIFF_CHARS = 1500;

export function diffExcerpt(diff: string | undefined): string | undefined {
  if (!diff) return undefined;
  const lines = diff.split('\n').filter((line) => !line.startsWith('--- ') && !line.startsWith('+++ ') && line !== '');
  const excerpt = lines.slice(0, DIFF_LINES).join('\n').slice(0, DIFF_CHARS);
  return lines.length > DIFF_LINES ? `${excerpt}\n…` : excerpt;
}

function change(resource: Resource, classification?: string): AlertChange {
  const message = resource.error?.message ?? resource.changes[0]?.message;
  const excerpt = diffExcerpt(resource.diff);
  return { resource: resourceKey(resource), ...(classification ? { classification } : {}), ...(message ? { message } : {}), ...(excerpt ? { diffExcerpt: excerpt } : {}) };
}

function summary(title: string, node: string, changes: AlertChange[]): string {
  const first = changes[0]?.resource;
  if (!first) return `${title} on ${node}`;
  return `${title} on ${node}: ${first}${changes.length > 1 ? ` and ${changes.length - 1} more` : ''}`;
}

/** In run order, so that a failed run followed by a clean one ends with the alert resolved. */
export function deriveAlerts(runs: readonly IngestedRun[], options: DeriveOptions): AlertEvent[] {
  const events: AlertEvent[] = [];
  const resolve = (tenant: string, kind: AlertKind, node: string, at: string) => events.push({ type: 'resolve', resolution: { tenant, dedupKey: dedupKey(tenant, kind, node), at } });
  for (const run of runs) {
    const { report } = run;
    const tenant = report.tenant;
    const node = report.node.name;
    const environment = report.node.environment;
    const at = report.startedAt;
    const link = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/api/v1/runs/${run.id}` : undefined;
    const tags = report.node.tags ?? [];
    const raise = (kind: AlertKind, defaultSeverity: Severity, title: string, changes: AlertChange[]) => {
      const setting = options.kinds[kind];
      if (setting?.enabled === false) return;
      const severity = setting?.severity ?? defaultSeverity;
      const labels = { ...alertLabels({ tenant, kind, severity, node, ...(environment ? { environment } : {}) }), ...(tags.length ? { tags: tags.join(',') } : {}) };
      events.push({ type: 'fire', candidate: {
        tenant,
        dedupKey: dedupKey(tenant, kind, node),
        kind,
        severity,
        node,
        ...(environment ? { environment } : {}),
        summary: summary(title, node, changes),
        changes,
        ...(link ? { link } : {}),
        at,
        labels,
      } });
    };

    resolve(tenant, 'node_missing', node, at);
    if (report.status === 'failure' || report.status === 'partial') {
      const failed = report.resources.filter((r) => r.status === 'failed').map((r) => change(r, 'failed'));
      const errors = failed.length ? failed : report.errors.slice(0, 5).map((e) => ({ resource: 'run', message: e.message }));
      raise('run_failed', 'critical', 'Run failed', errors);
    } else {
      resolve(tenant, 'run_failed', node, at);
    }
    const classifications = run.classifications ?? [];
    for (const { classification, kind, severity, title } of CHANGE_KINDS) {
      const changes = report.resources.flatMap((r, i) => (classifications[i]?.classification === classification ? [change(r, classification)] : []));
      if (changes.length) raise(kind, severity, title, changes);
    }
  }
  return events;
}
