// End to end on the Elasticsearch backend: the real `puppet apply` posts to a running RunLedger
// (HTTP, parse threads, queue, worker) whose store is Elasticsearch, here the test emulation of
// a cluster (no server can run on our machines: docs/elasticsearch.md). The API then shows
// what Puppet did, and the documents are where the mappings say.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedStore } from '../../store/elasticsearch/testing/emulated-store.ts';
import type { EsEmulator } from '../../store/elasticsearch/testing/es-emulator.ts';
import { apiAs, puppetReportUrl } from '../helpers/api-client.ts';
import { puppetSandbox, type PuppetSandbox } from '../helpers/puppet.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let emulator: EsEmulator;
let puppet: PuppetSandbox;
let reporturl: string;
let api: (path: string) => Promise<any>;

beforeAll(async () => {
  const es = await emulatedStore();
  emulator = es.emulator;
  rl = await startTestRuntime({}, undefined, es.store);
  reporturl = await puppetReportUrl(rl);
  api = apiAs(rl, 'viewer');
  puppet = puppetSandbox();
});
afterAll(() => rl?.close());

describe('puppet apply reporting to RunLedger on Elasticsearch', () => {
  it('stores the run, its changed file with the diff and the node state, and finds it by a word of the diff', { timeout: 180_000 }, async () => {
    const node = 'es-web01.example.com';
    const conf = join(puppet.files, 'motd');
    const manifest = (text: string) => `file { '${conf}': ensure => file, content => "${text}\\n" }\n`;
    expect((await puppet.apply(manifest('welcome'), { reporturl, certname: node })).code).toBe(2);
    expect((await puppet.apply(manifest('maintenance tonight'), { reporturl, certname: node })).code).toBe(2);

    const runs = await rl.eventually(async () => {
      const { items } = await api(`/api/v1/runs?node=${node}&limit=10`);
      return items.length === 2 ? items : undefined;
    });
    expect(runs.map((r: { status: string; counts: { changed: number } }) => [r.status, r.counts.changed])).toEqual([['success', 1], ['success', 1]]);
    const detail = await api(`/api/v1/runs/${runs[0].id}`);
    expect(detail.changes).toEqual([expect.objectContaining({ type: 'File', title: conf, status: 'changed', contentChanged: true })]);
    expect(detail.changes[0].diff).toContain('-welcome\n+maintenance tonight');

    const found = await api(`/api/v1/changes?q=maintenance&limit=10`);
    expect(found.items.map((c: { run: string }) => c.run)).toEqual([runs[0].id]);
    expect(await api(`/api/v1/nodes/${node}`)).toMatchObject({ name: node, lastRun: runs[0].id, lastStatus: 'success' });

    const month = `${runs[0].startedAt.slice(0, 4)}.${runs[0].startedAt.slice(5, 7)}.01`;
    expect(emulator.documents(`rl-runs-${month}`).map((d) => d.id).sort()).toEqual(runs.map((r: { id: string }) => r.id).sort());
    expect(emulator.documents(`rl-raw-${month}`)).toHaveLength(2);
  });
});
