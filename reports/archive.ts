// Where generated report files live: <dataDir>/reports/<tenant>/<report id>/<file>. The
// Store keeps the record and manifest; the bytes stay on disk (or, later, object storage).
// Generation writes each file here as it renders it (`open`); nothing holds a whole file.
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHashedFile, type HashedFile } from './hashed-file.ts';

/** The directory of one report being generated. */
export interface ReportOutput {
  /** A new file, hashed as it is written. */
  create(name: string): HashedFile;
  /** Where a file of this report is on disk (Chromium prints the HTML from there). */
  path(name: string): string;
  /** Where generation keeps its scratch files (`<root>.scratch`, beside the archive: on its disk, as large as a report). */
  scratchDir: string;
}

export interface ReportArchive {
  open(tenant: string, id: string): Promise<ReportOutput>;
  read(tenant: string, id: string, name: string): Promise<Uint8Array | undefined>;
  /** A stored file as a stream with its size, for downloads of any size. */
  stream(tenant: string, id: string, name: string): Promise<{ stream: ReadStream; bytes: number } | undefined>;
  remove(tenant: string, id: string): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export function createFileArchive(root: string): ReportArchive {
  const dir = (tenant: string, id: string) => {
    if (!SAFE_NAME.test(id)) throw new Error(`[reports:archive] unsafe report id ${JSON.stringify(id)}`);
    return join(root, encodeURIComponent(tenant), id);
  };
  const file = (tenant: string, id: string, name: string) => {
    if (!SAFE_NAME.test(name)) throw new Error(`[reports:archive] unsafe file name ${JSON.stringify(name)}`);
    return join(dir(tenant, id), name);
  };
  return {
    async open(tenant, id) {
      await mkdir(dir(tenant, id), { recursive: true, mode: 0o700 });
      return { create: (name) => createHashedFile(file(tenant, id, name)), path: (name) => file(tenant, id, name), scratchDir: `${root}.scratch` };
    },
    async read(tenant, id, name) {
      if (!SAFE_NAME.test(name)) return undefined;
      try {
        return await readFile(file(tenant, id, name));
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    async stream(tenant, id, name) {
      if (!SAFE_NAME.test(name)) return undefined;
      const path = file(tenant, id, name);
      try {
        const { size } = await stat(path);
        return { stream: createReadStream(path), bytes: size };
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    async remove(tenant, id) {
      await rm(dir(tenant, id), { recursive: true, force: true });
    },
  };
}
