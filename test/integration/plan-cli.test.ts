// `runledger plan …` as an approver uses it: a separate process talking to a running server
// with the person's own token, so four eyes hold on the command line too.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueToken } from '../../core/tokens.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const exec = promisify(execFile);
const BIN = new URL('../../bin/runledger.js', import.meta.url).pathname;

let rl: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  rl = await startTestRuntime();
  for (const name of ['alice', 'bob']) tokens[name] = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name, actor: 'test' })).token;
});
afterAll(() => rl?.close());

async function plan(as: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, 'plan', '--url', rl.url, ...args], { env: { ...process.env, RUNLEDGER_TOKEN: tokens[as] } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it('files a plan, refuses its requester as approver, and lets another approver approve it', { timeout: 120_000 }, async () => {
  const created = await plan('alice', 'create', '--title', 'Rotate TLS cert', '--ticket', 'CHG-CLI', '--from', '2026-12-01T00:00:00Z', '--until', '2026-12-02T00:00:00Z', '--env', 'production', '--type', 'File', '--name', '/etc/ssl/site.pem', '--submit');
  expect(created.code).toBe(0);
  const id = created.stdout.trim().split('\n').at(-1)!;
  expect(id).toMatch(/^pc_/);

  const self = await plan('alice', 'approve', id);
  expect(self.code).toBe(1);
  expect(self.stderr).toContain('403 RL_PLAN_SELF_APPROVAL: four eyes: alice requested this plan and cannot approve it');

  const approved = await plan('bob', 'approve', id, '--comment', 'CAB 2026-11-30');
  expect(approved.stdout).toMatch(new RegExp(`^${id}\tapproved\tCHG-CLI\t`));
  expect((await plan('bob', 'list', '--state', 'approved')).stdout).toContain(`${id}\tapproved\tCHG-CLI`);
});

it('imports a calendar file and reports rejected lines with a non-zero exit', { timeout: 120_000 }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'rl-plan-')), 'calendar.csv');
  writeFileSync(file, ['title,ticket,window_from,window_until,type,name', 'Patch,CHG-I1,2026-12-01T00:00:00Z,2026-12-02T00:00:00Z,Package,openssl', 'Broken,CHG-I2,never,2026-12-02T00:00:00Z,Package,curl'].join('\n'));
  const result = await plan('alice', 'import', file);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/^line 2: imported CHG-I1 as pc_\S+\nline 3: rejected: window.from: Invalid ISO datetime\n1 imported, 1 rejected\n$/);
});
