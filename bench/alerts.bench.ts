// Alerts benchmark: ingest → alert delivered to a local webhook. Drives a running RunLedger
// with Puppet reports at a fixed rate (default 150/s, about half the ingest capacity in
// docs/performance.md); every report is a new node with unplanned changes, so each raises a
// first alert. A local receiver records when each alert arrives. Scenario "with a hanging
// receiver" also routes every alert to a receiver that accepts connections and never answers.
//   npm run bench:alerts [-- --duration 20 --rate 150 --split]
// --split runs the queue workers in a second process (`runledger start --role worker`).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { dropQueuePrefix, waitFor } from './process.ts';
import { puppetTemplate, withRunId } from './bodies.ts';

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '20' }, rate: { type: 'string', default: '150' }, split: { type: 'boolean', default: false } },
});
const DURATION_S = Number(args.duration);
const RATE = Number(args.rate);
const ROOT = new URL('..', import.meta.url).pathname;
const template = puppetTemplate();

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Records, per report number, when its alert arrived. */
function alertReceiver(sent: Map<number, number>, latencies: number[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = Number(/^bench-(\d+)\./.exec(JSON.parse(Buffer.concat(chunks).toString()).node ?? '')?.[1]);
      const at = sent.get(n);
      // Delivery is at least once: count each report's first arrival only.
      if (at !== undefined) {
        latencies.push(Date.now() - at);
        sent.delete(n);
      }
      res.writeHead(204).end();
    });
  });
}

/** One process with every role, or with --split the worker role in a second process. */
function startRunLedger(env: NodeJS.ProcessEnv, roles: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['bin/runledger.js', 'start', ...(roles.length ? ['--role', ...roles] : [])], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code) => code && code !== 143 && console.error(`runledger exited ${code}`));
  return child;
}

async function scenario(name: string, withHangingReceiver: boolean) {
  const sent = new Map<number, number>();
  const latencies: number[] = [];
  const receiver = alertReceiver(sent, latencies);
  const hanging = createServer(() => undefined);
  const receiverUrl = await listen(receiver);
  const hangingUrl = await listen(hanging);
  const port = 3900 + Math.floor(Math.random() * 90);
  const dataDir = mkdtempSync(join(tmpdir(), 'rl-bench-alerts-'));
  const configFile = join(dataDir, 'runledger.yaml');
  const receivers = ['fast', ...(withHangingReceiver ? ['down'] : [])];
  writeFileSync(
    configFile,
    [
      'ingest:',
      '  rateLimit: { max: 100000000 }',
      'alerts:',
      '  receivers:',
      `    - { name: fast, webhook: { url: '${receiverUrl}/hook', secret: bench-secret-0000 } }`,
      `    - { name: down, webhook: { url: '${hangingUrl}/hook', secret: bench-secret-0000, timeoutMs: 2000 } }`,
      `  route: { receivers: [${receivers.join(', ')}] }`,
    ].join('\n'),
  );
  const env = { PORT: String(port), HOST: '127.0.0.1', RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`, RUNLEDGER_LOG_LEVEL: 'error', RUNLEDGER_CONFIG: configFile };
  const token = execFileSync(process.execPath, ['bin/runledger.js', 'token', 'create', '--tenant', 'bench', '--role', 'ingest'], { cwd: ROOT, env: { ...process.env, ...env } }).toString().trim().split('\n').at(-1)!;
  const servers = args.split ? [startRunLedger(env, ['ingest', 'scheduler']), startRunLedger(env, ['worker'])] : [startRunLedger(env)];
  const base = `http://127.0.0.1:${port}`;
  let n = 0;
  const load = (durationS: number, measure: boolean) =>
    autocannon({
      url: `${base}/reports/upload`,
      method: 'POST',
      connections: 16,
      overallRate: RATE,
      duration: durationS,
      headers: { 'content-type': 'application/x-yaml', authorization: `Basic ${Buffer.from(`puppet:${token}`).toString('base64')}` },
      requests: [
        {
          setupRequest: (req) => {
            n += 1;
            if (measure) sent.set(n, Date.now());
            return { ...req, body: withRunId(template, n).toString().replace('host: web01.example.com', `host: bench-${n}.example.com`) };
          },
        },
      ],
    });
  try {
    await waitFor(`${base}/readyz`);
    await load(3, false); // warm-up: JIT, parse threads, SQLite cache
    const result = await load(DURATION_S, true);
    const deadline = Date.now() + 60_000;
    while (latencies.length < result['2xx'] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      scenario: name,
      ratePerS: RATE,
      acceptedPerS: Math.round(result['2xx'] / DURATION_S),
      ingestP50ms: result.latency.p50,
      ingestP99ms: result.latency.p99,
      non2xx: result.non2xx,
      alertsDelivered: `${latencies.length}/${result['2xx']}`,
      deliveredP50ms: percentile(sorted, 50),
      deliveredP99ms: percentile(sorted, 99),
      deliveredMaxMs: sorted.at(-1),
    };
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(servers.map((server) => once(server, 'exit')));
    await dropQueuePrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.RUNLEDGER_QUEUE_PREFIX);
    hanging.closeAllConnections();
    await Promise.all([new Promise((r) => receiver.close(r)), new Promise((r) => hanging.close(r))]);
  }
}

const results = [await scenario('one webhook', false), await scenario('with a hanging receiver', true)];
console.log(`alerts benchmark: ${DURATION_S} s at ${RATE} reports/s${args.split ? ', workers in their own process' : ''}, node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
console.table(results);
