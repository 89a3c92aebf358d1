// A real RunLedger and a real Chromium (Debian's, via playwright-core; never a downloaded
// browser) for the UI tests: users per role, sign-in, console-error capture, screenshots
// under test-results/ui/ and a check for horizontal scrolling.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { ConfigInput } from '../../core/config.ts';
import type { Role } from '../../core/roles.ts';
import { createUser } from '../../core/users.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_REASON = `UI browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`;
const SCREENSHOTS = new URL('../../test-results/ui/', import.meta.url).pathname;
export const PASSWORD = 'a long test password';
export const PHONE = { width: 375, height: 740 };

export interface UiHarness {
  rl: TestRuntime;
  browser: Browser;
  /** A new browser context signed in as `name` (created with `role` on first use). */
  signedIn(name: string, role: Role, viewport?: { width: number; height: number }): Promise<Page>;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Console errors and uncaught page errors seen so far, from every page. */
  consoleErrors: string[];
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUiHarness(overrides: Omit<ConfigInput, 'ui'> = {}): Promise<UiHarness> {
  // Overview counts are counted on every view, so tests see what they just posted.
  const rl = await startTestRuntime({ ...overrides, ui: { overviewCacheSeconds: 0, signInAttemptsPerMinute: 1000 } });
  // launch() starts Chromium with a new, empty profile directory every time.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const consoleErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const users = new Set<string>();

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  return {
    rl,
    browser,
    consoleErrors,
    newPage,
    async signedIn(name, role, viewport) {
      if (!users.has(name)) {
        const created = await createUser(rl.runtime.store, { tenant: rl.tenant, role, name, password: PASSWORD, actor: 'test' });
        if (!created.ok) throw new Error(created.message);
        users.add(name);
      }
      const page = await newPage(viewport);
      await page.goto(`${rl.url}/ui/`);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${rl.url}/ui/`);
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await rl.close();
    },
  };
}

/** Scrollable width beyond the viewport, in CSS pixels (0: no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
}

/** Posts a run in RunLedger's own JSON format and waits until it is stored and classified. */
export async function postRun(rl: TestRuntime, report: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${rl.url}/api/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await rl.token('ingest')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ schema: 'runledger.run/v1', source: 'generic', agent: { name: 'ansible' }, status: 'success', startedAt: new Date().toISOString(), ...report }),
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  await rl.eventually(async () => (await rl.runtime.store.runs.get(rl.tenant, id)) !== undefined);
  return id;
}
