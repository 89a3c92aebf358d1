// Writes each batch of accepted reports and node events to the Store in one transaction.
import { z } from 'zod';
import type { Metrics } from '../core/metrics.ts';
import { RUN_REPORT_SCHEMA } from '../core/run-report.ts';
import type { IngestedRun, NodeEvent, Store } from '../store/types.ts';
import { QUEUES, type RunsJob } from './queues.ts';
import type { ProcessorDefinition } from './worker.ts';

/** The ingest validated every report; this guards against a producer of another version. */
const QueueItemShape = z.union([
  z.object({ kind: z.literal('run'), run: z.looseObject({ report: z.looseObject({ schema: z.literal(RUN_REPORT_SCHEMA) }) }) }),
  z.object({ kind: z.literal('node_event'), event: z.looseObject({ node: z.string() }) }),
]);

export function runsProcessor(deps: { store: Store; metrics: Metrics }): ProcessorDefinition<RunsJob> {
  return {
    queue: QUEUES.runs,
    // SQLite has one writer; batches already carry up to batchMaxRuns reports each.
    concurrency: 1,
    async handle(data) {
      const runs: IngestedRun[] = [];
      const nodeEvents: NodeEvent[] = [];
      for (const item of data.items) {
        QueueItemShape.parse(item);
        if (item.kind === 'run') runs.push(item.run);
        else nodeEvents.push(item.event);
      }
      await deps.store.write({ runs, nodeEvents });
      deps.metrics.writeBatchSize.observe(data.items.length);
      const now = Date.now();
      for (const run of runs) {
        deps.metrics.runsStored.inc({ source: run.report.source });
        deps.metrics.processingLatency.observe({ source: run.report.source }, (now - Date.parse(run.receivedAt)) / 1000);
      }
    },
  };
}
