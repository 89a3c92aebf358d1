// Walks the audit hash chain daily; the outcome is itself an audit entry, so a break is
// on record (and alerted once alerts exist) even if nobody runs `runledger audit verify`.
import { SYSTEM_ACTOR } from '../../core/roles.ts';
import type { AuditVerification, Store } from '../../store/types.ts';
import type { ScheduledJob } from './scheduler.ts';

export async function verifyAuditLog(store: Store): Promise<AuditVerification> {
  const result = await store.audit.verify();
  await store.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'audit.verify',
    outcome: result.ok ? 'success' : 'failure',
    details: { checked: result.checked, ...(result.head ? { head: result.head } : {}), ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}) },
  });
  return result;
}

/** `onResult` lets alerting raise (or resolve) "audit chain check failed". */
export function auditVerifyJob(store: Store, cronExpression: string, onResult?: (result: AuditVerification) => Promise<void>): ScheduledJob {
  return {
    name: 'audit-verify',
    cron: cronExpression,
    async run() {
      const result = await verifyAuditLog(store);
      await onResult?.(result);
      return result;
    },
  };
}
