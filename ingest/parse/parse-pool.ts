// The pool of worker threads that parse reports, so that YAML parsing (the costliest step
// of ingest) uses every core and never blocks the HTTP event loop.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ParseResult, ParseTask } from './parse-report.ts';

export interface ParsePool {
  parse(task: ParseTask): Promise<ParseResult>;
  close(): Promise<void>;
}

export function createParsePool(threads = availableParallelism()): ParsePool {
  const pool = new Piscina<ParseTask, ParseResult>({
    filename: new URL('./worker-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    parse(task) {
      // Move the body to the thread instead of copying it, unless it shares its memory with
      // other buffers (Node pools small allocations): transferring would detach them too.
      const body = task.body.byteLength === task.body.buffer.byteLength ? task.body : new Uint8Array(task.body);
      return pool.run({ ...task, body }, { transferList: [body.buffer as ArrayBuffer] });
    },
    close: () => pool.destroy(),
  };
}
