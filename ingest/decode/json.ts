// JSON with a nesting limit. JSON.parse itself has none, and later stages walk parts of the
// tree, so the depth is checked on the raw text first (strings skipped), before anything is built.
import { IngestError } from '../errors.ts';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function maxJsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

export function parseJson(text: string, options: { maxDepth: number }): unknown {
  if (maxJsonDepth(text, options.maxDepth) > options.maxDepth) {
    throw new IngestError('RL_INGEST_TOO_DEEP', `the JSON body nests deeper than the limit of ${options.maxDepth} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new IngestError('RL_INGEST_MALFORMED', `the body is not valid JSON: ${(err as Error).message}`);
  }
}
