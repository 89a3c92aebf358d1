// The reports pages over plain HTTP, with no reports worker (reports stay queued): keyset pages
// of generated reports, a queued report's page reloading itself, refusals with the API's codes
// (not ready, unknown format, report or definition, the definition's own parameter rules), and
// a viewer's forged request refused without recording anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecord } from '../../store/report-records.types.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { errorOf, nextPagePath, signInWithToken, uiGet, uiPost } from '../helpers/ui-session.ts';

const SEEDED = 5;
let rl: TestRuntime;
let auditor: string;
let viewer: string;

function seededReport(i: number): ReportRecord {
  const createdAt = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
  return {
    id: `rpt_page${i}`, tenant: 'acme', definition: 'pci-dss', params: { from: '2026-10-01T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z' }, formats: ['html'],
    recipients: [], requestedBy: 'tok_seed', state: 'queued', progress: 0, files: [], unavailable: {}, createdAt, expiresAt: '2032-11-01T00:00:00.000Z',
  };
}

beforeAll(async () => {
  rl = await startTestRuntime({}, ['ingest']);
  for (let i = 0; i < SEEDED; i += 1) await rl.runtime.store.reports.create(seededReport(i));
  auditor = (await signInWithToken(rl.url, await rl.token('auditor'))).cookie;
  viewer = (await signInWithToken(rl.url, await rl.token('viewer'))).cookie;
});
afterAll(() => rl?.close());

const page = (path: string, cookie = auditor) => uiGet(rl.url, path, cookie);
const post = (path: string, fields: Record<string, string>, cookie = auditor) => uiPost(rl.url, path, fields, cookie);

const reportIds = (html: string) => [...html.matchAll(/href="\/ui\/reports\/(rpt_[^"]+)"/g)].map((m) => m[1]);

describe('reports pages', () => {
  it('pages through every generated report, newest first', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/ui/reports?limit=2';
    while (next) {
      const { status, html } = await page(next);
      expect(status).toBe(200);
      seen.push(...reportIds(html).map(String));
      next = nextPagePath(html);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `rpt_page${i}`));
  });

  it('shows a queued report with its progress and a page that reloads itself, and no download or verify yet', async () => {
    const { status, html } = await page('/ui/reports/rpt_page0');
    expect(status).toBe(200);
    expect(/data-state="([a-z]+)"/.exec(html)?.[1]).toBe('queued');
    expect(/data-refresh="(\d+)"/.exec(html)?.[1]).toBe('2');
    expect(html).not.toContain('/download?format=');
    expect(html).not.toContain('/verify');
  });

  it.each([
    { name: 'a download of a report that is not ready', path: '/ui/reports/rpt_page0/download?format=html', want: { status: 409, code: 'RL_REPORT_NOT_READY' } },
    { name: 'a download in an unknown format', path: '/ui/reports/rpt_page0/download?format=docx', want: { status: 400, code: 'RL_BAD_REQUEST' } },
    { name: 'an unknown report', path: '/ui/reports/rpt_nope', want: { status: 404, code: 'RL_NOT_FOUND' } },
    { name: 'a form for an unknown definition', path: '/ui/reports/new?definition=sox', want: { status: 404, code: 'RL_NOT_FOUND' } },
  ])('answers $name with an error page and the API\'s code', async ({ path, want }) => {
    expect(errorOf(await page(path))).toEqual(want);
  });

  it('refuses to verify a report that is not ready, with the API\'s code', async () => {
    expect(errorOf(await post('/ui/reports/rpt_page0/verify', {}))).toEqual({ status: 409, code: 'RL_REPORT_NOT_READY' });
  });

  it('shows the definition\'s refusal when a billing report lacks its rate card, and queues a valid request as the API would', async () => {
    const period = { definition: 'billing', from: '2026-11-01T00:00', until: '2026-11-08T00:00', formats: 'csv' };
    const refused = await post('/ui/reports', period);
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/role="alert">params: [^<]*rateCard/);
    const accepted = await post('/ui/reports', { ...period, more: '{"rateCard":{"version":"2026-11","currency":"EUR","rates":{"run":0.01}}}' });
    expect(accepted.status).toBe(303);
    const id = /^\/ui\/reports\/(rpt_[^/]+)$/.exec(accepted.location ?? '')?.[1];
    const record = await rl.runtime.store.reports.get('acme', id!);
    expect(record).toMatchObject({ state: 'queued', definition: 'billing', formats: ['csv'], params: { from: '2026-11-01T00:00:00.000Z', until: '2026-11-08T00:00:00.000Z', groupBy: 'environment' } });
    const requested = (await rl.runtime.store.audit.list({ tenant: 'acme', action: 'report.generate' }, { limit: 5 })).items.map((e) => [e.actor.slice(0, 4), e.target]);
    expect(requested).toEqual([['tok_', id]]);
  });

  it('refuses a viewer\'s forged generate request and records nothing', async () => {
    const ids = async () => (await rl.runtime.store.reports.list('acme', { limit: 50 })).items.map((r) => r.id);
    const before = await ids();
    expect(errorOf(await post('/ui/reports', { definition: 'pci-dss', from: '2026-11-01T00:00', until: '2026-11-08T00:00', formats: 'html' }, viewer))).toEqual({ status: 403, code: 'RL_AUTH_FORBIDDEN' });
    expect(await ids()).toEqual(before);
  });
});
