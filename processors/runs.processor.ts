// Processes each batch of accepted reports and node events: validates the job, then runs
// the stages in order (processors/stages/).
import { z } from 'zod';
import { RUN_REPORT_SCHEMA } from '../core/run-report.ts';
import type { WriteBatch } from '../store/types.ts';
import { QUEUES, type RunsJob } from './queues.ts';
import type { RunBatchStage } from './stages/stage.ts';
import type { ProcessorDefinition } from './worker.ts';

/** The ingest validated every report; this guards against a producer of another version. */
const QueueItemShape = z.union([
  z.object({ kind: z.literal('run'), run: z.looseObject({ report: z.looseObject({ schema: z.literal(RUN_REPORT_SCHEMA) }) }) }),
  z.object({ kind: z.literal('node_event'), event: z.looseObject({ node: z.string() }) }),
]);

export function runsProcessor(stages: readonly RunBatchStage[]): ProcessorDefinition<RunsJob> {
  return {
    queue: QUEUES.runs,
    // SQLite has one writer; batches already carry up to batchMaxRuns reports each.
    concurrency: 1,
    async handle(data, ctx) {
      const batch: WriteBatch = { runs: [], nodeEvents: [] };
      for (const item of data.items) {
        QueueItemShape.parse(item);
        if (item.kind === 'run') batch.runs.push(item.run);
        else batch.nodeEvents.push(item.event);
      }
      for (const stage of stages) await stage.run(batch, ctx);
    },
  };
}
