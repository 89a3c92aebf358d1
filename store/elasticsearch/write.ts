// Writes a batch: runs, their changes and raw bodies into the monthly indices, and each
// node's latest state. Document ids come from the run's natural key, so a re-delivered batch
// overwrites itself. Node states are read (realtime GET), folded and written back under
// if_seq_no: a concurrent writer makes the write conflict, and the node is folded again.
import { changeRecordId } from '../../core/ids.ts';
import type { IngestedRun, WriteBatch } from '../types.ts';
import { type BulkOperation, BulkWriteError, bulkWrite } from './bulk.ts';
import type { EsContext } from './context.ts';
import { changeDocs, rawDoc, runDoc } from './documents.ts';
import { fold, type NodeChange, type NodeDoc, nodeDocId, nodeOf } from './node-state.ts';

/** Rounds of re-folding a node that another writer updated meanwhile. */
const NODE_CONFLICT_ROUNDS = 10;

interface Found<T> {
  doc?: T;
  seqNo?: number;
  primaryTerm?: number;
}

export function createWriter(es: EsContext): (batch: WriteBatch) => Promise<void> {
  const nodesIndex = es.names.collection('nodes');

  async function mget<T>(docs: { _index: string; _id: string; _source?: string[] }[]): Promise<Found<T>[]> {
    if (docs.length === 0) return [];
    const response = await es.client.mget<T>({ docs });
    return response.docs.map((d) => ('found' in d && d.found ? { doc: d._source as T, seqNo: d._seq_no!, primaryTerm: d._primary_term! } : {}));
  }

  /** The run, changes and raw-body operations; deletes the changes a rewrite no longer has. */
  async function runOperations(runs: IngestedRun[], storedAt: string): Promise<BulkOperation[]> {
    const runIndex = (run: IngestedRun) => es.names.monthly('runs', run.report.startedAt);
    const previous = await mget<{ changeCount: number }>(runs.map((run) => ({ _index: runIndex(run), _id: run.id, _source: ['changeCount'] })));
    return runs.flatMap((run, i) => {
      const changes = changeDocs(run);
      const changesIndex = es.names.monthly('changes', run.report.startedAt);
      const stale = Array.from({ length: Math.max(0, (previous[i]!.doc?.changeCount ?? 0) - changes.length) }, (_, k) => changes.length + k);
      return [
        { op: 'index', index: runIndex(run), id: run.id, doc: runDoc(run, changes, storedAt) },
        ...changes.map((doc): BulkOperation => ({ op: 'index', index: changesIndex, id: doc.id, doc })),
        ...stale.map((ordinal): BulkOperation => ({ op: 'delete', index: changesIndex, id: changeRecordId(run.id, ordinal) })),
        { op: 'index', index: es.names.monthly('raw', run.report.startedAt), id: run.id, doc: rawDoc(run) },
      ];
    });
  }

  async function nodeOperations(changesByNode: Map<string, NodeChange[]>): Promise<BulkOperation[]> {
    const ids = [...changesByNode.keys()];
    const current = await mget<NodeDoc>(ids.map((id) => ({ _index: nodesIndex, _id: id })));
    return ids.map((id, i): BulkOperation => {
      const found = current[i]!;
      const doc = fold(found.doc, changesByNode.get(id)!);
      return found.doc
        ? { op: 'index', index: nodesIndex, id, doc, ifSeqNo: found.seqNo!, ifPrimaryTerm: found.primaryTerm! }
        : { op: 'create', index: nodesIndex, id, doc };
    });
  }

  return async function write(batch) {
    // The same run twice in one batch: only the last copy counts.
    const runs = [...new Map(batch.runs.map((run) => [run.id, run])).values()];
    const byNode = new Map<string, NodeChange[]>();
    const changes: NodeChange[] = [...runs.map((run): NodeChange => ({ kind: 'run', run })), ...batch.nodeEvents.map((event): NodeChange => ({ kind: 'event', event }))];
    for (const change of changes) {
      const { tenant, name } = nodeOf(change);
      const id = nodeDocId(tenant, name);
      byNode.set(id, [...(byNode.get(id) ?? []), change]);
    }

    let failures = await bulkWrite(es, [...(await runOperations(runs, new Date().toISOString())), ...(await nodeOperations(byNode))]);
    for (let round = 0; round < NODE_CONFLICT_ROUNDS; round += 1) {
      const conflicts = failures.filter((f) => f.status === 409 && f.index === nodesIndex);
      if (conflicts.length === 0 || conflicts.length < failures.length) break;
      const retry = new Map(conflicts.map((f) => [f.id, byNode.get(f.id)!]));
      failures = await bulkWrite(es, await nodeOperations(retry));
    }
    if (failures.length > 0) throw new BulkWriteError(failures);
  };
}
