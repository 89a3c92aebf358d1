// Report schedules on the Reports page in a real Chromium: an admin creates one through the
// form (a bad cron expression is refused with the field named and the form kept), sees it
// beside the configured one, disables, enables and deletes it, each stored and audited. An
// auditor sees the schedules but no buttons, and the configured one offers none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, horizontalOverflow, PHONE, SKIP_REASON, startUiHarness, type UiHarness } from './ui-harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const CONFIGURED = { id: 'weekly-pci', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * 1', timeZone: 'Europe/Berlin', period: 'previous-week' as const };

describe.skipIf(!hasChromium)('web UI: report schedules', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness({
      alerts: { receivers: [{ name: 'compliance', webhook: { url: 'http://127.0.0.1:9/unused', secret: 'ui-schedule-secret' } }, { name: 'finance', webhook: { url: 'http://127.0.0.1:9/unused', secret: 'ui-schedule-secret' } }] },
      reports: { schedules: [CONFIGURED] },
    });
  });
  afterAll(() => ui?.close());

  const rows = (page: Awaited<ReturnType<UiHarness['signedIn']>>) => page.getByRole('table', { name: 'Schedules' }).locator('tbody tr');
  const cells = async (page: Awaited<ReturnType<UiHarness['signedIn']>>, label: string) => rows(page).locator(`td[data-label="${label}"]`).allTextContents();

  it('lets an admin create, disable, enable and delete a schedule on the Reports page', { timeout: 120_000 }, async () => {
    const admin = await ui.signedIn('ada', 'admin');
    await admin.goto(`${ui.rl.url}/ui/reports`);
    await admin.getByRole('link', { name: 'New schedule' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/reports/schedules/new`);
    const form = admin.getByRole('form', { name: 'Create a report schedule' });
    await form.getByLabel('Name').fill('monthly-billing');
    await form.getByLabel('Report').selectOption('billing');
    await form.getByLabel('Cron expression').fill('0 7 1 * * * *');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Period').selectOption('previous-month');
    for (const format of ['pdf', 'json']) await form.getByLabel(format, { exact: true }).uncheck();
    await form.getByLabel('finance', { exact: true }).check();
    await form.getByLabel('Other parameters').fill('{"rateCard":{"version":"2026-11","currency":"EUR","rates":{"run":0.01}},"groupBy":"role"}');
    await admin.getByRole('button', { name: 'Create schedule' }).click();
    expect(await admin.getByRole('alert').textContent()).toBe('cron: not a valid cron expression');
    // Chromium logs the 400 the refusal is answered with; nothing else may be logged.
    const refusal = ui.consoleErrors.findIndex((e) => e.endsWith('/ui/reports/schedules: Failed to load resource: the server responded with a status of 400 (Bad Request)'));
    expect(refusal).toBeGreaterThanOrEqual(0);
    ui.consoleErrors.splice(refusal, 1);
    expect(await form.getByLabel('Name').inputValue()).toBe('monthly-billing');
    expect(await form.getByLabel('finance', { exact: true }).isChecked()).toBe(true);
    await form.getByLabel('Cron expression').fill('0 7 1 * *');
    await ui.screenshot(admin, 'report-schedule-new');
    await admin.getByRole('button', { name: 'Create schedule' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/reports#schedules`);

    expect(await cells(admin, 'Schedule')).toEqual(['weekly-pci', 'monthly-billing']);
    expect(await cells(admin, 'Source')).toEqual(['config', 'api']);
    expect(await cells(admin, 'State')).toEqual(['enabled', 'enabled']);
    // 07:00 in Berlin on the 1st is 06:00 UTC in winter, 05:00 in summer.
    expect((await cells(admin, 'Next run'))[1]).toMatch(/^20\d\d-\d\d-01 0[56]:00:00 UTC$/);
    expect(await rows(admin).nth(0).getByRole('button').count()).toBe(0);
    expect(await ui.rl.runtime.store.reportSchedules.get(ui.rl.tenant, 'monthly-billing')).toMatchObject({
      definition: 'billing', cron: '0 7 1 * *', timeZone: 'Europe/Berlin', period: 'previous-month', formats: ['html', 'csv'], recipients: ['finance'], params: { groupBy: 'role' }, enabled: true,
    });
    await ui.screenshot(admin, 'report-schedules');

    const created = rows(admin).nth(1);
    await created.getByRole('button', { name: 'Disable' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/reports#schedules`);
    expect(await cells(admin, 'State')).toEqual(['enabled', 'disabled']);
    expect((await cells(admin, 'Next run'))[1]).toBe('—');
    await created.getByRole('button', { name: 'Enable' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/reports#schedules`);
    expect(await cells(admin, 'State')).toEqual(['enabled', 'enabled']);

    const phone = await ui.signedIn('ada', 'admin', PHONE);
    for (const path of ['/ui/reports', '/ui/reports/schedules/new']) {
      await phone.goto(`${ui.rl.url}${path}`);
      expect({ path, overflow: await horizontalOverflow(phone) }).toEqual({ path, overflow: 0 });
    }

    admin.once('dialog', (dialog) => dialog.accept());
    await created.getByRole('button', { name: 'Delete' }).click();
    await admin.waitForURL(`${ui.rl.url}/ui/reports#schedules`);
    expect(await cells(admin, 'Schedule')).toEqual(['weekly-pci']);
    expect(await ui.rl.runtime.store.reportSchedules.get(ui.rl.tenant, 'monthly-billing')).toBeUndefined();

    const { items } = await ui.rl.runtime.store.audit.list({ tenant: ui.rl.tenant }, { limit: 100 });
    expect(items.filter((e) => e.target === 'monthly-billing').map((e) => [e.action, e.actor.slice(0, 4)]).reverse()).toEqual([
      ['report.schedule.create', 'usr_'], ['report.schedule.disable', 'usr_'], ['report.schedule.enable', 'usr_'], ['report.schedule.delete', 'usr_'],
    ]);
  });

  it('shows an auditor the schedules without buttons, and refuses the form', async () => {
    const auditor = await ui.signedIn('audrey', 'auditor');
    await auditor.goto(`${ui.rl.url}/ui/reports`);
    expect(await cells(auditor, 'Schedule')).toEqual(['weekly-pci']);
    expect(await auditor.getByRole('link', { name: 'New schedule' }).count()).toBe(0);
    const response = await auditor.request.get(`${ui.rl.url}/ui/reports/schedules/new`);
    expect({ status: response.status(), refused: (await response.text()).includes("role &#x27;auditor&#x27; may not reports:schedule") }).toEqual({ status: 403, refused: true });
  });

  it('logs no console errors on any page', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
