// The whitelist end to end with the real agent: one approver files a plan, another approves
// it, `puppet apply` changes files, and RunLedger tells planned, corrective (hand edit put
// back), unplanned and out-of-window changes apart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../core/tokens.ts';
import { type PuppetSandbox, puppetSandbox } from '../helpers/puppet.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const NODE = 'app01.example.com';
const HOUR = 3_600_000;

let rl: TestRuntime;
let puppet: PuppetSandbox;
let reporturl: string;
let viewer: string;

beforeAll(async () => {
  rl = await startTestRuntime();
  reporturl = `${rl.url.replace('http://', `http://puppet:${await rl.token('ingest')}@`)}/reports/upload`;
  viewer = await rl.token('viewer');
  puppet = puppetSandbox();
});
afterAll(() => rl?.close());

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await response.json()) as any;
}

/** Filed by one approver, approved by another: four eyes. */
async function approvedPlan(ticket: string, path: string, fromOffset: number, untilOffset: number) {
  const requester = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: `${ticket}-requester`, actor: 'test' })).token;
  const approver = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: `${ticket}-approver`, actor: 'test' })).token;
  const plan = await call(requester, 'POST', '/api/v1/planned-changes?submit=true', {
    title: `Change ${path}`,
    ticket,
    window: { from: new Date(Date.now() + fromOffset).toISOString(), until: new Date(Date.now() + untilOffset).toISOString() },
    scope: { environments: ['production'], nodes: ['app*.example.com'] },
    matchers: [{ type: 'File', name: path, property: 'content' }],
  });
  return call(approver, 'POST', `/api/v1/planned-changes/${plan.id}/approve`, { comment: 'CAB' });
}

let lastRun: string | undefined;
/** Applies the manifest and returns how each change of the new run was classified. */
async function applyAndClassify(manifest: string): Promise<Record<string, string>> {
  await puppet.apply(manifest, { reporturl, certname: NODE });
  const run = await rl.eventually(async () => {
    const { items } = await call(viewer, 'GET', `/api/v1/runs?node=${NODE}&limit=1`);
    return items[0] && items[0].id !== lastRun ? items[0] : undefined;
  });
  lastRun = run.id;
  const detail = await call(viewer, 'GET', `/api/v1/runs/${run.id}`);
  return Object.fromEntries(detail.changes.map((c: any) => [c.title, c.classification.classification]));
}

describe('planned changes with the real puppet agent', () => {
  it('tells planned, corrective, unplanned and out-of-window changes apart', { timeout: 300_000 }, async () => {
    const conf = join(puppet.files, 'app.conf');
    const motd = join(puppet.files, 'motd');
    const legacy = join(puppet.files, 'legacy.conf');
    const file = (path: string, content: string) => `file { '${path}': ensure => file, content => "${content}\\n" }\n`;

    await approvedPlan('CHG-APP', conf, -HOUR, HOUR);
    await approvedPlan('CHG-OLD', legacy, -3 * HOUR, -2 * HOUR);

    expect(await applyAndClassify(file(conf, 'workers = 4'))).toEqual({ [conf]: 'planned' });
    expect(await applyAndClassify(file(conf, 'workers = 8'))).toEqual({ [conf]: 'planned' });

    writeFileSync(conf, 'workers = 64 # tuned by hand\n');
    expect(await applyAndClassify(file(conf, 'workers = 8'))).toEqual({ [conf]: 'corrective' });

    expect(await applyAndClassify(file(conf, 'workers = 8') + file(motd, 'welcome'))).toEqual({ [motd]: 'unplanned' });
    expect(await applyAndClassify(file(conf, 'workers = 8') + file(motd, 'welcome') + file(legacy, 'mode = old'))).toEqual({ [legacy]: 'out_of_window' });

    const changes = await call(viewer, 'GET', `/api/v1/changes?node=${NODE}&classification=corrective`);
    expect(changes.items).toEqual([expect.objectContaining({ title: conf, classification: expect.objectContaining({ reason: expect.stringContaining('edited by hand') }) })]);
    expect(changes.items[0].diff).toContain('-workers = 64 # tuned by hand\n+workers = 8');
  });
});
