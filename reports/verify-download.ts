// Checks a downloaded report: a bundle (zip with manifest.json and manifest.sig inside) or
// a single file with its manifest and signature beside it (or named explicitly).
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { MANIFEST_FILE, SIGNATURE_FILE, verifyReport, type VerifyResult } from './signing.ts';

export interface VerifyOptions {
  publicKeyPem: string;
  manifest?: string;
  signature?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function readOrFail(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

export function verifyDownload(path: string, options: VerifyOptions): VerifyResult {
  const bytes = readOrFail(path, 'report file');
  if (!options.manifest && ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes);
    } catch (err) {
      return { ok: false, reason: `${path} is not a readable zip: ${(err as Error).message}` };
    }
    if (files[MANIFEST_FILE] && files[SIGNATURE_FILE]) {
      const content = new Map(Object.entries(files).filter(([name]) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE));
      return verifyReport(files[MANIFEST_FILE], strFromU8(files[SIGNATURE_FILE]), options.publicKeyPem, content);
    }
  }
  const manifest = readOrFail(options.manifest ?? join(dirname(path), MANIFEST_FILE), 'manifest');
  const signature = readOrFail(options.signature ?? join(dirname(path), SIGNATURE_FILE), 'signature');
  return verifyReport(manifest, Buffer.from(signature).toString('utf8'), options.publicKeyPem, new Map([[basename(path), bytes]]));
}
