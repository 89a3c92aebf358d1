// JSON: the whole model, pretty-printed as JSON.stringify(model, null, 2) would; the rows of a
// long list (a RowStream) are written as they stream in, one compact row per line.
import { randomBytes } from 'node:crypto';
import { RowStream } from '../row-stream.ts';

/** Characters of rows collected before they are handed on. */
const CHUNK = 256 * 1024;

export async function writeJson(model: unknown, write: (text: string) => Promise<void>): Promise<void> {
  // Each list is replaced by a marker string, found again in the text by its JSON form.
  const nonce = randomBytes(8).toString('hex');
  const lists: RowStream<unknown>[] = [];
  const text = JSON.stringify(model, (_key, value: unknown) => (value instanceof RowStream ? `\u0000RL-${nonce}:${lists.push(value) - 1}` : value), 2);
  const pieces = `${text}\n`.split(new RegExp(`"\\\\u0000RL-${nonce}:(\\d+)"`));
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) {
      await write(pieces[i]!);
      continue;
    }
    // The list's indentation is that of the line it stands on.
    const before = pieces[i - 1]!;
    const indent = `${/^ */.exec(before.slice(before.lastIndexOf('\n') + 1))![0]}  `;
    let chunk = '[';
    let first = true;
    for await (const row of lists[Number(pieces[i])]!.rows()) {
      chunk += `${first ? '' : ','}\n${indent}${JSON.stringify(row)}`;
      first = false;
      if (chunk.length >= CHUNK) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(`${chunk}${first ? '' : `\n${indent.slice(2)}`}]`);
  }
}
