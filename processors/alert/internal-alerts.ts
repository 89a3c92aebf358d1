// Alerts RunLedger raises about itself and its fleet rather than about one run: a receiver
// that keeps failing, a node that stopped reporting, a burst of auth failures, a broken
// audit chain.
import { type AlertCandidate, type AlertKind, alertLabels, dedupKey, type Severity } from '../../core/alert.ts';

export interface InternalAlertInput {
  tenant: string;
  kind: AlertKind;
  severity: Severity;
  summary: string;
  at: string;
  /** The subject: a node name, or a receiver for delivery_failing. */
  subject?: string;
  node?: string;
  environment?: string;
  labels?: Record<string, string>;
}

export function internalAlert(input: InternalAlertInput): AlertCandidate {
  const base = { tenant: input.tenant, kind: input.kind, severity: input.severity, ...(input.node ? { node: input.node } : {}), ...(input.environment ? { environment: input.environment } : {}) };
  return {
    ...base,
    dedupKey: dedupKey(input.tenant, input.kind, input.subject ?? input.node),
    summary: input.summary,
    changes: [],
    at: input.at,
    labels: { ...alertLabels(base), ...input.labels },
  };
}
