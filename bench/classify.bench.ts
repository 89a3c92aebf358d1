// Classification benchmark: 10,000 active plans, then as many changed resources as fit in a
// few seconds, classified on this one thread. The goal is ≥ 100,000 changes per second.
//   npm run bench:classify
import { buildPlanIndex } from '../core/plan-index.ts';
import { RUN_REPORT_SCHEMA, type Resource, type RunReport } from '../core/run-report.ts';
import { classifyRun } from '../processors/classify/classify.ts';
import { benchPlan, ENVIRONMENTS, packages, pick, random, services } from './plan-data.ts';

const PLANS = Number(process.env.PLANS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 20_000);
const CHANGES_PER_RUN = 10;
const WINDOW = { from: '2026-11-20T00:00:00Z', until: '2026-11-21T00:00:00Z' };

function change(): Resource {
  const service = pick(services);
  const kind = random();
  const base = { status: 'changed' as const, corrective: false, contentChanged: false, changes: [] };
  if (kind < 0.6) {
    return { ...base, type: 'File', title: `/etc/${service}/conf.d/${Math.floor(random() * 80)}.conf`, contentChanged: true, changes: [{ property: 'content' }] };
  }
  if (kind < 0.8) return { ...base, type: 'Package', title: pick(packages), changes: [{ property: 'ensure', before: '1.0', after: '1.1' }] };
  if (kind < 0.9) return { ...base, type: 'File', title: `/opt/${service}/app.ini`, contentChanged: true, changes: [{ property: 'content' }] };
  return { ...base, type: 'Service', title: service, changes: [{ property: 'ensure', before: 'stopped', after: 'running' }] };
}

function run(i: number): RunReport {
  const node = `${pick(['web', 'db', 'cache'])}-${Math.floor(random() * 1000)}.example.com`;
  return {
    schema: RUN_REPORT_SCHEMA,
    tenant: 'bench',
    source: 'puppet',
    runId: `run-${i}`,
    agent: { name: 'puppet' },
    node: { name: node, environment: pick(ENVIRONMENTS), roles: ['Role::Web'], tags: [], capacity: {}, facts: {} },
    startedAt: '2026-11-20T12:00:00.000Z',
    status: 'success',
    noop: false,
    corrective: false,
    counts: { total: 100, changed: CHANGES_PER_RUN, corrective: 0, failed: 0, noop: 0, skipped: 0, unchanged: 90 },
    resources: Array.from({ length: CHANGES_PER_RUN }, change),
    errors: [],
    metrics: {},
  };
}

const plans = Array.from({ length: PLANS }, (_, i) => benchPlan(i, WINDOW, 'bench'));
const runs = Array.from({ length: RUNS }, (_, i) => run(i));

let started = performance.now();
const index = buildPlanIndex(plans);
const buildMs = performance.now() - started;

const previousContent = new Map();
const tally: Record<string, number> = {};
for (const r of runs.slice(0, 2000)) classifyRun(r, { plans: index, previousContent }); // warm-up
started = performance.now();
for (const r of runs) for (const c of classifyRun(r, { plans: index, previousContent })) tally[c.classification] = (tally[c.classification] ?? 0) + 1;
const seconds = (performance.now() - started) / 1000;
const changes = RUNS * CHANGES_PER_RUN;

console.log(`classify benchmark: ${PLANS} approved plans, ${changes} changed resources, one thread, node ${process.version}`);
console.log(`index built in ${buildMs.toFixed(0)} ms`);
console.log(`classified ${changes} changes in ${seconds.toFixed(2)} s: ${Math.round(changes / seconds).toLocaleString('en')} changes/s`);
console.log('classes:', tally);
