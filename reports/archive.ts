// Where generated report files live: <dataDir>/reports/<tenant>/<report id>/<file>. The
// Store keeps the record and manifest; the bytes stay on disk (or, later, object storage).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedFile } from './types.ts';

export interface ReportArchive {
  write(tenant: string, id: string, files: readonly RenderedFile[]): Promise<void>;
  read(tenant: string, id: string, name: string): Promise<Uint8Array | undefined>;
  remove(tenant: string, id: string): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

export function createFileArchive(root: string): ReportArchive {
  const dir = (tenant: string, id: string) => {
    if (!SAFE_NAME.test(id)) throw new Error(`[reports:archive] unsafe report id ${JSON.stringify(id)}`);
    return join(root, encodeURIComponent(tenant), id);
  };
  return {
    async write(tenant, id, files) {
      const target = dir(tenant, id);
      await mkdir(target, { recursive: true, mode: 0o700 });
      for (const file of files) await writeFile(join(target, file.name), file.bytes, { mode: 0o600 });
    },
    async read(tenant, id, name) {
      if (!SAFE_NAME.test(name)) return undefined;
      try {
        return await readFile(join(dir(tenant, id), name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async remove(tenant, id) {
      await rm(dir(tenant, id), { recursive: true, force: true });
    },
  };
}
