// UI page benchmark: a store with 100,000 nodes (one run each, 10 % unplanned), then each page
// requested in turn over HTTP with a signed-in session; prints the median and worst time per page.
// The overview is counted on every view (no cache) to show what counting costs.
//   npm run bench:ui            NODES=20000 npm run bench:ui
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../cli/runtime.ts';
import type { ChangeClassification } from '../core/classification.ts';
import { loadConfig } from '../core/config.ts';
import { issueToken } from '../core/tokens.ts';
import { buildRun } from '../test/helpers/run-builder.ts';

const NODES = Number(process.env.NODES ?? 100_000);
const REQUESTS = Number(process.env.REQUESTS ?? 20);
const BATCH = 1000;

const config = loadConfig({
  env: { REDIS_URL: process.env.REDIS_URL },
  overrides: { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir: mkdtempSync(join(tmpdir(), 'rl-bench-ui-')), queuePrefix: `rl-bench-ui-${process.pid}`, ui: { overviewCacheSeconds: 0 } },
});
const runtime = await startRuntime(config, { roles: ['ingest'] });
const url = runtime.url!;
const now = Date.now();

let started = performance.now();
for (let first = 0; first < NODES; first += BATCH) {
  const runs = Array.from({ length: Math.min(BATCH, NODES - first) }, (_, i) => {
    const n = first + i;
    const classification: ChangeClassification = { classification: n % 10 === 0 ? 'unplanned' : 'planned', reason: 'bench' };
    // Spread over the last 2 hours, so that about half the fleet counts as silent.
    const at = new Date(now - (n % 7200) * 1000).toISOString();
    return { ...buildRun({ tenant: 'bench', node: `node-${String(n).padStart(6, '0')}.example.com`, runId: `bench-${n}`, environment: 'production', startedAt: at, receivedAt: at }), classifications: [classification] };
  });
  await runtime.store.write({ runs, nodeEvents: [] });
}
console.log(`seeded ${NODES.toLocaleString('en')} nodes and runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const { token } = await issueToken(runtime.store, { tenant: 'bench', role: 'admin', name: 'bench', actor: 'bench' });
const signInPage = await fetch(`${url}/ui/sign-in`);
const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())![1]!;
const signedIn = await fetch(`${url}/ui/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { cookie: signInPage.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: csrf, method: 'token', token }),
});
const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;

async function get(path: string): Promise<string> {
  const response = await fetch(`${url}${path}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return response.text();
}

const nodesPage = await get('/ui/nodes');
const nextNodes = /href="([^"]+)" rel="next"/.exec(nodesPage)![1]!.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const pages = ['/ui/', '/ui/runs', '/ui/runs?changed=on&status=success', '/ui/changes?classification=unplanned', '/ui/nodes', nextNodes, '/ui/nodes?silent=true', `/ui/nodes/node-${String(Math.floor(NODES / 2)).padStart(6, '0')}.example.com`, '/ui/plans'];

console.log(`ui benchmark: ${REQUESTS} sequential requests per page, node ${process.version}`);
for (const path of pages) {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    started = performance.now();
    await get(path);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${path.length > 40 ? `${path.slice(0, 37)}...` : path.padEnd(40)} median ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(7)} ms   worst ${times.at(-1)!.toFixed(1).padStart(7)} ms`);
}
await runtime.close();
