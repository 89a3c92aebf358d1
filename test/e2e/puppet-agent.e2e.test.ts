// End to end with the real agent: `puppet apply --reports=http` posts to a running RunLedger
// exactly as in production, and the API then shows what Puppet did.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puppetSandbox, type PuppetSandbox } from '../helpers/puppet.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let puppet: PuppetSandbox;
let reporturl: string;
let viewer: string;

beforeAll(async () => {
  rl = await startTestRuntime();
  const ingest = await rl.token('ingest');
  viewer = await rl.token('viewer');
  reporturl = `${rl.url.replace('http://', `http://puppet:${ingest}@`)}/reports/upload`;
  puppet = puppetSandbox();
});
afterAll(() => rl?.close());

async function api(path: string) {
  const response = await fetch(`${rl.url}${path}`, { headers: { authorization: `Bearer ${viewer}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

async function latestRunOf(node: string, after: string | undefined) {
  return rl.eventually(async () => {
    const { items } = await api(`/api/v1/runs?node=${node}&limit=1`);
    return items[0] && items[0].id !== after ? items[0] : undefined;
  });
}

describe('puppet apply reporting to RunLedger', () => {
  const node = 'e2e-web01.example.com';

  it('shows a changed file with its diff, then a failed exec with its error', { timeout: 180_000 }, async () => {
    const conf = join(puppet.files, 'motd');
    const manifest = (text: string, extra = '') => `file { '${conf}': ensure => file, content => "${text}\\n" }\n${extra}`;

    expect((await puppet.apply(manifest('welcome'), { reporturl, certname: node })).code).toBe(2);
    const created = await latestRunOf(node, undefined);

    expect((await puppet.apply(manifest('maintenance tonight'), { reporturl, certname: node })).code).toBe(2);
    const changed = await latestRunOf(node, created.id);
    expect(changed).toMatchObject({ status: 'success', source: 'puppet', counts: { changed: 1, failed: 0 } });
    const detail = await api(`/api/v1/runs/${changed.id}`);
    expect(detail.changes).toEqual([
      expect.objectContaining({ type: 'File', title: conf, path: conf, status: 'changed', contentChanged: true }),
    ]);
    expect(detail.changes[0].diff).toContain('-welcome\n+maintenance tonight');

    const failing = manifest('maintenance tonight', "exec { 'reindex': command => '/bin/false', path => '/bin:/usr/bin' }");
    expect((await puppet.apply(failing, { reporturl, certname: node })).code).toBe(4);
    const failed = await latestRunOf(node, changed.id);
    expect(failed).toMatchObject({ status: 'failure', counts: { failed: 1 } });
    const failure = await api(`/api/v1/runs/${failed.id}`);
    expect(failure.changes).toEqual([expect.objectContaining({ type: 'Exec', title: 'reindex', status: 'failed' })]);
    expect(failure.changes[0].error.message).toContain("'/bin/false' returned 1 instead of one of [0]");

    const found = await api(`/api/v1/changes?q=maintenance&node=${node}`);
    expect(found.items.map((c: { run: string }) => c.run)).toEqual([changed.id]);
    expect(await api(`/api/v1/nodes/${node}`)).toMatchObject({ lastRun: failed.id, lastStatus: 'failure', environment: 'production' });
  });

  it('keeps the exact body Puppet sent as evidence', async () => {
    const { items } = await api(`/api/v1/runs?node=${node}&limit=1`);
    const raw = await fetch(`${rl.url}/api/v1/runs/${items[0].id}/raw`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(raw.headers.get('content-type')).toBe('application/x-yaml');
    const body = await raw.text();
    expect(body.startsWith('--- !ruby/object:Puppet::Transaction::Report\n')).toBe(true);
    expect(body).toContain(`transaction_uuid: ${items[0].agentRunId}`);
  });
});
