// The whitelist end to end with the real agent: one approver files a plan, another approves
// it, `puppet apply` changes files, and RunLedger tells planned, corrective (hand edit put
// back), unplanned and out-of-window changes apart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, applyAndClassifyAs, approvedPlan as approvedPlanFor } from '../helpers/plans-api.ts';
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

const call = (token: string, method: string, path: string, body?: unknown) => apiCall(rl, token, method, path, body);
const approvedPlan = (ticket: string, path: string, fromOffset: number, untilOffset: number) => approvedPlanFor(rl, ticket, path, fromOffset, untilOffset);

describe('planned changes with the real puppet agent', () => {
  it('tells planned, corrective, unplanned and out-of-window changes apart', { timeout: 300_000 }, async () => {
    const applyAndClassify = applyAndClassifyAs(rl, puppet, { reporturl, viewer, node: NODE });
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
