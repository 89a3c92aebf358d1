// Checks a generated report's stored files against its signed manifest on the server (the
// UI's "verify"): the signature over manifest.json, then every file the manifest lists must be
// in the archive, unchanged. The same check as `runledger report verify` on a download.
import type { ReportRecord } from '../store/report-records.types.ts';
import type { ReportArchive } from './archive.ts';
import { createHash } from 'node:crypto';
import { MANIFEST_FILE, SIGNATURE_FILE, verifyDigests, type VerifyResult } from './signing.ts';

export async function verifyStored(archive: ReportArchive, record: ReportRecord, publicKeyPem: string): Promise<VerifyResult> {
  const read = (name: string) => archive.read(record.tenant, record.id, name);
  const [manifest, signature] = await Promise.all([read(MANIFEST_FILE), read(SIGNATURE_FILE)]);
  if (!manifest || !signature) return { ok: false, reason: `the manifest or its signature of report ${record.id} is no longer in the archive` };
  // Files are hashed as they are read: a report of a large fleet is hundreds of MB.
  const digests = new Map<string, string>();
  for (const { name } of record.files.filter((f) => f.name !== MANIFEST_FILE && f.name !== SIGNATURE_FILE)) {
    const stored = await archive.stream(record.tenant, record.id, name);
    if (!stored) return { ok: false, reason: `${name} is no longer in the archive` };
    const hash = createHash('sha256');
    for await (const chunk of stored.stream) hash.update(chunk as Buffer);
    digests.set(name, hash.digest('hex'));
  }
  const result = verifyDigests(manifest, Buffer.from(signature).toString('utf8'), publicKeyPem, digests);
  if (!result.ok) return result;
  const missing = result.manifest.files.filter((f) => !digests.has(f.name)).map((f) => f.name);
  return missing.length > 0 ? { ok: false, reason: `listed in the manifest but not stored: ${missing.join(', ')}` } : result;
}
