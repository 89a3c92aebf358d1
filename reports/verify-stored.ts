// Checks a generated report's stored files against its signed manifest on the server (the
// UI's "verify"): the signature over manifest.json, then every file the manifest lists must be
// in the archive, unchanged. The same check as `runledger report verify` on a download.
import type { ReportRecord } from '../store/report-records.types.ts';
import type { ReportArchive } from './archive.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, verifyReport, type VerifyResult } from './signing.ts';

export async function verifyStored(archive: ReportArchive, record: ReportRecord, publicKeyPem: string): Promise<VerifyResult> {
  const read = (name: string) => archive.read(record.tenant, record.id, name);
  const [manifest, signature] = await Promise.all([read(MANIFEST_FILE), read(SIGNATURE_FILE)]);
  if (!manifest || !signature) return { ok: false, reason: `the manifest or its signature of report ${record.id} is no longer in the archive` };
  const files = new Map<string, Uint8Array>();
  for (const { name } of record.files.filter((f) => f.name !== MANIFEST_FILE && f.name !== SIGNATURE_FILE)) {
    const bytes = await read(name);
    if (!bytes) return { ok: false, reason: `${name} is no longer in the archive` };
    files.set(name, bytes);
  }
  const result = verifyReport(manifest, Buffer.from(signature).toString('utf8'), publicKeyPem, files);
  if (!result.ok) return result;
  const missing = result.manifest.files.filter((f) => !files.has(f.name)).map((f) => f.name);
  return missing.length > 0 ? { ok: false, reason: `listed in the manifest but not stored: ${missing.join(', ')}` } : result;
}
