// The audit log's hash chain, shared by every backend: each entry carries the SHA-256 of
// the previous one, so editing or deleting any entry breaks every hash after it.
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEntryInput, AuditVerification } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so that the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = [
    entry.seq,
    entry.at,
    entry.tenant ?? null,
    entry.actor,
    entry.action,
    entry.target ?? null,
    entry.sourceIp ?? null,
    entry.outcome,
    entry.details ?? null,
    entry.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The entry that follows `head` (or starts the chain), hashed. Every backend appends these. */
export function chainedEntry(input: AuditEntryInput, head: { seq: number; hash: string } | undefined, at: string): AuditEntry {
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    at,
    ...(input.tenant !== undefined ? { tenant: input.tenant } : {}),
    actor: input.actor,
    action: input.action,
    ...(input.target !== undefined ? { target: input.target } : {}),
    ...(input.sourceIp !== undefined ? { sourceIp: input.sourceIp } : {}),
    outcome: input.outcome,
    ...(input.details !== undefined ? { details: input.details } : {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: auditEntryHash(unhashed) };
}

/** Walks entries in sequence order and names the first one that breaks the chain. */
export async function verifyAuditChain(entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const entry of entries) {
    const broken = (reason: string): AuditVerification => ({ ok: false, checked, firstBroken: { seq: entry.seq, reason } });
    if (entry.seq !== expectedSeq) return broken(`expected entry ${expectedSeq} but found ${entry.seq}: entries are missing`);
    if (entry.prevHash !== prevHash) return broken('its previous-hash does not match the entry before it');
    if (auditEntryHash(entry) !== entry.hash) return broken('its content does not match its hash: the entry was edited');
    prevHash = entry.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return checked === 0 ? { ok: true, checked } : { ok: true, checked, head: { seq: expectedSeq - 1, hash: prevHash } };
}
