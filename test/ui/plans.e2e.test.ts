// Four eyes in a real Chromium: one user files a planned change, the approve button is absent
// for them (and the service refuses a forged approval), another approves it, and a later run's
// change turns from unplanned to planned. Also: diffs render escaped, failures show their
// backtrace, a file imports, every page has no console errors and no sideways scroll on a phone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedIntervalMs, humanDuration } from '../../web/node-health.ts';
import { hasChromium, horizontalOverflow, PHONE, postRun, SKIP_REASON, startUiHarness, type UiHarness } from './ui-harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const NODE = 'web01.example.com';
const FILE = '/etc/ui-demo.conf';
const HOUR = 3_600_000;
const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function fileChange(runId: string, diff: string) {
  return {
    runId,
    node: { name: NODE, environment: 'production' },
    resources: [{ type: 'File', title: FILE, status: 'changed', contentChanged: true, diff, changes: [{ property: 'content', before: '{md5}aaa', after: '{md5}bbb' }] }],
  };
}

describe.skipIf(!hasChromium)('web UI: planned changes and four eyes', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  });
  afterAll(() => ui?.close());

  it('flips a later run from unplanned to planned once a second user approves the plan filed by the first', { timeout: 120_000 }, async () => {
    const before = await postRun(ui.rl, fileChange('before-plan', '@@ -1 +1 @@\n-workers = 2\n+workers = 4\n'));
    const alice = await ui.signedIn('alice', 'approver');
    await alice.goto(`${ui.rl.url}/ui/runs/${before}`);
    expect(await alice.getByRole('region', { name: `File[${FILE}]` }).locator('.badge').allTextContents()).toEqual(['changed', 'unplanned']);

    await alice.goto(`${ui.rl.url}/ui/plans/new`);
    await alice.getByLabel('Title').fill('Raise workers');
    await alice.getByLabel('Ticket').fill('CHG-UI-1');
    await alice.getByLabel('Window from (UTC)').fill(utcInput(Date.now() - HOUR));
    await alice.getByLabel('Window until (UTC)').fill(utcInput(Date.now() + HOUR));
    await alice.getByLabel('Environments').fill('production');
    await alice.getByLabel('Resource type').fill('File');
    await alice.getByLabel('Name glob', { exact: true }).fill(FILE);
    await alice.getByLabel('Property').fill('content');
    await ui.screenshot(alice, 'plan-new');
    await alice.getByRole('button', { name: 'File and submit for approval' }).click();
    await alice.waitForURL(/\/ui\/plans\/pc_/);
    const planUrl = alice.url();
    expect(await alice.locator('dl.facts .badge').first().textContent()).toBe('pending');
    expect(await alice.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await alice.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    expect(await alice.getByText('someone else must approve').count()).toBe(1);

    const csrf = await alice.locator('form.who input[name="_csrf"]').getAttribute('value');
    const forged = await alice.request.post(`${planUrl}/approve`, { form: { _csrf: csrf!, comment: 'self' } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('four eyes: alice requested this plan and cannot approve it');

    const bob = await ui.signedIn('bob', 'approver');
    await bob.goto(planUrl);
    await bob.getByLabel('Comment').first().fill('CAB 42');
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.waitForURL(planUrl);
    expect(await bob.locator('dt:text-is("Decided by") + dd').textContent()).toBe('bob: “CAB 42”');
    expect(await bob.locator('dl.facts .badge').first().textContent()).toBe('approved');

    const after = await postRun(ui.rl, fileChange('after-plan', '@@ -1 +1 @@\n-workers = 4\n+<script>alert(1)</script><b>workers</b> = 8\n'));
    await bob.goto(`${ui.rl.url}/ui/runs/${after}`);
    const change = bob.getByRole('region', { name: `File[${FILE}]` });
    expect(await change.locator('.badge').allTextContents()).toEqual(['changed', 'planned']);
    expect(await change.getByRole('link', { name: 'CHG-UI-1' }).getAttribute('href')).toBe(new URL(planUrl).pathname);
    expect(await change.locator('pre.diff .add').textContent()).toBe('+<script>alert(1)</script><b>workers</b> = 8');
    expect(await change.locator('pre.diff .del').textContent()).toBe('-workers = 4');
    expect(await change.locator('pre.diff script, pre.diff b').count()).toBe(0);
    await ui.screenshot(bob, 'run-detail');

    await bob.goto(planUrl);
    expect(await bob.locator('dt:text-is("Matched") + dd').textContent()).toBe('1 planned · 0 out of window · 0 only by this plan after it was revoked');
    expect(await bob.getByRole('row', { name: new RegExp(NODE) }).locator('.badge').textContent()).toBe('planned');
    await ui.screenshot(bob, 'plan');
    bob.once('dialog', (dialog) => dialog.accept());
    await bob.getByRole('button', { name: 'Revoke' }).click();
    await bob.waitForURL(planUrl);
    expect(await bob.locator('dl.facts .badge').first().textContent()).toBe('revoked');
  });

  it('shows the error and backtrace of a failed run, and finds it by status', async () => {
    const failed = await postRun(ui.rl, {
      runId: 'failed-run',
      node: { name: 'db01.example.com', environment: 'production' },
      status: 'failure',
      errors: [{ message: 'Could not find class ::profile::db', class: 'Puppet::Error', backtrace: ['/opt/puppet/lib/compiler.rb:42', '/opt/puppet/lib/catalog.rb:7'] }],
      resources: [],
    });
    const viewer = await ui.signedIn('vera', 'viewer');
    await viewer.goto(`${ui.rl.url}/ui/runs`);
    await viewer.getByLabel('Status').selectOption('failure');
    await viewer.getByRole('button', { name: 'Filter' }).click();
    await viewer.waitForURL(/status=failure/);
    expect(await viewer.locator('tbody tr td[data-label="Node"]').allTextContents()).toEqual(['db01.example.com']);
    await ui.screenshot(viewer, 'runs');
    await viewer.getByRole('link', { name: /UTC/ }).click();
    await viewer.waitForURL(`${ui.rl.url}/ui/runs/${failed}`);
    expect(await viewer.locator('.notice.error').textContent()).toBe('Could not find class ::profile::db');
    expect(await viewer.locator('details pre').textContent()).toBe('/opt/puppet/lib/compiler.rb:42\n/opt/puppet/lib/catalog.rb:7\n');
  });

  it('imports plans from a CSV file and says line by line what it did', async () => {
    const csv = join(tmpdir(), `plans-${process.pid}.csv`);
    const from = new Date(Date.now() + HOUR).toISOString();
    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    writeFileSync(csv, `title,ticket,window_from,window_until,type,name\nRotate certs,CHG-IMP-1,${from},${until},File,/etc/ssl/**\nBroken,CHG-IMP-2,${until},${from},File,/etc/x\n`);
    const alice = await ui.signedIn('alice', 'approver');
    await alice.goto(`${ui.rl.url}/ui/plans`);
    await alice.getByLabel('Import a CSV or JSON file').setInputFiles(csv);
    await alice.getByRole('button', { name: 'Import', exact: true }).click();
    await alice.waitForURL(`${ui.rl.url}/ui/plans/import?**`);
    expect(await alice.locator('main p').first().textContent()).toBe('1 imported and submitted for approval, 1 rejected.');
    expect(await alice.locator('main ul').last().textContent()).toBe('Line 3: window.until: until must be after from');
    await alice.getByRole('link', { name: 'CHG-IMP-1' }).click();
    expect(await alice.locator('dl.facts .badge').first().textContent()).toBe('pending');
  });

  it("counts today's runs, failures and unplanned changes on the overview and links each to its list", async () => {
    const viewer = await ui.signedIn('vera', 'viewer');
    const tiles = Object.fromEntries(
      await viewer.locator('.tiles a').evaluateAll((links) => links.map((a) => [a.querySelector('span')!.textContent, a.querySelector('strong')!.textContent])),
    );
    expect(tiles).toMatchObject({ 'Runs today': '3', 'Failed runs today': '1', 'Unplanned changes today': '1', 'Hand edits put back today': '0', 'Silent nodes (no sign of life for 1 h)': '0' });
    await viewer.getByRole('link', { name: /Unplanned changes today/ }).click();
    await viewer.waitForURL(/\/ui\/changes\?classification=unplanned/);
    expect(await viewer.locator('tbody td[data-label="Resource"]').allTextContents()).toEqual([`File[${FILE}]`]);

    await viewer.goto(`${ui.rl.url}/ui/runs`);
    await viewer.getByLabel('Node').fill(NODE);
    await viewer.getByLabel('Classification').selectOption('planned');
    await viewer.getByRole('button', { name: 'Filter' }).click();
    await viewer.waitForURL(/\/ui\/changes\?/);
    expect(Object.fromEntries(new URL(viewer.url()).searchParams)).toEqual({ node: NODE, classification: 'planned' });
    expect(await viewer.locator('tbody td[data-label="Classification"] .badge').allTextContents()).toEqual(['planned']);
  });

  it('shows every page on a phone without sideways scrolling and without console errors', async () => {
    const phone = await ui.signedIn('phil', 'admin', PHONE);
    const run = (await ui.rl.runtime.store.runs.list(ui.rl.tenant, { node: NODE }, { limit: 1 })).items[0]!;
    const plan = (await ui.rl.runtime.store.plans.list(ui.rl.tenant, {}, { limit: 1 })).items[0]!;
    const pages: Record<string, string> = {
      overview: '/ui/',
      runs: '/ui/runs',
      'run-detail': `/ui/runs/${run.id}`,
      changes: '/ui/changes?classification=unplanned',
      nodes: '/ui/nodes',
      node: `/ui/nodes/${NODE}`,
      plans: '/ui/plans',
      'plan-new': '/ui/plans/new',
      plan: `/ui/plans/${plan.id}`,
      audit: '/ui/audit',
      'admin-tokens': '/ui/admin/tokens',
      'admin-users': '/ui/admin/users',
      'admin-retention': '/ui/admin/retention',
      'admin-receivers': '/ui/admin/receivers',
    };
    const overflow: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages)) {
      await phone.goto(`${ui.rl.url}${path}`);
      overflow[name] = await horizontalOverflow(phone);
      await ui.screenshot(phone, `phone-${name}`);
    }
    expect(Object.entries(overflow).filter(([, px]) => px > 0)).toEqual([]);
    await phone.goto(`${ui.rl.url}/ui/nodes`);
    const web01 = await ui.rl.runtime.store.runs.list(ui.rl.tenant, { node: NODE }, { limit: 10 });
    const rows = await phone.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.children[0]!.textContent, tr.children[4]!.textContent]));
    expect(rows).toEqual([
      ['db01.example.com', 'not known yet'],
      [NODE, humanDuration(expectedIntervalMs(web01.items.map((r) => r.startedAt))!)],
    ]);
    expect(ui.consoleErrors).toEqual([]);
  });
});
