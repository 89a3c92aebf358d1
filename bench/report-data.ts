// Generates the reports benchmark's data through the Store's own write path: `nodes` nodes
// reporting `runsPerDay` times a day for `days` days, written one node-day at a time (as
// a fleet's reports arrive over a day), with realistic rates of changes and failures.
import { gzipSync } from 'node:zlib';
import type { ChangeClassification, Classification } from '../core/classification.ts';
import { DAY_MS } from '../core/clock.ts';
import { runRecordId } from '../core/ids.ts';
import { RUN_REPORT_SCHEMA, type Resource, type RunReport } from '../core/run-report.ts';
import type { IngestedRun, Store } from '../store/types.ts';

export interface DataShape {
  nodes: number;
  days: number;
  runsPerDay: number;
  start: Date;
}

// A deterministic generator, so every run of the benchmark writes the same data.
let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

/** 4 % of runs change something; of those changes 80 % planned, 10 % unplanned, 4 % corrective, 3 % out of window, 3 % failed. */
function changeKind(): Classification | undefined {
  if (random() >= 0.04) return undefined;
  const r = random();
  return r < 0.8 ? 'planned' : r < 0.9 ? 'unplanned' : r < 0.94 ? 'corrective' : r < 0.97 ? 'out_of_window' : 'failed';
}

const RAW = gzipSync(Buffer.from('{"bench":true}')).toString('base64');

function run(node: number, at: number): IngestedRun {
  const name = `node-${String(node).padStart(5, '0')}.example.com`;
  const kind = changeKind();
  const failed = kind === 'failed' || random() < 0.005;
  const resources: Resource[] = kind
    ? [{ type: 'File', title: `/etc/app/${node % 50}.conf`, path: `/etc/app/${node % 50}.conf`, status: kind === 'failed' ? 'failed' : kind === 'corrective' ? 'corrective' : 'changed', corrective: kind === 'corrective', contentChanged: true, changes: [{ property: 'content', before: '{md5}a', after: '{md5}b' }] }]
    : [];
  const classifications: ChangeClassification[] = kind
    ? [{ classification: kind, reason: kind === 'planned' ? 'matches plan' : 'no approved plan matches', ...(kind === 'planned' || kind === 'out_of_window' ? { plan: { id: `pc_${node % 200}`, ticket: `CHG${node % 200}`, approver: 'bob' } } : {}) }]
    : [];
  const runId = `${node}-${at}`;
  const startedAt = new Date(at).toISOString();
  const report: RunReport = {
    schema: RUN_REPORT_SCHEMA,
    tenant: 'acme',
    source: 'puppet',
    runId,
    agent: { name: 'puppet', version: '7.23.0' },
    node: { name, environment: node % 10 === 0 ? 'staging' : 'production', roles: [`role${node % 20}`], tags: [], capacity: { memoryBytes: 16e9, diskBytes: 200e9, diskUsedBytes: 80e9 }, facts: {} },
    startedAt,
    endedAt: new Date(at + 20_000).toISOString(),
    durationMs: 15_000 + Math.floor(random() * 20_000),
    status: failed ? 'failure' : 'success',
    noop: false,
    corrective: kind === 'corrective',
    counts: { total: 250, changed: kind && kind !== 'failed' ? 1 : 0, corrective: kind === 'corrective' ? 1 : 0, failed: kind === 'failed' ? 1 : 0, noop: 0, skipped: 0, unchanged: 249 },
    resources,
    errors: failed ? [{ message: 'Could not retrieve catalog' }] : [],
    metrics: {},
  };
  return { id: runRecordId('acme', 'puppet', runId), receivedAt: new Date(at + 21_000).toISOString(), report, raw: { contentType: 'application/json', size: 60_000, gzipBase64: RAW }, classifications };
}

/** Writes the data; one node in a thousand goes silent for 8 days in the middle. */
export async function generate(store: Store, shape: DataShape, onProgress: (runs: number) => void): Promise<number> {
  const interval = DAY_MS / shape.runsPerDay;
  const silent = (node: number, day: number) => node % 1000 === 1 && day >= 10 && day < 18;
  let written = 0;
  for (let day = 0; day < shape.days; day++) {
    let batch: IngestedRun[] = [];
    for (let node = 0; node < shape.nodes; node++) {
      if (silent(node, day)) continue;
      const offset = (node * 7919) % interval;
      for (let slot = 0; slot < shape.runsPerDay; slot++) batch.push(run(node, shape.start.getTime() + day * DAY_MS + slot * interval + offset));
      if (batch.length >= 4800) {
        await store.write({ runs: batch, nodeEvents: [] });
        written += batch.length;
        batch = [];
        onProgress(written);
      }
    }
    if (batch.length > 0) await store.write({ runs: batch, nodeEvents: [] });
    written += batch.length;
    onProgress(written);
  }
  return written;
}
