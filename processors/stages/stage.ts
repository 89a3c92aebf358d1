// A stage of run processing. The runs processor passes each queue job's batch through the
// stages in order (classify → persist → alert); a stage may enrich the batch for later ones.
import type { WriteBatch } from '../../store/types.ts';
import type { JobContext } from '../worker.ts';

export interface RunBatchStage {
  name: string;
  run(batch: WriteBatch, ctx: JobContext): Promise<void>;
}
