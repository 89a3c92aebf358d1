// CSV: one file per table, zipped as the rows stream in (fflate's streaming Zip). Cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe (CSV injection).
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { type AsyncFlateStreamHandler, Zip, type ZipInputFile } from 'fflate';
import { RowStream } from '../row-stream.ts';
import type { Cell, ReportTable } from '../types.ts';

const FORMULA = /^[=+\-@\t\r]/;
/** Rows stringified and compressed together. */
const ROWS_PER_CHUNK = 2000;
/** A fixed time in every entry, so the same tables give the same zip. */
const MTIME = new Date('2000-01-01T00:00:00Z');

function csvText(rows: readonly Record<string, Cell>[], columns: string[], header: boolean): string {
  return stringify(rows as Record<string, Cell>[], {
    header,
    columns,
    cast: { string: (value) => (FORMULA.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value), boolean: (value) => String(value) },
  });
}

async function* chunks(rows: ReportTable['rows']): AsyncIterable<Record<string, Cell>[]> {
  if (!(rows instanceof RowStream)) {
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) yield rows.slice(i, i + ROWS_PER_CHUNK);
    return;
  }
  let chunk: Record<string, Cell>[] = [];
  for await (const row of rows.rows()) {
    chunk.push(row);
    if (chunk.length === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** A zip entry deflated by node:zlib: native code on libuv's pool, several times faster than
 *  fflate's JavaScript deflate on the hundreds of MB of CSV of a large fleet. */
class DeflatedEntry implements ZipInputFile {
  crc = 0;
  size = 0;
  readonly compression = 8;
  readonly mtime = MTIME;
  ondata!: AsyncFlateStreamHandler;
  private readonly deflate = createDeflateRaw({ level: 6 });

  constructor(readonly filename: string) {
    this.deflate.on('data', (chunk: Uint8Array<ArrayBuffer>) => this.ondata(null, chunk, false));
    this.deflate.on('error', (err) => this.ondata(err as never, null as never, false));
  }

  async push(text: string): Promise<void> {
    const bytes = Buffer.from(text);
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.byteLength;
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  async end(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    this.ondata(null, new Uint8Array(0), true);
  }
}

/** Writes the zip to `write` as it is compressed, one table after the other. */
export async function writeCsvZip(tables: readonly ReportTable[], write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else ready.push(data);
  });
  const drain = async () => {
    if (failure) throw failure;
    for (const bytes of ready.splice(0)) await write(bytes);
  };
  for (const table of tables) {
    const file = new DeflatedEntry(`${table.name}.csv`);
    zip.add(file);
    // The columns are the first row's, header included; a table without rows is an empty file.
    let columns: string[] | undefined;
    for await (const rows of chunks(table.rows)) {
      const header = columns === undefined;
      columns ??= Object.keys(rows[0]!);
      await file.push(csvText(rows, columns, header));
      await drain();
    }
    await file.end();
    await drain();
  }
  zip.end();
  await drain();
}

/** The zip in memory: for small reports and tests. */
export async function renderCsvZip(tables: readonly ReportTable[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeCsvZip(tables, async (bytes) => void parts.push(bytes));
  return Buffer.concat(parts);
}
