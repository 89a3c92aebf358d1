// What an alert is about, shared by the alert pipeline, the store and the sinks.
export const ALERT_KINDS = [
  'unplanned_change',
  'out_of_window_change',
  'corrective_change',
  'run_failed',
  'node_missing',
  'auth_failures',
  'delivery_failing',
  'audit_chain_broken',
  // Not an alert: a message another part of RunLedger sends to a receiver (e.g. "report ready").
  'notice',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertChange {
  resource: string;
  classification?: string;
  message?: string;
  /** The first lines of the diff, when the change had one. */
  diffExcerpt?: string;
}

/** What every alert says, from its first candidate to each message about it. */
export interface AlertFacts {
  tenant: string;
  /** node + kind: repeats of the same trouble update one open alert; PagerDuty dedup_key, Opsgenie alias. */
  dedupKey: string;
  kind: AlertKind;
  severity: Severity;
  node?: string;
  environment?: string;
  summary: string;
  changes: AlertChange[];
  /** Link to the run in RunLedger, when publicUrl is configured. */
  link?: string;
  /** What routes and silences match on: tenant, environment, kind, severity, node, tags. */
  labels: Record<string, string>;
}

/** What the pipeline knows about an alert before dedupe: one per (tenant, dedupKey). */
export interface AlertCandidate extends AlertFacts {
  /** When it happened (the run's start, a missing node's last sign of life). */
  at: string;
}

/** Something that ends an open alert: the node's next clean run, a missing node reporting. */
export interface AlertResolution {
  tenant: string;
  dedupKey: string;
  at: string;
}

export type AlertEvent = { type: 'fire'; candidate: AlertCandidate } | { type: 'resolve'; resolution: AlertResolution };

export function dedupKey(tenant: string, kind: AlertKind, node?: string): string {
  return [tenant, node ?? '-', kind].join('/');
}

export function alertLabels(c: Pick<AlertCandidate, 'tenant' | 'kind' | 'severity' | 'node' | 'environment'>): Record<string, string> {
  return {
    tenant: c.tenant,
    kind: c.kind,
    severity: c.severity,
    ...(c.node ? { node: c.node } : {}),
    ...(c.environment ? { environment: c.environment } : {}),
  };
}
