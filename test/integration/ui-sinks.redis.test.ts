// Admin → Receivers over plain HTTP: the configured receivers and routing tree, a test send
// to a real local webhook (signed, delivered) and to a closed port (a network failure shown
// without the URL's secret path), both audited as sink.test; admin only, CSRF required.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusingUrl, startFakeEndpoint, type FakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from '../../sinks/webhook/webhook.sign.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { FORM, errorOf, signInWithToken, uiGet, uiPost, unescapeHref } from '../helpers/ui-session.ts';

const SECRET = 'ui-sinks-test-secret';
let rl: TestRuntime;
let endpoint: FakeEndpoint;
let closedUrl: string;
let admin: string;

beforeAll(async () => {
  endpoint = await startFakeEndpoint();
  closedUrl = `${await refusingUrl()}/hooks/closed-secret-path`;
  rl = await startTestRuntime(
    {
      alerts: {
        receivers: [
          { name: 'good', webhook: { url: `${endpoint.url}/hooks/good-secret-path`, secret: SECRET } },
          { name: 'closed', webhook: { url: closedUrl, secret: SECRET } },
        ],
        route: { receivers: ['good'], groupWaitMs: 0, routes: [{ match: { severity: 'critical' }, receivers: ['closed', 'good'], continue: true, groupBy: ['node'], groupWaitMs: 30_000, routes: [] }] },
      },
    },
    ['ingest'],
  );
  admin = (await signInWithToken(rl.url, await rl.token('admin'))).cookie;
});
afterAll(async () => {
  await rl?.close();
  await endpoint?.close();
});

const cells = (html: string, label: string) => [...html.matchAll(new RegExp(`data-label="${label}">([^<]*)<`, 'g'))].map((m) => unescapeHref(m[1]!));
const notice = (html: string) => /aria-label="Test result">([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
const secrets = () => [SECRET, 'good-secret-path', 'closed-secret-path', closedUrl, endpoint.url + '/hooks'];

describe('admin receivers page', () => {
  it('lists every receiver with its kind and the routing tree, and no receiver setting', async () => {
    const { status, html } = await uiGet(rl.url, '/ui/admin/receivers', admin);
    expect(status).toBe(200);
    expect({ names: cells(html, 'Name'), kinds: cells(html, 'Kind') }).toEqual({ names: ['good', 'closed'], kinds: ['webhook', 'webhook'] });
    expect({
      match: cells(html, 'Match'),
      receivers: cells(html, 'Receivers'),
      continue: cells(html, 'Continue'),
      groupBy: cells(html, 'Group by'),
      groupWait: cells(html, 'Group wait'),
    }).toEqual({
      match: ['every alert (root)', '— severity=critical'],
      receivers: ['good', 'closed, good'],
      continue: ['', 'yes'],
      groupBy: ['none', 'node'],
      groupWait: ['0 ms', '30000 ms'],
    });
    for (const secret of secrets()) expect(html).not.toContain(secret);
  });

  it('says where the tree in effect came from: config at revision 0, then the API with who and when', async () => {
    const facts = (html: string) => /aria-label="Routing tree">([\s\S]*?)<\/dl>/.exec(html)![1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    expect(facts((await uiGet(rl.url, '/ui/admin/receivers', admin)).html)).toBe('Source configuration ( alerts.route ) Revision 0');
    const changedBy = { id: 'tok_root', name: 'root' };
    await rl.runtime.store.alertRouting.write({ routing: { route: { receivers: ['closed'], repeatIntervalMs: 3_600_000, groupWaitMs: 0, groupIntervalMs: 300_000, routes: [] }, inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: ['run_failed', 'corrective_change'] }, equal: ['node'] }] }, changedAt: '2026-12-01T10:00:00.000Z', changedBy }, 0);
    const { html } = await uiGet(rl.url, '/ui/admin/receivers', admin);
    expect(facts(html)).toBe('Source written through the API Revision 1 Last changed 2026-12-01 10:00:00 UTC by root');
    expect(cells(html, 'Receivers')).toEqual(['closed']);
    expect([cells(html, 'Source'), cells(html, 'Target'), cells(html, 'Equal')]).toEqual([['kind=node_missing'], ['kind=run_failed|corrective_change'], ['node']]);
    await rl.runtime.store.alertRouting.write({ changedAt: '2026-12-01T10:05:00.000Z', changedBy }, 1);
  });

  it('sends a signed sample to a working receiver and says it was delivered', async () => {
    const { status, html } = await uiPost(rl.url, '/ui/admin/receivers/good/test', {}, admin);
    expect(status).toBe(200);
    expect(notice(html)).toBe('Test sample delivered to good (HTTP 200).');
    expect(endpoint.requests).toHaveLength(1);
    const [request] = endpoint.requests;
    expect(request!.path).toBe('/hooks/good-secret-path');
    expect(request!.headers[SIGNATURE_HEADER]).toBe(sign(SECRET, Number(request!.headers[TIMESTAMP_HEADER]), request!.body));
    expect(JSON.parse(request!.body)).toMatchObject({ dedupKey: 'runledger-test/good' });
  });

  it('shows a network failure for a closed port without the URL or the secret', async () => {
    const { status, html } = await uiPost(rl.url, '/ui/admin/receivers/closed/test', {}, admin);
    expect(status).toBe(200);
    expect(notice(html)).toMatch(/^Test sample to closed failed, would be retried: network — cannot reach http:\/\/127\.0\.0\.1:\d+\/\[redacted\]: ECONNREFUSED$/);
    for (const secret of secrets()) expect(html).not.toContain(secret);
  });

  it('records both test sends as sink.test audit events by the signed-in admin', async () => {
    const { items } = await rl.runtime.store.audit.list({ tenant: 'acme', action: 'sink.test' }, { limit: 10 });
    const entries = items.map((e) => ({ actor: e.actor, target: e.target, outcome: e.outcome, details: e.details })).sort((a, b) => String(a.target).localeCompare(String(b.target)));
    const actor = items[0]!.actor;
    expect(actor).toMatch(/^tok_/);
    expect(entries).toEqual([
      { actor, target: 'closed', outcome: 'failure', details: { result: 'retry', reason: 'network' } },
      { actor, target: 'good', outcome: 'success', details: { result: 'delivered', status: 200 } },
    ]);
  });

  it('answers an unknown receiver with 404', async () => {
    expect(errorOf(await uiPost(rl.url, '/ui/admin/receivers/nope/test', {}, admin))).toEqual({ status: 404, code: 'RL_NOT_FOUND' });
  });

  it.each(['viewer', 'approver'] as const)('refuses a %s the page and the test send', async (role) => {
    const cookie = (await signInWithToken(rl.url, await rl.token(role))).cookie;
    expect((await uiGet(rl.url, '/ui/admin/receivers', cookie)).status).toBe(403);
    expect((await uiPost(rl.url, '/ui/admin/receivers/good/test', {}, cookie)).status).toBe(403);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('refuses a test send without the CSRF token', async () => {
    const response = await fetch(`${rl.url}/ui/admin/receivers/good/test`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie: admin }, body: '' });
    expect(response.status).toBe(403);
    expect(endpoint.requests).toHaveLength(1);
  });
});
