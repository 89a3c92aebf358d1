// The web UI in a real Chromium: signing in (account or token), what each role sees and may
// not open, sign-in failures in the audit log, and the admin pages (tokens shown once, users).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, SKIP_REASON, startUiHarness, type UiHarness } from './ui-harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const READ_NAV = ['Overview', 'Runs', 'Changes', 'Nodes', 'Planned changes', 'Alerts', 'Silences'];

describe.skipIf(!hasChromium)('web UI: sign-in and roles', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  });
  afterAll(() => ui?.close());

  it.each([
    { role: 'viewer', nav: READ_NAV, allowed: ['/ui/plans'], forbidden: { '/ui/plans/new': 'plans:write', '/ui/audit': 'audit:read', '/ui/admin/tokens': 'admin', '/ui/reports': 'reports' } },
    { role: 'auditor', nav: [...READ_NAV, 'Reports', 'Audit log'], allowed: ['/ui/audit', '/ui/reports'], forbidden: { '/ui/plans/new': 'plans:write', '/ui/admin/users': 'admin' } },
    { role: 'approver', nav: READ_NAV, allowed: ['/ui/plans/new'], forbidden: { '/ui/audit': 'audit:read', '/ui/admin/retention': 'admin', '/ui/reports/new?definition=pci-dss': 'reports' } },
    { role: 'admin', nav: [...READ_NAV, 'Reports', 'Audit log', 'Admin'], allowed: ['/ui/plans/new', '/ui/audit', '/ui/admin/tokens', '/ui/reports'], forbidden: {} },
  ] as const)('shows a $role only the pages the role may use and refuses the others', async ({ role, nav, allowed, forbidden }) => {
    const page = await ui.signedIn(`${role}-user`, role);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(nav);
    expect(await page.locator('.who').textContent()).toContain(`${role}-user (${role}, acme)`);
    await ui.screenshot(page, `overview-${role}`);
    expect(await page.getByRole('link', { name: 'File a planned change' }).count()).toBe(0);
    for (const path of allowed) expect((await page.request.get(`${ui.rl.url}${path}`)).status()).toBe(200);
    for (const [path, permission] of Object.entries(forbidden)) {
      const response = await page.request.get(`${ui.rl.url}${path}`);
      expect({ status: response.status(), forbidden: (await response.text()).includes(`role &#x27;${role}&#x27; may not ${permission}`) }).toEqual({ status: 403, forbidden: true });
    }
  });

  it('shows the file-a-plan link to those who may file plans only', async () => {
    const viewer = await ui.signedIn('viewer-user', 'viewer');
    await viewer.goto(`${ui.rl.url}/ui/plans`);
    expect(await viewer.getByRole('link', { name: 'File a planned change' }).count()).toBe(0);
    const approver = await ui.signedIn('approver-user', 'approver');
    await approver.goto(`${ui.rl.url}/ui/plans`);
    expect(await approver.getByRole('link', { name: 'File a planned change' }).getAttribute('href')).toBe('/ui/plans/new');
  });

  it('sends a visitor to sign in and back to the page asked for, and signs out', async () => {
    const page = await ui.newPage();
    await ui.signedIn('viewer-user', 'viewer');
    await page.goto(`${ui.rl.url}/ui/nodes?q=web`);
    expect(page.url()).toBe(`${ui.rl.url}/ui/sign-in?next=${encodeURIComponent('/ui/nodes?q=web')}`);
    await ui.screenshot(page, 'sign-in');
    await page.getByLabel('Name').fill('viewer-user');
    await page.getByLabel('Password', { exact: true }).fill('a long test password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${ui.rl.url}/ui/nodes?q=web`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${ui.rl.url}/ui/sign-in`);
    await page.goto(`${ui.rl.url}/ui/runs`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  });

  it('is usable from the keyboard: the first Tab reaches a skip link that moves focus to the content', async () => {
    const page = await ui.signedIn('viewer-user', 'viewer');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("href")')).toMatch(/^\/ui\/runs\?since=\d{4}-/);
  });

  it('signs in with an API token, refuses a wrong password and audits the failure', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.rl.url}/ui/sign-in`);
    await page.getByLabel('Name').fill('viewer-user');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    const [response] = await Promise.all([page.waitForResponse(`${ui.rl.url}/ui/sign-in`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(response.status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toBe('Wrong name or password, or the account is disabled.');
    // Chromium reports the 401 document in the console; that one is expected.
    const expected = ui.consoleErrors.findIndex((e) => e.includes('status of 401'));
    if (expected >= 0) ui.consoleErrors.splice(expected, 1);
    const failures = await ui.rl.runtime.store.audit.list({ action: 'auth.failure' }, { limit: 5 });
    expect(failures.items[0]).toMatchObject({ actor: 'anonymous', outcome: 'denied', details: { reason: 'invalid', method: 'POST', path: '/ui/sign-in' } });
    expect(JSON.stringify(failures.items)).not.toContain('not the password');

    await page.getByText('Sign in with an API token').click();
    await page.getByLabel('Token').fill(await ui.rl.token('auditor'));
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.waitForURL(`${ui.rl.url}/ui/`);
    expect(await page.locator('.who').textContent()).toContain('test auditor (auditor, acme)');
  });

  it('lets an admin create a token shown only once, revoke it, and disable a user whose session then ends', async () => {
    const admin = await ui.signedIn('admin-user', 'admin');
    await admin.goto(`${ui.rl.url}/ui/admin/tokens`);
    await admin.getByLabel('Name').fill('ui fleet');
    await admin.getByLabel('Role').selectOption('ingest');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = (await admin.getByLabel('New token').textContent())!;
    expect(secret).toMatch(/^rl_[\w-]{43}$/);
    await ui.screenshot(admin, 'admin-tokens');
    await admin.goto(`${ui.rl.url}/ui/admin/tokens`);
    expect(await admin.content()).not.toContain(secret);
    admin.once('dialog', (dialog) => dialog.accept());
    await admin.getByRole('button', { name: 'Revoke ui fleet' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/admin/tokens`);
    expect(await admin.getByRole('row', { name: /ui fleet/ }).getByText(/^revoked/).count()).toBe(1);

    const leaving = await ui.signedIn('leaving-user', 'viewer');
    await admin.goto(`${ui.rl.url}/ui/admin/users`);
    await ui.screenshot(admin, 'admin-users');
    admin.once('dialog', (dialog) => dialog.accept());
    await admin.getByRole('button', { name: 'Disable leaving-user' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/admin/users`);
    await leaving.goto(`${ui.rl.url}/ui/runs`);
    expect(new URL(leaving.url()).pathname).toBe('/ui/sign-in');

    await admin.getByLabel('Name').fill('new-approver');
    await admin.getByLabel('Role').selectOption('approver');
    await admin.getByLabel('Password').fill('another long password');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/admin/users`);
    expect(await admin.getByRole('row', { name: /new-approver/ }).locator('td').nth(1).textContent()).toBe('approver');
    await admin.goto(`${ui.rl.url}/ui/admin/retention`);
    expect(await admin.locator('dl.facts').textContent()).toContain('396 days');
    await ui.screenshot(admin, 'admin-retention');
    expect(ui.consoleErrors).toEqual([]);
  });
});
