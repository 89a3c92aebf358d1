// The audit entry of an administrative action (tokens, users): who, from where, on what.
import type { AuditOutcome, Store } from '../store/types.ts';

export interface AdminActor {
  tenant: string;
  actor: string;
  sourceIp?: string;
}

export async function auditAdminAction(
  store: Store,
  by: AdminActor,
  action: string,
  target: string,
  outcome: AuditOutcome,
  details?: Record<string, unknown>,
): Promise<void> {
  await store.audit.append({
    tenant: by.tenant,
    actor: by.actor,
    action,
    target,
    ...(by.sourceIp ? { sourceIp: by.sourceIp } : {}),
    outcome,
    ...(details ? { details } : {}),
  });
}
