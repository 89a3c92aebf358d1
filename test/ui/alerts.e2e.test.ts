// Alerts and silences in a real Chromium: a failing run fires an alert that a real local
// webhook receiver gets; the UI shows it with its delivery attempt and links to the run; an
// approver silences the node in the UI and the node's next alert is stored but not sent; a
// viewer sees alerts and silences but no way to create or end one. No receiver secret on a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import { hasChromium, horizontalOverflow, PHONE, postRun, SKIP_REASON, startUiHarness, type UiHarness } from './ui-harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const NODE = 'db01.example.com';
const OTHER = 'web02.example.com';
const HOOK_PATH = '/hooks/ui-secret-path-token';
const HOOK_SECRET = 'ui-alerts-webhook-secret';
const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function failingRun(runId: string, node: string, extra: Record<string, unknown>[] = []) {
  return {
    runId,
    status: 'failure',
    node: { name: node, environment: 'production' },
    resources: [{ type: 'Exec', title: 'migrate', status: 'failed', error: { message: 'returned 1' } }, ...extra],
  };
}

describe.skipIf(!hasChromium)('web UI: alerts and silences', () => {
  let ui: UiHarness;
  let receiver: FakeEndpoint;
  const kindsSent = () => receiver.requests.map((r) => JSON.parse(r.body) as { kind: string; node: string }).map((n) => `${n.node}/${n.kind}`);
  const alertOf = (node: string, kind: string) => async () =>
    (await ui.rl.runtime.store.alerts.list(ui.rl.tenant, { node, kind: kind as AlertRecord['kind'] }, { limit: 1 })).items[0];
  const deliveredTo = (alertId: string) => async () => (await ui.rl.runtime.store.deliveries.list(ui.rl.tenant, { alertId, outcome: 'delivered' }, { limit: 1 })).items[0];

  beforeAll(async () => {
    receiver = await startFakeEndpoint();
    receiver.respond({ status: 204 });
    ui = await startUiHarness({
      publicUrl: 'https://rl.example.com',
      alerts: { receivers: [{ name: 'ops', webhook: { url: `${receiver.url}${HOOK_PATH}`, secret: HOOK_SECRET } }], route: { receivers: ['ops'] } },
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await ui?.close();
  });

  it('shows a fired alert with its delivery attempt, silences its node from the UI, and keeps the next alert of that node from the receiver', { timeout: 120_000 }, async () => {
    const runId = await postRun(ui.rl, failingRun('fails-1', NODE));
    const fired = await ui.rl.eventually(alertOf(NODE, 'run_failed'));
    const attempt = await ui.rl.eventually(deliveredTo(fired.id));
    expect(kindsSent()).toEqual([`${NODE}/run_failed`]);

    const viewer = await ui.signedIn('victor', 'viewer');
    const tiles = Object.fromEntries(
      await viewer.locator('.tiles a').evaluateAll((links) => links.map((a) => [a.querySelector('span')!.textContent, [a.querySelector('strong')!.textContent, a.getAttribute('href')]])),
    );
    expect(tiles['Open alerts']).toEqual(['1', '/ui/alerts?state=firing']);
    await viewer.getByRole('link', { name: /Open alerts/ }).click();
    await viewer.waitForURL(`${ui.rl.url}/ui/alerts?state=firing`);
    const row = viewer.locator('tbody tr');
    expect(await row.locator('td[data-label="Node"]').allTextContents()).toEqual([NODE]);
    expect(await row.locator('td[data-label="Kind"]').allTextContents()).toEqual(['run_failed']);
    expect(await row.locator('td[data-label="State"]').textContent()).toBe('firing');
    await ui.screenshot(viewer, 'alerts');

    await row.locator('td[data-label="Started"] a').click();
    await viewer.waitForURL(`${ui.rl.url}/ui/alerts/${fired.id}`);
    const attempts = viewer.getByRole('table', { name: 'Delivery attempts' }).locator('tbody tr');
    expect(await attempts.locator('td[data-label="Receiver"]').allTextContents()).toEqual(['ops (webhook)']);
    expect(await attempts.locator('td[data-label="Outcome"]').allTextContents()).toEqual(['delivered HTTP 204']);
    expect(await attempts.locator('td[data-label="Latency"]').allTextContents()).toEqual([`${attempt.latencyMs} ms`]);
    expect(await viewer.getByRole('region', { name: 'Exec[migrate]' }).locator('p').allTextContents()).toEqual(['failed', 'returned 1']);
    expect(await viewer.locator('ul.notified li').allTextContents()).toEqual([expect.stringMatching(/^ops \(webhook\) · last sent 20\d\d-/)]);
    expect(await viewer.getByRole('link', { name: 'Open the run' }).getAttribute('href')).toBe(`/ui/runs/${runId}`);
    expect(await viewer.getByRole('link', { name: 'Silence alerts of this node' }).count()).toBe(0);
    const html = await viewer.content();
    for (const secret of [HOOK_SECRET, 'ui-secret-path-token', receiver.url]) expect(html).not.toContain(secret);
    await ui.screenshot(viewer, 'alert-detail');
    await viewer.getByRole('link', { name: 'Open the run' }).click();
    await viewer.waitForURL(`${ui.rl.url}/ui/runs/${runId}`);

    const carol = await ui.signedIn('carol', 'approver');
    await carol.goto(`${ui.rl.url}/ui/alerts/${fired.id}`);
    await carol.getByRole('link', { name: 'Silence alerts of this node' }).click();
    await carol.waitForURL(/\/ui\/silences\?/);
    expect(await carol.getByLabel(/^Matchers/).inputValue()).toBe(`node=${NODE}`);
    await carol.getByLabel('Ends (UTC)').fill(utcInput(Date.now() + 2 * 3_600_000));
    await carol.getByLabel('Comment').fill('CHG-7 disk swap');
    await carol.getByRole('button', { name: 'Create silence' }).click();
    await carol.waitForURL(`${ui.rl.url}/ui/silences`);
    const silence = (await ui.rl.runtime.store.silences.list(ui.rl.tenant, {}, { limit: 1 })).items[0]!;
    expect(silence).toMatchObject({ matchers: [{ label: 'node', value: NODE }], createdBy: 'carol', comment: 'CHG-7 disk swap' });
    const listed = carol.getByRole('table', { name: 'Silences' }).locator('tbody tr');
    expect(await listed.locator('td[data-label="State"]').allTextContents()).toEqual(['active']);
    expect(await listed.locator('td[data-label="Matchers"]').allTextContents()).toEqual([`node=${NODE} `]);
    await ui.screenshot(carol, 'silences');

    // The node's next run also changes a file no plan covers: a new unplanned_change alert,
    // which the silence holds back. A failure elsewhere afterwards still reaches the receiver.
    await postRun(ui.rl, failingRun('fails-2', NODE, [{ type: 'File', title: '/etc/db.conf', status: 'changed', changes: [{ property: 'content', before: '{md5}a', after: '{md5}b' }] }]));
    const held = await ui.rl.eventually(alertOf(NODE, 'unplanned_change'));
    expect(held.silencedBy).toBe(silence.id);
    await postRun(ui.rl, failingRun('fails-3', OTHER));
    const control = await ui.rl.eventually(alertOf(OTHER, 'run_failed'));
    await ui.rl.eventually(deliveredTo(control.id));
    expect(kindsSent()).toEqual([`${NODE}/run_failed`, `${OTHER}/run_failed`]);
    expect((await ui.rl.runtime.store.deliveries.list(ui.rl.tenant, { alertId: held.id }, { limit: 10 })).items).toEqual([]);
    await carol.goto(`${ui.rl.url}/ui/alerts/${held.id}`);
    expect(await carol.getByRole('table', { name: 'Delivery attempts' }).locator('tbody').textContent()).toContain('No delivery attempts (silenced).');
    expect(await carol.locator('dt:text-is("Silenced by") + dd code').textContent()).toBe(silence.id);

    await carol.goto(`${ui.rl.url}/ui/silences`);
    carol.once('dialog', (dialog) => dialog.accept());
    await carol.getByRole('button', { name: 'Expire' }).click();
    await carol.waitForURL(`${ui.rl.url}/ui/silences`);
    expect(await listed.locator('td[data-label="State"]').allTextContents()).toEqual(['expired']);
    expect(await carol.getByRole('button', { name: 'Expire' }).count()).toBe(0);
    expect((await ui.rl.runtime.store.audit.list({ tenant: ui.rl.tenant, action: 'silence.expire' }, { limit: 1 })).items[0]).toMatchObject({ target: silence.id, outcome: 'success' });
  });

  it('shows viewers the silences but no form or button, and refuses their forged POST', { timeout: 60_000 }, async () => {
    const viewer = await ui.signedIn('vera', 'viewer');
    await viewer.goto(`${ui.rl.url}/ui/silences`);
    expect(await viewer.getByRole('form', { name: 'Create a silence' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Expire' }).count()).toBe(0);
    expect(await viewer.getByRole('table', { name: 'Silences' }).locator('td[data-label="Created by"]').allTextContents()).toEqual([expect.stringMatching(/^carol /)]);
    await ui.screenshot(viewer, 'silences-viewer');
    const csrf = await viewer.locator('form.who input[name="_csrf"]').getAttribute('value');
    const forged = await viewer.request.post(`${ui.rl.url}/ui/silences`, { form: { _csrf: csrf!, matchers: `node=${NODE}`, endsAt: utcInput(Date.now() + 3_600_000), comment: 'no' } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('RL_AUTH_FORBIDDEN');
    const unsigned = await (await ui.signedIn('carol', 'approver')).request.post(`${ui.rl.url}/ui/silences`, { form: { matchers: `node=${NODE}`, endsAt: utcInput(Date.now() + 3_600_000), comment: 'no csrf' } });
    expect(unsigned.status()).toBe(403);
    expect(await unsigned.text()).toContain('RL_UI_CSRF');
  });

  it.each([
    { name: 'refuses a matcher without "="', matchers: 'db01', endsIn: 3_600_000, status: 400, text: 'matcher "db01" is not label=value' },
    { name: 'refuses a window that already ended, as the API does', matchers: `node=${NODE}`, endsIn: -3_600_000, status: 400, text: 'endsAt is in the past' },
  ])('$name', async ({ matchers, endsIn, status, text }) => {
    // Posted from the signed-in page's own session; a 4xx page would count as a console error.
    const carol = await ui.signedIn('carol', 'approver');
    await carol.goto(`${ui.rl.url}/ui/silences`);
    const csrf = await carol.locator('form[aria-label="Create a silence"] input[name="_csrf"]').getAttribute('value');
    const response = await carol.request.post(`${ui.rl.url}/ui/silences`, { form: { _csrf: csrf!, matchers, endsAt: utcInput(Date.now() + endsIn), comment: 'bad input' } });
    expect(response.status()).toBe(status);
    await carol.setContent(await response.text());
    expect(await carol.getByRole('alert').textContent()).toBe(text);
    expect(await carol.getByLabel('Comment').inputValue()).toBe('bad input');
  });

  it('fits alerts, one alert and silences on a phone without sideways scrolling, with no console errors', { timeout: 60_000 }, async () => {
    const phone = await ui.signedIn('carol', 'approver', PHONE);
    const [first] = (await ui.rl.runtime.store.alerts.list(ui.rl.tenant, {}, { limit: 1 })).items;
    const overflow: Record<string, number> = {};
    for (const path of ['/ui/alerts', `/ui/alerts/${first!.id}`, '/ui/silences']) {
      await phone.goto(`${ui.rl.url}${path}`);
      overflow[path] = await horizontalOverflow(phone);
    }
    expect(Object.values(overflow)).toEqual([0, 0, 0]);
    await ui.screenshot(phone, 'silences-phone');
    expect(ui.consoleErrors).toEqual([]);
  });
});
