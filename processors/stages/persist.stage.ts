// Writes the batch to the Store in one transaction and records how long reports took from
// arrival to being queryable.
import type { Metrics } from '../../core/metrics.ts';
import type { Store } from '../../store/types.ts';
import type { RunBatchStage } from './stage.ts';

export function persistStage(deps: { store: Store; metrics: Metrics }): RunBatchStage {
  return {
    name: 'persist',
    async run(batch) {
      await deps.store.write(batch);
      const now = Date.now();
      deps.metrics.writeBatchSize.observe(batch.runs.length + batch.nodeEvents.length);
      for (const run of batch.runs) {
        deps.metrics.runsStored.inc({ source: run.report.source });
        deps.metrics.processingLatency.observe({ source: run.report.source }, (now - Date.parse(run.receivedAt)) / 1000);
      }
    },
  };
}
