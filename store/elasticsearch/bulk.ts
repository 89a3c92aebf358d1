// Sends operations through the client's bulk helper (batching by size and time, bounded
// concurrency for backpressure, retry of 429s) and returns every operation the cluster
// refused, so that the caller decides: nothing is ever dropped silently.
import type { estypes } from '@elastic/elasticsearch';
import type { EsContext } from './context.ts';

export type BulkOperation =
  | { op: 'index' | 'create'; index: string; id: string; doc: unknown; ifSeqNo?: number; ifPrimaryTerm?: number }
  | { op: 'delete'; index: string; id: string };

export interface BulkFailure {
  op: string;
  index: string;
  id: string;
  status: number;
  error: estypes.ErrorCause | null;
}

export class BulkWriteError extends Error {
  override name = 'BulkWriteError';
  constructor(readonly failures: readonly BulkFailure[]) {
    const first = failures[0]!;
    super(`Elasticsearch refused ${failures.length} document(s); first: ${first.op} ${first.index}/${first.id}: ${first.status} ${first.error?.type ?? ''} ${first.error?.reason ?? ''}`.trim());
  }
}

export async function bulkWrite(es: EsContext, operations: readonly BulkOperation[]): Promise<BulkFailure[]> {
  if (operations.length === 0) return [];
  const failures: BulkFailure[] = [];
  const { flushBytes, flushIntervalMs, concurrency, retries } = es.config.bulk;
  await es.client.helpers.bulk<BulkOperation>({
    datasource: [...operations],
    onDocument(operation) {
      const meta = { _index: operation.index, _id: operation.id };
      if (operation.op === 'delete') return { delete: meta };
      const occ = operation.ifSeqNo !== undefined ? { if_seq_no: operation.ifSeqNo, if_primary_term: operation.ifPrimaryTerm! } : {};
      return operation.op === 'create' ? [{ create: { ...meta, ...occ } }, operation.doc] : [{ index: { ...meta, ...occ } }, operation.doc];
    },
    onDrop(dropped) {
      const [op, meta] = Object.entries(Array.isArray(dropped.operation) ? dropped.operation[0] : dropped.operation)[0] as [string, { _index: string; _id: string }];
      // Deleting what is already gone is what a delete is for.
      if (op === 'delete' && dropped.status === 404) return;
      failures.push({ op, index: meta._index, id: meta._id, status: dropped.status, error: dropped.error });
    },
    flushBytes,
    flushInterval: flushIntervalMs,
    concurrency,
    retries,
    wait: 500,
    // Reads right after a write (the API, the classifier's history) must see it.
    refresh: 'wait_for',
  });
  return failures;
}
