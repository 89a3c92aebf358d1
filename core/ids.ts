// Identifiers. Run and change ids are derived from the natural key, so a re-delivered
// report maps onto the same rows (idempotent writes) and evidence ids stay stable.
import { createHash, randomBytes } from 'node:crypto';
import type { Source } from './run-report.ts';

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

/** The natural key of a run: one tenant, one agent, one agent run id. */
export function runKey(tenant: string, source: Source, agentRunId: string): string {
  return digest(tenant, source, agentRunId);
}

/** RunLedger's id of a stored run, safe in URLs and as a BullMQ job id (no ':', never all digits). */
export function runRecordId(tenant: string, source: Source, agentRunId: string): string {
  return `r_${runKey(tenant, source, agentRunId).slice(0, 26)}`;
}

/** Stable evidence id of one resource change: the run plus its position in the report. */
export function changeRecordId(runId: string, ordinal: number): string {
  return `c_${digest(runId, String(ordinal)).slice(0, 26)}`;
}

/** A random id with a readable prefix, for tokens, jobs and audit references. */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}
