// Turns evidence into exceptions-register rows. Ids are derived from what the finding is
// about (a change, a run, a gap, a credential source), so regenerating a report keeps them.
import { createHash } from 'node:crypto';
import { FINDING_TAGS, FINDINGS, type FindingKind } from '../controls.ts';
import type { AuthFailureGroup, ControlFailure, Finding, TracedChange } from './evidence.types.ts';

export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 12).toUpperCase()}`;
}

function finding(kind: FindingKind, key: string, detectedAt: string, node: string | null, description: string, evidence: string): Finding {
  const { label, severity } = FINDINGS[kind];
  return {
    id: stableId('EX', kind, key),
    kind,
    label,
    severity,
    detectedAt,
    node,
    description,
    evidence,
    tags: FINDING_TAGS[kind],
    disposition: '',
    owner: '',
    rootCause: '',
    remediation: '',
    compensatingControl: '',
    status: 'open',
    closedAt: '',
  };
}

const CHANGE_FINDINGS: Partial<Record<TracedChange['classification'], FindingKind>> = {
  unplanned: 'unplanned_change',
  out_of_window: 'change_outside_window',
  corrective: 'template_hand_edit',
};

export function changeFinding(change: TracedChange): Finding | undefined {
  const kind = CHANGE_FINDINGS[change.classification];
  if (!kind) return undefined;
  const plan = change.ticket ? ` (plan ${change.planId}, ticket ${change.ticket})` : '';
  return finding(kind, change.evidenceId, change.at, change.node, `${change.resource}: ${change.reason}${plan}`, change.evidenceId);
}

export function failureFinding(failure: ControlFailure): Finding {
  return finding(failure.kind, failure.id, failure.start, failure.node, failure.cause, failure.id);
}

export function authFinding(group: AuthFailureGroup): Finding {
  return finding(
    'ingest_auth_failure',
    `${group.sourceIp}\u0000${group.reason}\u0000${group.first}`,
    group.first,
    null,
    `${group.count} failed authentication(s) from ${group.sourceIp} (${group.reason}) between ${group.first} and ${group.last}`,
    'audit:auth.failure',
  );
}

export function unattributedAuthFinding(count: number, from: string): Finding {
  return finding('ingest_auth_failure', `unattributed\u0000${from}`, from, null, `${count} failed authentication(s) with credentials no tenant owns (unknown or revoked tokens)`, 'audit:auth.failure');
}

export function auditChainFinding(firstBroken: string, checkedAt: string): Finding {
  return finding('audit_log_integrity_failure', firstBroken, checkedAt, null, `Audit log verification failed: ${firstBroken}`, 'audit:verify');
}
