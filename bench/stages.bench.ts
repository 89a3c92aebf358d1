// Worker-stage benchmark: the CPU each run-processing stage spends per report, without HTTP,
// parsing or Redis in the way. Parses the ingest benchmark's Puppet body once per run id (as
// the parse threads do), then passes batches through classify and persist, and prints CPU
// milliseconds per report for each stage: once with the classify stage and once without (each
// on a fresh SQLite store, taking turns batch by batch), and what classification adds.
//   npm run bench:stages -- [--runs 6400] [--batch 8]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.ts';
import { createLogger } from '../core/logger.ts';
import { createMetrics } from '../core/metrics.ts';
import { parseReport } from '../ingest/parse/parse-report.ts';
import { classifyStage } from '../processors/stages/classify.stage.ts';
import { persistStage } from '../processors/stages/persist.stage.ts';
import type { RunBatchStage } from '../processors/stages/stage.ts';
import type { JobContext } from '../processors/worker.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import type { IngestedRun } from '../store/types.ts';
import { puppetTemplate, withRunId } from './bodies.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '6400' },
    // About what the ingest's micro-batching puts in a queue job at full load.
    batch: { type: 'string', default: '8' },
  },
});
const RUNS = Number(values.runs);
const BATCH = Number(values.batch);

const template = puppetTemplate();
const limits = { maxDecompressedBytes: 64 << 20, yamlMaxDepth: 64, yamlMaxAliases: 1000, jsonMaxDepth: 64 };
const runs: IngestedRun[] = [];
for (let n = 1; n <= RUNS; n++) {
  const result = parseReport({ adapter: 'puppet', syntax: 'yaml', contentType: 'application/x-yaml', body: withRunId(template, n), tenant: 'bench', receivedAt: new Date().toISOString(), limits });
  if (!result.ok || result.item.kind !== 'run') throw new Error(`the benchmark body did not parse: ${JSON.stringify(result)}`);
  // Each run an hour after the previous one, as one node's runs arrive.
  const run = result.item.run;
  run.report.startedAt = new Date(Date.parse('2026-11-01T00:00:00Z') + n * 3_600_000).toISOString();
  runs.push(run);
}

const metrics = createMetrics();
const ctx: JobContext = { jobId: 'bench', attempt: 1, log: createLogger('silent') };

/** One pipeline on its own fresh store; `cpuMs` sums each stage's CPU over every batch. */
function pipeline(name: string, classify: boolean) {
  const store = createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'rl-bench-stages-')), 'runledger.db') });
  const stages: RunBatchStage[] = [
    ...(classify ? [classifyStage({ store, metrics, clock: systemClock, outOfWindowDays: 30 })] : []),
    persistStage({ store, metrics }),
  ];
  return { name, store, stages, cpuMs: new Map(stages.map((s) => [s.name, 0])) };
}

// Both pipelines take turns batch by batch, so drift in the machine's speed hits both alike.
const pipelines = [pipeline('with classification', true), pipeline('without', false)];
for (let i = 0; i < runs.length; i += BATCH) {
  for (const p of pipelines) {
    // Each pipeline classifies its own copy: the classify stage writes into the runs.
    const batch = { runs: structuredClone(runs.slice(i, i + BATCH)), nodeEvents: [] };
    for (const stage of p.stages) {
      const before = process.cpuUsage();
      await stage.run(batch, ctx);
      const used = process.cpuUsage(before);
      p.cpuMs.set(stage.name, p.cpuMs.get(stage.name)! + (used.user + used.system) / 1000);
    }
  }
}
for (const p of pipelines) await p.store.close();

const changed = runs[0]!.report.resources.filter((r) => r.status === 'changed').length;
console.log(`${RUNS} Puppet runs (${runs[0]!.report.resources.length} resources, ${changed} changed), batches of ${BATCH}:`);
const perReport = (ms: number) => `${(ms / RUNS).toFixed(3)} ms`;
const totals = pipelines.map((p) => [...p.cpuMs.values()].reduce((a, b) => a + b, 0));
for (const [i, p] of pipelines.entries()) {
  console.log(`  ${p.name}: ${[...p.cpuMs].map(([stage, ms]) => `${stage} ${perReport(ms)}`).join(', ')}; total ${perReport(totals[i]!)} CPU per report`);
}
console.log(`  classification costs ${perReport(totals[0]! - totals[1]!)} of worker CPU per report`);
