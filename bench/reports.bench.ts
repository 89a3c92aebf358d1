// Reports benchmark: generates 30 days of 10,000 nodes × 48 runs a day (14.4 M runs) in a
// SQLite store, then generates the PCI DSS report for the period (HTML, CSV, JSON; PDF with
// --pdf) and prints the time and peak RSS. Goal: ≤ 60 s and ≤ 1 GB RSS at full size.
//   npm run bench:reports -- [--nodes 10000] [--days 30] [--runs-per-day 48] [--pdf] [--db FILE]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DAY_MS } from '../core/clock.ts';
import { createFileArchive } from '../reports/archive.ts';
import { pciDssReport } from '../reports/definitions/pci-dss.report.ts';
import { generateReport } from '../reports/generate.ts';
import { defaultKeyPath, loadSigningKey } from '../reports/signing.ts';
import { createTemplateEngine } from '../reports/templates/engine.ts';
import type { ReportFormat } from '../reports/types.ts';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { generate } from './report-data.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '10000' },
    days: { type: 'string', default: '30' },
    'runs-per-day': { type: 'string', default: '48' },
    pdf: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const shape = { nodes: Number(values.nodes), days: Number(values.days), runsPerDay: Number(values['runs-per-day']), start: new Date('2026-10-01T00:00:00Z') };
const dir = mkdtempSync(join(tmpdir(), 'rl-bench-reports-'));
const dbPath = values.db ?? join(dir, 'runledger.db');
const reuse = existsSync(dbPath);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

if (!reuse) {
  // The Store's own write path, in bulk-load mode (no WAL, no fsync): written once, read many times.
  const loading = createSqliteStore({ path: dbPath, bulkLoad: true });
  const started = performance.now();
  let last = 0;
  const total = await generate(loading, shape, (runs) => {
    if (runs - last >= 500_000) {
      last = runs;
      const s = (performance.now() - started) / 1000;
      console.log(`  wrote ${runs.toLocaleString('en-US')} runs in ${s.toFixed(0)} s (${Math.round(runs / s).toLocaleString('en-US')} runs/s)`);
    }
  });
  await loading.close();
  console.log(`generated ${total.toLocaleString('en-US')} runs (${shape.nodes} nodes × ${shape.runsPerDay}/day × ${shape.days} days) in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dbPath}`);
}
const store = createSqliteStore({ path: dbPath });

const rssBefore = process.resourceUsage().maxRSS * 1024;
const formats: ReportFormat[] = values.pdf ? ['html', 'csv', 'json', 'pdf'] : ['html', 'csv', 'json'];
const until = new Date(shape.start.getTime() + shape.days * DAY_MS);
const clock = { now: () => new Date(until.getTime() + DAY_MS) };
const started = performance.now();
// Where the time and memory go: each step's wall time, this process's CPU time in it (which
// other load on the machine does not inflate as much), the RSS at its end and the peak so far.
const steps: string[] = [];
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
let step = { name: '', at: started, cpu: cpuSeconds() };
const onProgress = (_percent: number, name: string) => {
  if (name === step.name) return; // progress within a step
  const now = performance.now();
  const cpu = cpuSeconds();
  if (step.name) steps.push(`${step.name} ${((now - step.at) / 1000).toFixed(1)} s (cpu ${(cpu - step.cpu).toFixed(1)} s, RSS ${mb(process.memoryUsage.rss())}, peak ${mb(process.resourceUsage().maxRSS * 1024)})`);
  step = { name, at: now, cpu };
};
const report = await generateReport(
  pciDssReport,
  { reportId: 'rpt_bench', params: { from: shape.start.toISOString(), until: until.toISOString() }, formats, onProgress },
  {
    ctx: { store, tenant: 'acme', clock, retention: { runsDays: 396, reportsDays: 2192 }, productVersion: 'bench' },
    engine: createTemplateEngine(),
    signingKey: loadSigningKey(defaultKeyPath(dir), true),
    chromiumPath: '/usr/bin/chromium',
    output: await createFileArchive(join(dir, 'reports')).open('acme', 'rpt_bench'),
  },
);
const seconds = (performance.now() - started) / 1000;
const { evidence } = report.model as Awaited<ReturnType<NonNullable<typeof pciDssReport.stream>>>;
console.log(
  `PCI DSS report: ${evidence.population.inventory} nodes, ${evidence.runs.total.toLocaleString('en-US')} runs, ` +
    `${evidence.changes.length.toLocaleString('en-US')} changes, ${evidence.findings.length.toLocaleString('en-US')} findings; ` +
    `files ${report.files.map((f) => `${f.name.replace('rpt_bench', '')} ${mb(f.bytes)}`).join(', ')}` + (report.unavailable.pdf ? `; PDF unavailable: ${report.unavailable.pdf}` : ''),
);
console.log(`steps: ${steps.join(', ')}`);
console.log(`rendered ${formats.join('+')} in ${seconds.toFixed(1)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (before the report: ${mb(rssBefore)})`);
console.log(seconds <= 60 && process.resourceUsage().maxRSS * 1024 <= 1024 ** 3 ? 'within the goal (≤ 60 s, ≤ 1 GB)' : 'OUTSIDE the goal (≤ 60 s, ≤ 1 GB)');
await store.close();
// The report's files (~700 MB at full size) go; only a database given with --db stays, for the next run.
rmSync(dir, { recursive: true, force: true });
