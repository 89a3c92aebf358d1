// Removes the request's Content-Encoding (gzip, deflate) with a cap on the inflated size,
// so that a small compressed body cannot expand into gigabytes.
import { gunzipSync, inflateSync } from 'node:zlib';
import { IngestError } from '../errors.ts';

export const CONTENT_ENCODINGS = ['identity', 'gzip', 'x-gzip', 'deflate'] as const;

export function decodeContentEncoding(body: Uint8Array, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase() || 'identity';
  const input = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (name === 'identity') return input;
  const inflate = name === 'gzip' || name === 'x-gzip' ? gunzipSync : name === 'deflate' ? inflateSync : undefined;
  if (!inflate) {
    throw new IngestError('RL_INGEST_CONTENT_ENCODING', `Content-Encoding '${name}' is not supported; send gzip, deflate or identity`);
  }
  try {
    return inflate(input, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError('RL_INGEST_TOO_LARGE', `the ${name}-decoded body is larger than the limit of ${maxBytes} bytes`);
    }
    throw new IngestError('RL_INGEST_MALFORMED', `the body is not valid ${name} data: ${(err as Error).message}`);
  }
}
