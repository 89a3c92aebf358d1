// Writes one report file straight to disk, taking its SHA-256 and size as the bytes pass, so
// the manifest can list a file of any size without reading it back or holding it.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface HashedFile {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Flushes and closes the file; its SHA-256 (hex) and size. */
  close(): Promise<{ sha256: string; bytes: number }>;
}

export function createHashedFile(path: string): HashedFile {
  const out = createWriteStream(path, { mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  let failed: Error | undefined;
  out.on('error', (err) => {
    failed = err;
  });
  return {
    async write(chunk) {
      if (failed) throw failed;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (buffer.byteLength === 0) return;
      hash.update(buffer);
      bytes += buffer.byteLength;
      if (!out.write(buffer)) await once(out, 'drain');
    },
    async close() {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (failed) throw failed;
      return { sha256: hash.digest('hex'), bytes };
    },
  };
}
