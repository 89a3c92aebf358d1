// Conformance check against payloads captured from real agents (../shared/fixtures, read in
// place, never copied): each one is POSTed to a running RunLedger exactly as its agent would,
// must be accepted, and the stored run's changed and failed counts must equal the file's own.
//   node --import tsx scripts/conformance.ts ../shared/fixtures
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRuntime } from '../cli/runtime.ts';
import { loadConfig } from '../core/config.ts';
import { issueToken } from '../core/tokens.ts';
import { parseYaml } from '../ingest/decode/yaml.ts';
import { testConfigInput } from '../test/helpers/runtime.ts';

interface Case {
  file: string;
  path: string;
  contentType: string;
  header: 'authorization' | 'x-data-collector-token';
  /** The file's own counts; undefined for messages that are not runs (run_start). */
  expected?: { changed: number; failed: number };
}

const root = process.argv[2] ?? '../shared/fixtures';

function puppetCase(file: string): Case {
  const report = parseYaml(readFileSync(file, 'utf8'), { maxDepth: 64, maxAliases: 100 }) as {
    metrics?: { resources?: { values?: [string, string, number][] } };
  };
  const metric = (name: string) => report.metrics?.resources?.values?.find(([n]) => n === name)?.[2] ?? 0;
  return { file, path: '/reports/upload', contentType: 'application/x-yaml', header: 'authorization', expected: { changed: metric('changed'), failed: metric('failed') } };
}

function chefCase(file: string): Case {
  const message = JSON.parse(readFileSync(file, 'utf8')) as { message_type: string; updated_resource_count?: number; resources?: { status: string }[] };
  const expected =
    message.message_type === 'run_converge'
      ? { changed: message.updated_resource_count ?? 0, failed: (message.resources ?? []).filter((r) => r.status === 'failed').length }
      : undefined;
  return { file, path: '/data-collector/v0/', contentType: 'application/json', header: 'x-data-collector-token', ...(expected ? { expected } : {}) };
}

const cases = [
  ...readdirSync(join(root, 'puppet-report')).map((f) => puppetCase(join(root, 'puppet-report', f))),
  ...readdirSync(join(root, 'chef-data-collector')).map((f) => chefCase(join(root, 'chef-data-collector', f))),
];

const config = loadConfig({ env: { REDIS_URL: process.env.REDIS_URL }, overrides: testConfigInput() });
const runtime = await startRuntime(config);
let failures = 0;
try {
  const ingest = (await issueToken(runtime.store, { tenant: 'conformance', role: 'ingest', name: 'conformance', actor: 'conformance' })).token;
  const viewer = (await issueToken(runtime.store, { tenant: 'conformance', role: 'viewer', name: 'conformance', actor: 'conformance' })).token;
  console.log(`1..${cases.length}`);
  for (const [index, c] of cases.entries()) {
    const result = await check(c, ingest, viewer, runtime.url!);
    if (result) failures += 1;
    console.log(`${result ? 'not ok' : 'ok'} ${index + 1} - ${c.file}${result ? `: ${result}` : ''}`);
  }
} finally {
  await runtime.close();
}
process.exit(failures ? 1 : 0);

async function check(c: Case, ingest: string, viewer: string, url: string): Promise<string | undefined> {
  const auth = c.header === 'authorization' ? `Basic ${Buffer.from(`puppet:${ingest}`).toString('base64')}` : ingest;
  const response = await fetch(`${url}${c.path}`, { method: 'POST', body: readFileSync(c.file), headers: { 'content-type': c.contentType, [c.header]: auth } });
  const reply = (await response.json()) as { id?: string; message?: string };
  if (response.status !== 202) return `HTTP ${response.status}: ${reply.message}`;
  if (!c.expected) return undefined;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const run = await fetch(`${url}/api/v1/runs/${reply.id}`, { headers: { authorization: `Bearer ${viewer}` } });
    if (run.status === 200) {
      const { counts } = (await run.json()) as { counts: { changed: number; failed: number } };
      const got = { changed: counts.changed, failed: counts.failed };
      return got.changed === c.expected.changed && got.failed === c.expected.failed
        ? undefined
        : `counts ${JSON.stringify(got)} differ from the file's own ${JSON.stringify(c.expected)}`;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'accepted but not stored within 10 s';
}
