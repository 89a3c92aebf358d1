// The bundle download: a zip of the report's files stored as they are (no compression, the
// files are HTML, PDF, zip and JSON), built while the files are read, one after the other.
import type { Readable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';

export async function* storedZip(files: readonly { name: string; stream: Readable }[]): AsyncIterable<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else ready.push(data);
  });
  const drained = function* () {
    if (failure) throw failure;
    yield* ready.splice(0);
  };
  for (const { name, stream } of files) {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    for await (const chunk of stream) {
      entry.push(chunk as Buffer);
      yield* drained();
    }
    entry.push(new Uint8Array(0), true);
    yield* drained();
  }
  zip.end();
  yield* drained();
}
