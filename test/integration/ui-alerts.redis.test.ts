// The alerts and silences pages over plain HTTP: "Next page" through every alert with the
// filter kept, an alert's dead letters (its own only) and its run link, and bad input, unknown
// ids and refused silence actions as HTML error pages with the API's codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlert, buildSilence } from '../helpers/alert-builder.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { errorOf, nextPagePath, signInWithToken, uiGet, uiPost, unescapeHref } from '../helpers/ui-session.ts';

const ALERTS = 60;
let rl: TestRuntime;
let viewer: string;
let approver: string;

beforeAll(async () => {
  rl = await startTestRuntime({ alerts: { receivers: [{ name: 'ops', webhook: { url: 'https://hooks.example.com/secret-path', secret: 'page-test-secret' } }] } }, ['ingest']);
  for (let i = 0; i < ALERTS; i += 1) {
    const startsAt = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    await rl.runtime.store.alerts.put(buildAlert({ id: `a_page${String(i).padStart(3, '0')}`, node: `node-${i}`, startsAt, state: i % 2 ? 'resolved' : 'firing' }));
  }
  await rl.runtime.store.silences.create(buildSilence({ id: 's_ended', startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-01-02T00:00:00.000Z' }));
  viewer = (await signInWithToken(rl.url, await rl.token('viewer'))).cookie;
  approver = (await signInWithToken(rl.url, await rl.token('approver'))).cookie;
});
afterAll(() => rl?.close());

const page = (path: string, cookie = viewer) => uiGet(rl.url, path, cookie);
const post = (path: string, fields: Record<string, string>, cookie = approver) => uiPost(rl.url, path, fields, cookie);

const nodes = (html: string) => [...html.matchAll(/data-label="Node"><a [^>]*>([^<]*)/g)].map((m) => m[1]);

describe('alerts pages', () => {
  it('pages through every firing alert, newest first, keeping the state filter', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/ui/alerts?state=firing&limit=7';
    while (next) {
      const { status, html } = await page(next);
      expect(status).toBe(200);
      seen.push(...nodes(html).map(String));
      const href = nextPagePath(html);
      if (href) expect(href).toMatch(/^\/ui\/alerts\?state=firing&limit=7&cursor=/);
      next = href;
    }
    const firing = Array.from({ length: ALERTS / 2 }, (_, i) => `node-${ALERTS - 2 - 2 * i}`);
    expect(seen).toEqual(firing);
  });

  it("shows an alert's own dead letters, not another alert's, and links its run", async () => {
    const alert = buildAlert({ id: 'a_dead', node: 'dead-01', link: 'https://rl.example.com/api/v1/runs/r_abc123', notified: { ops: '2026-12-01T08:00:00.000Z' } });
    await rl.runtime.store.alerts.put(alert);
    const letter = { tenant: 'acme', deliveryId: 'd_1', receiver: 'ops', dedupKey: alert.dedupKey, at: '2026-12-01T09:00:00.000Z', attempts: 7, reason: 'server', detail: 'HTTP 503 from https://hooks.example.com' };
    await rl.runtime.store.deliveries.deadLetter({ ...letter, id: 'dl_own', alertId: alert.id });
    await rl.runtime.store.deliveries.deadLetter({ ...letter, id: 'dl_other', alertId: 'a_other', attempts: 3 });
    const { status, html } = await page('/ui/alerts/a_dead');
    expect(status).toBe(200);
    expect([...html.matchAll(/data-label="Attempts">(\d+)</g)].map((m) => m[1])).toEqual(['7']);
    expect(html).toContain('href="/ui/runs/r_abc123"');
    for (const secret of ['secret-path', 'page-test-secret']) expect(html).not.toContain(secret);
  });

  it("links an alert without a run link to its node's runs from its start", async () => {
    await rl.runtime.store.alerts.put(buildAlert({ id: 'a_nolink', node: 'nolink-01', startsAt: '2026-12-01T08:00:00.000Z' }));
    const { html } = await page('/ui/alerts/a_nolink');
    expect(unescapeHref(/href="([^"]+)">Open the run/.exec(html)![1]!)).toBe('/ui/runs?node=nolink-01&since=2026-12-01T08%3A00%3A00.000Z');
  });

  it('shows an inhibited alert as such in the list and links the alert that inhibited it', async () => {
    await rl.runtime.store.alerts.put(buildAlert({ id: 'a_missing', kind: 'node_missing', severity: 'warning', node: 'inh-01', startsAt: '2026-12-02T08:00:00.000Z' }));
    await rl.runtime.store.alerts.put(buildAlert({ id: 'a_inhibited', node: 'inh-01', startsAt: '2026-12-02T08:05:00.000Z', inhibitedBy: 'a_missing' }));
    const { html } = await page('/ui/alerts/a_inhibited');
    expect(/<dt>Inhibited by<\/dt><dd><a href="([^"]+)">a_missing<\/a>/.exec(html)?.[1]).toBe('/ui/alerts/a_missing');
    expect(html).toContain('No delivery attempts (inhibited).');
    const list = (await page('/ui/alerts?node=inh-01')).html;
    expect([...list.matchAll(/data-label="State">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim())).toEqual(['firing inhibited', 'firing']);
  });

  it.each([
    { name: 'an unknown alert state', path: '/ui/alerts?state=open', want: { status: 400, code: 'RL_BAD_REQUEST' } },
    { name: 'an unknown alert', path: '/ui/alerts/a_nope', want: { status: 404, code: 'RL_NOT_FOUND' } },
  ])('answers $name with an HTML error page and its code', async ({ path, want }) => {
    expect(errorOf(await page(path))).toEqual(want);
  });
});

describe('silences page', () => {
  it('creates a silence attributed to the signed-in token and redirects to the list', async () => {
    const created = await post('/ui/silences', { matchers: 'node=db01; kind=run_failed', startsAt: '', endsAt: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16), comment: 'CHG-9' });
    expect({ status: created.status, location: created.location }).toEqual({ status: 303, location: '/ui/silences' });
    const [silence] = (await rl.runtime.store.silences.list('acme', {}, { limit: 1 })).items;
    expect(silence).toMatchObject({ matchers: [{ label: 'node', value: 'db01' }, { label: 'kind', value: 'run_failed' }], createdBy: 'test approver', comment: 'CHG-9' });
  });

  it.each([
    { name: 'expiring an unknown silence', id: 's_nope', want: { status: 404, code: 'RL_NOT_FOUND' } },
    { name: 'expiring a silence that already ended', id: 's_ended', want: { status: 409, code: 'RL_SILENCE_EXPIRED' } },
  ])('refuses $name with the code the API answers', async ({ id, want }) => {
    expect(errorOf(await post(`/ui/silences/${id}/expire`, {}))).toEqual(want);
  });

  it('lists only the silences in force with "only those in force now"', async () => {
    const { html } = await page('/ui/silences?active=true');
    expect([...html.matchAll(/data-label="Comment">([^<]*)</g)].map((m) => m[1])).toEqual(['CHG-9']);
  });
});
