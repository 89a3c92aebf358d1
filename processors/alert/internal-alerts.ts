// Alerts RunLedger raises about itself and its fleet rather than about one run: a receiver
// that keeps failing, a node that stopped reporting, a burst of auth failures, a broken
// audit chain.
import type { AlertsConfig } from '../../core/alerts-config.ts';
import type { AuditVerification } from '../../store/types.ts';
import { type AlertCandidate, type AlertEvent, type AlertKind, alertLabels, dedupKey, type Severity } from '../../core/alert.ts';

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

/** The candidate, or undefined when alerts.kinds switches the kind off (severity may be overridden). */
export function internalAlert(input: InternalAlertInput, kinds: AlertsConfig['kinds']): AlertCandidate | undefined {
  const setting = kinds[input.kind];
  if (setting?.enabled === false) return undefined;
  const base = { tenant: input.tenant, kind: input.kind, severity: setting?.severity ?? input.severity, ...(input.node ? { node: input.node } : {}), ...(input.environment ? { environment: input.environment } : {}) };
  return {
    ...base,
    dedupKey: internalDedupKey(input),
    summary: input.summary,
    changes: [],
    at: input.at,
    labels: { ...alertLabels(base), ...input.labels },
  };
}

export function internalDedupKey(input: Pick<InternalAlertInput, 'tenant' | 'kind' | 'subject' | 'node'>): string {
  return dedupKey(input.tenant, input.kind, input.subject ?? input.node);
}

/** Fire events for the candidates that are switched on. */
export function fireEvents(candidates: readonly (AlertCandidate | undefined)[]): AlertEvent[] {
  return candidates.flatMap((candidate) => (candidate ? [{ type: 'fire' as const, candidate }] : []));
}

/** audit_chain_broken fires while verification fails and resolves when it passes again. */
export function auditChainEvents(result: AuditVerification, tenant: string, at: string, kinds: AlertsConfig['kinds']): AlertEvent[] {
  const subject = { tenant, kind: 'audit_chain_broken' as const, subject: 'audit-log' };
  if (result.ok) return [{ type: 'resolve', resolution: { tenant, dedupKey: internalDedupKey(subject), at } }];
  const where = result.firstBroken ? ` at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}` : '';
  return fireEvents([internalAlert({ ...subject, severity: 'critical', summary: `The audit hash chain is broken${where}`, at }, kinds)]);
}
