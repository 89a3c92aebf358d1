// The long lists of a large report (every change, every exception) as streams of rows: a
// definition reads the Store once and spools each list to a scratch file (JSON lines), and
// every renderer then reads the list from there as often as it needs, so no format ever
// holds a whole list. `length` is known once the spool is complete (templates print it).
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class RowStream<T> {
  constructor(
    readonly length: number,
    private readonly source: () => AsyncIterable<T>,
  ) {}

  rows(): AsyncIterable<T> {
    return this.source();
  }

  map<U>(fn: (row: T) => U): RowStream<U> {
    const rows = () => this.rows();
    return new RowStream(this.length, async function* () {
      for await (const row of rows()) yield fn(row);
    });
  }

  static of<T>(rows: readonly T[]): RowStream<T> {
    return new RowStream(rows.length, async function* () {
      yield* rows;
    });
  }
}

/** A list as a report model holds it: in memory (small reports, tests) or streamed. */
export type Rows<T> = readonly T[] | RowStream<T>;

export function mapRows<T, U>(rows: Rows<T>, fn: (row: T) => U): Rows<U> {
  return rows instanceof RowStream ? rows.map(fn) : rows.map(fn);
}

/** The model with every RowStream read into an array. */
export type Materialised<T> = T extends RowStream<infer R> ? R[] : T extends readonly (infer E)[] ? Materialised<E>[] : T extends object ? { [K in keyof T]: Materialised<T[K]> } : T;

export async function materialise<T>(value: T): Promise<Materialised<T>> {
  if (value instanceof RowStream) {
    const rows: unknown[] = [];
    for await (const row of value.rows()) rows.push(row);
    return rows as Materialised<T>;
  }
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => materialise(v)))) as Materialised<T>;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, v]) => [key, await materialise(v)] as const));
    return Object.fromEntries(entries) as Materialised<T>;
  }
  return value as Materialised<T>;
}

/** Bytes buffered before a spool writes to its file. */
const SPOOL_BUFFER = 1 << 20;

export interface Spool<T> {
  append(row: T): Promise<void>;
  /** Closes the file; the stream reads it back, oldest row first. */
  finish(): Promise<RowStream<T>>;
}

/** A directory of spools for one report generation; `remove` deletes it and everything in it. */
export interface Scratch {
  spool<T>(name: string): Spool<T>;
  /** A path for another scratch file. */
  path(name: string): string;
  remove(): Promise<void>;
}

/** A new scratch directory under `parent` (the system's temporary directory unless given). */
export async function createScratch(parent = tmpdir()): Promise<Scratch> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(parent, 'rl-report-'));
  return {
    spool: (name) => createSpool(join(dir, `${name}.jsonl`)),
    path: (name) => join(dir, name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` with a scratch directory (under `parent`) that is removed afterwards, whatever happens. */
export async function withScratch<R>(fn: (scratch: Scratch) => Promise<R>, parent?: string): Promise<R> {
  const scratch = await createScratch(parent);
  try {
    return await fn(scratch);
  } finally {
    await scratch.remove();
  }
}

function createSpool<T>(path: string): Spool<T> {
  const out: WriteStream = createWriteStream(path, { mode: 0o600 });
  let pending = '';
  let count = 0;
  const flush = async () => {
    if (pending === '') return;
    const ok = out.write(pending);
    pending = '';
    if (!ok) await once(out, 'drain');
  };
  return {
    async append(row) {
      // JSON escapes newlines inside strings, so one line is one row.
      pending += `${JSON.stringify(row)}\n`;
      count += 1;
      if (pending.length >= SPOOL_BUFFER) await flush();
    },
    async finish() {
      await flush();
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return new RowStream<T>(count, () => readLines<T>(path));
    },
  };
}

async function* readLines<T>(path: string): AsyncIterable<T> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: SPOOL_BUFFER })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield JSON.parse(line) as T;
  }
}
