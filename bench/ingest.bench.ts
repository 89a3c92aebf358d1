// Ingest benchmark: drives a running RunLedger over loopback from this (second) process with
// ~20 KB Puppet YAML reports and ~300 KB Chef run_converge bodies, then reports accepted/s,
// latency, processed (stored and queryable) per second, the queue backlog, the CPU milliseconds
// per stored run of the server, Redis and the load generator, peak RSS, and the same load against bare Fastify as the ratio
// to the limit.
//   npm run bench:ingest [-- --duration 20 --connections 32 --only puppet-yaml --plans 10000]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { createSqliteStore } from '../store/sqlite/sqlite.store.ts';
import { benchPlan } from './plan-data.ts';
import { dropQueuePrefix, waitFor } from './process.ts';
import { chefTemplate, puppetTemplate, withRunId } from './bodies.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string' },
    // Approved plans in the store, one of them covering the benchmark's changes (which are
    // otherwise all unplanned, each run raising an alert).
    plans: { type: 'string', default: '0' },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROOT = new URL('..', import.meta.url).pathname;

interface Scenario {
  name: string;
  path: string;
  contentType: string;
  template: string;
  auth: (token: string) => Record<string, string>;
}

const scenarios = ([
  { name: 'puppet-yaml', path: '/reports/upload', contentType: 'application/x-yaml', template: puppetTemplate(), auth: (t: string) => ({ authorization: `Basic ${Buffer.from(`puppet:${t}`).toString('base64')}` }) },
  { name: 'chef-converge', path: '/data-collector/v0/', contentType: 'application/json', template: chefTemplate(), auth: (t: string) => ({ 'x-data-collector-token': t }) },
] satisfies Scenario[]).filter((s) => !args.only || s.name === args.only);

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system, every thread) a process has used, from /proc (100 ticks a second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

/** CPU time Redis has used (its INFO cpu section). */
async function redisCpuMs(): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function metric(base: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (pattern.test(line)) sum += Number(line.split(' ').at(-1));
  return sum;
}

function load(base: string, scenario: Scenario, token: string, durationS: number, counter: { n: number }) {
  return autocannon({
    url: `${base}${scenario.path}`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: durationS,
    headers: { 'content-type': scenario.contentType, ...scenario.auth(token) },
    requests: [{ setupRequest: (req) => ({ ...req, body: withRunId(scenario.template, (counter.n += 1)) }) }],
  });
}

/** Writes `count` approved plans straight into the store the server will open: `count - 1` of
 *  the generated calendar and one for every File of the benchmark's node. */
async function approvePlans(count: number): Promise<void> {
  const store = createSqliteStore({ path: join(dataDir, 'runledger.db') });
  const window = { from: '2000-01-01T00:00:00Z', until: new Date(Date.now() + 86_400_000).toISOString() };
  const covering = benchPlan(0, window, 'bench');
  await store.plans.create({ ...covering, id: 'pc_bench', title: 'the benchmark node', scope: { environments: [], nodes: [], roles: [], tags: [] }, matchers: [{ type: 'File' }] });
  for (let i = 1; i < count; i++) await store.plans.create(benchPlan(i, window, 'bench'));
  await store.close();
}

function startProcess(command: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code) => code && code !== 143 && console.error(`${command.join(' ')} exited ${code}`));
  return child;
}

const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(join(tmpdir(), 'rl-bench-'));
const configFile = join(dataDir, 'runledger.yaml');
writeFileSync(configFile, 'ingest:\n  rateLimit:\n    max: 100000000\n');
const env = { PORT: String(port), HOST: '127.0.0.1', RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`, RUNLEDGER_LOG_LEVEL: 'warn', RUNLEDGER_CONFIG: configFile };
const cli = (...a: string[]) => execFileSync(process.execPath, ['bin/runledger.js', ...a], { cwd: ROOT, env: { ...process.env, ...env } }).toString().trim().split('\n').at(-1)!;
const token = cli('token', 'create', '--tenant', 'bench', '--role', 'ingest');
if (Number(args.plans) > 0) await approvePlans(Number(args.plans));
const server = startProcess(['bin/runledger.js', 'start'], env);
const base = `http://127.0.0.1:${port}`;
const results: Record<string, unknown>[] = [];

try {
  await waitFor(`${base}/readyz`);
  for (const scenario of scenarios) {
    const counter = { n: 0 };
    await load(base, scenario, token, 3, counter); // warm-up: JIT, thread pool, SQLite cache
    const storedBefore = await metric(base, /^rl_runs_stored_total/);
    const backlog: number[] = [];
    const sampler = setInterval(() => void metric(base, /^rl_queue_jobs\{queue="runs",state="(waiting|active)"\}/).then((n) => backlog.push(n)), 1000);
    const started = Date.now();
    const cpuBefore = { server: cpuMs(server.pid!), redis: await redisCpuMs(), loadGenerator: processCpuMs() };
    const result = await load(base, scenario, token, DURATION_S, counter);
    clearInterval(sampler);
    const accepted = result['2xx'];
    let stored = 0;
    while ((stored = (await metric(base, /^rl_runs_stored_total/)) - storedBefore) < accepted && Date.now() - started < (DURATION_S + 120) * 1000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainedS = (Date.now() - started) / 1000;
    const cpuUsed = { server: cpuMs(server.pid!) - cpuBefore.server, redis: (await redisCpuMs()) - cpuBefore.redis, loadGenerator: processCpuMs() - cpuBefore.loadGenerator };
    results.push({
      scenario: scenario.name,
      bodyKB: +(Buffer.byteLength(scenario.template) / 1024).toFixed(1),
      acceptedPerS: Math.round(accepted / DURATION_S),
      p50ms: result.latency.p50,
      p99ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      stored,
      processedPerS: Math.round(stored / drainedS),
      drainAfterLoadS: +(drainedS - DURATION_S).toFixed(1),
      backlogJobsMax: Math.max(0, ...backlog),
      backlogJobsLast: backlog.at(-1) ?? 0,
      // Robust to other load on the machine, unlike the rates: what each stored run cost the
      // server, Redis (shared: quiet machines only) and this process, the load generator.
      cpuMsPerRun: +(cpuUsed.server / stored).toFixed(2),
      redisCpuMsPerRun: +(cpuUsed.redis / stored).toFixed(2),
      loadGenCpuMsPerRun: +(cpuUsed.loadGenerator / stored).toFixed(2),
    });
  }
  results.push({ scenario: 'runledger peak RSS (MB)', value: Math.round(peakRssMb(server.pid!)) });
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  await dropQueuePrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.RUNLEDGER_QUEUE_PREFIX);
  redis.disconnect();
}

const echoPort = port + 1;
const echo = startProcess(['--import', 'tsx', 'bench/echo-server.ts'], { PORT: String(echoPort) });
try {
  await new Promise((r) => setTimeout(r, 1500));
  for (const scenario of scenarios) {
    const result = await load(`http://127.0.0.1:${echoPort}`, scenario, token, Math.min(10, DURATION_S), { n: 0 });
    const row = results.find((r) => r.scenario === scenario.name)!;
    const echoPerS = Math.round(result['2xx'] / Math.min(10, DURATION_S));
    Object.assign(row, { echoPerS, ratioToEcho: +((row.acceptedPerS as number) / echoPerS).toFixed(2) });
  }
} finally {
  echo.kill('SIGTERM');
}

console.log(`ingest benchmark: ${DURATION_S} s per scenario, ${CONNECTIONS} connections, node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
console.table(results);
