// The Reports page in a real Chromium: an auditor generates a PCI DSS report for a period
// holding a run posted through /api/v1/reports, follows its progress to ready, downloads the
// HTML (it holds the run's unplanned change) and the PDF (audited like API downloads), and the
// server-side check of the stored files against the signed manifest says it is valid. A viewer
// sees no Reports entry and is refused the pages.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, horizontalOverflow, PHONE, postRun, SKIP_REASON, startUiHarness, type UiHarness } from './ui-harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const NODE = 'pay01.example.com';
const CHANGED_FILE = '/etc/pay/limits.conf';
const HOUR = 3_600_000;
const SCHEDULE = { id: 'weekly-pci', tenant: 'acme', definition: 'pci-dss', cron: '0 6 * * 1', timeZone: 'Europe/Berlin', period: 'previous-week' as const };
const escape = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

async function downloadBytes(page: Page, linkName: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName, exact: true }).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

describe.skipIf(!hasChromium)('web UI: reports', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness({ reports: { schedules: [SCHEDULE, { ...SCHEDULE, id: 'theirs', tenant: 'globex' }] } });
  });
  afterAll(() => ui?.close());

  it('lets an auditor generate a PCI DSS report, follow it to ready, download the HTML and PDF and verify the signature', { timeout: 240_000 }, async () => {
    const from = Date.now() - HOUR;
    await postRun(ui.rl, {
      runId: 'ui-report-1',
      node: { name: NODE, environment: 'production' },
      resources: [{ type: 'File', title: CHANGED_FILE, status: 'changed', changes: [{ property: 'content', before: '{md5}a', after: '{md5}b' }] }],
    });
    await ui.rl.eventually(async () => (await ui.rl.runtime.store.changes.list(ui.rl.tenant, { classification: 'unplanned' }, { limit: 5 })).items[0]);

    const auditor = await ui.signedIn('audrey', 'auditor');
    await auditor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await auditor.waitForURL(`${ui.rl.url}/ui/reports`);
    const schedules = auditor.getByRole('table', { name: 'Schedules' }).locator('tbody tr');
    expect(await schedules.locator('td[data-label="Schedule"]').allTextContents()).toEqual(['weekly-pci']);
    expect(await schedules.locator('td[data-label="Next run"]').textContent()).toMatch(/^20\d\d-\d\d-\d\d 0[45]:00:00 UTC$/);

    await auditor.getByRole('form', { name: 'Choose a report' }).locator('select').selectOption('pci-dss');
    await auditor.getByRole('button', { name: 'Continue' }).click();
    await auditor.waitForURL(`${ui.rl.url}/ui/reports/new?definition=pci-dss`);
    await auditor.getByLabel('Period from (UTC, inclusive)').fill(utcInput(from));
    await auditor.getByLabel('Period until (UTC, exclusive)').fill(utcInput(Date.now() + 2 * 60_000));
    await ui.screenshot(auditor, 'report-new');
    await auditor.getByRole('button', { name: 'Generate' }).click();
    await auditor.waitForURL(/\/ui\/reports\/rpt_[^/]+$/);
    const reportId = new URL(auditor.url()).pathname.split('/').pop()!;
    expect(['queued', 'running', 'ready']).toContain(await auditor.locator('[data-state]').getAttribute('data-state'));

    // The page reloads itself while the report is generated.
    await auditor.waitForSelector('[data-state="ready"]', { timeout: 120_000 });
    expect(await auditor.getByRole('progressbar', { name: 'Progress' }).getAttribute('value')).toBe('100');
    const record = (await ui.rl.runtime.store.reports.get(ui.rl.tenant, reportId))!;
    expect(await auditor.locator('dl.facts dt:text-is("Findings") + dd').textContent()).toBe(String(record.findings));
    const shown = await auditor.getByRole('table', { name: 'Files' }).locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('[data-label="File"]')!.textContent, r.querySelector('[data-label="SHA-256"]')!.textContent]));
    expect(shown).toEqual(record.files.map((f) => [f.name, f.sha256]));
    await ui.screenshot(auditor, 'report-ready');

    const html = await downloadBytes(auditor, 'HTML');
    expect(html.name).toBe(`${reportId}.html`);
    const text = html.bytes.toString('utf8');
    // The exceptions register lists the change as an unplanned-change finding, with its evidence id.
    const finding = new RegExp(`<td>Unplanned change</td><td class="high">high</td><td>[^<]+</td><td>${escape(NODE)}</td><td>${escape(`File[${CHANGED_FILE}]: no approved plan matches`)}</td><td>(EV-[^<]+)</td>`);
    expect(text).toMatch(finding);
    const evidenceId = finding.exec(text)![1]!;
    expect(text.split(evidenceId).length).toBeGreaterThan(2);
    const pdf = await downloadBytes(auditor, 'PDF');
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    await auditor.getByRole('button', { name: 'Verify signature and files' }).click();
    const verdict = auditor.locator('[data-verified]');
    expect(await verdict.getAttribute('data-verified')).toBe('valid');
    expect(await verdict.textContent()).toContain('Signature valid');
    expect(await auditor.locator('ul.verified li').count()).toBe(record.files.length - 2);
    await ui.screenshot(auditor, 'report-verified');

    const audited = async (action: string) =>
      (await ui.rl.runtime.store.audit.list({ tenant: ui.rl.tenant, action }, { limit: 10 })).items.map((e) => [e.actor.slice(0, 4), e.target, e.outcome, (e.details as { format?: string }).format]);
    expect((await audited('report.download')).sort()).toEqual([['usr_', reportId, 'success', 'html'], ['usr_', reportId, 'success', 'pdf']]);
    expect(await audited('report.verify')).toEqual([['usr_', reportId, 'success', undefined]]);

    const phone = await ui.signedIn('audrey', 'auditor', PHONE);
    for (const path of ['/ui/reports', '/ui/reports/new?definition=pci-dss', `/ui/reports/${reportId}`]) {
      await phone.goto(`${ui.rl.url}${path}`);
      expect({ path, overflow: await horizontalOverflow(phone) }).toEqual({ path, overflow: 0 });
    }
    await ui.screenshot(phone, 'report-phone');
    await phone.goto(`${ui.rl.url}/ui/reports`);
    expect(await phone.getByRole('table', { name: 'Generated reports' }).locator('td[data-label="State"]').allTextContents()).toEqual(['ready']);
    await ui.screenshot(phone, 'reports-phone');
  });

  it('shows a viewer no Reports entry and refuses the reports pages with 403', async () => {
    const viewer = await ui.signedIn('victor', 'viewer');
    expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).not.toContain('Reports');
    for (const path of ['/ui/reports', '/ui/reports/new?definition=pci-dss']) {
      const response = await viewer.request.get(`${ui.rl.url}${path}`);
      expect({ path, status: response.status(), refused: (await response.text()).includes("role &#x27;viewer&#x27; may not reports") }).toEqual({ path, status: 403, refused: true });
    }
  });

  it('shows the definition\'s own refusal in the form and keeps what was typed', async () => {
    const auditor = await ui.signedIn('audrey', 'auditor');
    await auditor.goto(`${ui.rl.url}/ui/reports/new?definition=pci-dss`);
    await auditor.getByLabel('Period from (UTC, inclusive)').fill('2026-11-02T00:00');
    await auditor.getByLabel('Period until (UTC, exclusive)').fill('2026-11-01T00:00');
    await auditor.getByRole('button', { name: 'Generate' }).click();
    expect(await auditor.getByRole('alert').textContent()).toContain('until must be after from');
    // The refusal is answered with the API's status (400), which Chromium logs; nothing else may be logged.
    const refusal = ui.consoleErrors.findIndex((e) => e.endsWith('/ui/reports: Failed to load resource: the server responded with a status of 400 (Bad Request)'));
    expect(refusal).toBeGreaterThanOrEqual(0);
    ui.consoleErrors.splice(refusal, 1);
    expect(await auditor.getByLabel('Period from (UTC, inclusive)').inputValue()).toBe('2026-11-02T00:00');
  });

  it('logs no console errors on any page', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
