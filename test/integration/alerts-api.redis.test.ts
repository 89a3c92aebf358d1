// The alerts API: viewers read alerts, deliveries, dead letters and routes; approvers and
// admins create and expire silences; secrets never appear in a reply; tenants stay apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlert, buildAttempt } from '../helpers/alert-builder.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
const ROUTING_KEY = 'api-test-routing-key-secret';
const WEBHOOK_SECRET = 'api-test-webhook-secret';

beforeAll(async () => {
  rl = await startTestRuntime(
    {
      alerts: {
        receivers: [
          { name: 'oncall', pagerduty: { routingKey: ROUTING_KEY } },
          { name: 'chat', webhook: { url: 'https://hooks.example.com/T0/secret-path-token', secret: WEBHOOK_SECRET } },
        ],
        route: { routes: [{ match: { severity: 'critical' }, receivers: ['oncall'] }], receivers: ['chat'] },
        maintenance: [{ environment: 'staging', from: '2026-12-24T00:00:00Z', until: '2026-12-27T00:00:00Z', comment: 'holidays' }],
      },
    },
    ['ingest'],
  );
});
afterAll(() => rl?.close());

async function call(method: string, path: string, role: 'viewer' | 'approver' | 'admin' | 'ingest' = 'viewer', body?: unknown, tenant = 'acme') {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await rl.token(role, tenant)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any, text: '' };
}

describe('alerts API', () => {
  it('lists alerts newest first, filters them, and shows one with its deliveries', async () => {
    const old = buildAlert({ node: 'api-db01', state: 'resolved', startsAt: '2026-11-30T00:00:00.000Z' });
    const recent = buildAlert({ node: 'api-web01', startsAt: '2026-12-01T08:00:00.000Z' });
    for (const a of [old, recent, buildAlert({ tenant: 'globex', node: 'api-web01' })]) await rl.runtime.store.alerts.put(a);
    await rl.runtime.store.deliveries.record(buildAttempt({ alertId: recent.id, receiver: 'oncall' }));

    const listed = await call('GET', '/api/v1/alerts?limit=10&since=2026-11-29T00:00:00Z');
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([recent.id, old.id]);
    expect((await call('GET', '/api/v1/alerts?state=resolved')).body.items.map((a: { id: string }) => a.id)).toEqual([old.id]);
    const one = await call('GET', `/api/v1/alerts/${recent.id}`);
    expect(one.body).toMatchObject({ id: recent.id, node: 'api-web01', deliveries: [{ receiver: 'oncall', outcome: 'delivered', latencyMs: 12 }] });
    expect(await call('GET', `/api/v1/alerts/${recent.id}`, 'viewer', undefined, 'globex')).toMatchObject({ status: 404, body: { code: 'RL_NOT_FOUND' } });
    expect(await call('GET', '/api/v1/alerts?state=open')).toMatchObject({ status: 400, body: { code: 'RL_BAD_REQUEST' } });
  });

  it('shows dead letters and delivery attempts by receiver', async () => {
    await rl.runtime.store.deliveries.record(buildAttempt({ receiver: 'chat', outcome: 'rejected', reason: 'client', httpStatus: 400 }));
    await rl.runtime.store.deliveries.deadLetter({ id: 'dl_api', tenant: 'acme', deliveryId: 'd_x', receiver: 'chat', dedupKey: 'k', at: '2026-12-01T09:00:00.000Z', attempts: 1, reason: 'client', detail: 'HTTP 400' });
    expect((await call('GET', '/api/v1/deliveries?receiver=chat')).body.items.map((a: { outcome: string }) => a.outcome)).toEqual(['rejected']);
    expect((await call('GET', '/api/v1/deliveries/dead-letters')).body.items.map((l: { id: string }) => l.id)).toEqual(['dl_api']);
  });

  it('shows the routes and receivers from config without any secret', async () => {
    const routes = await call('GET', '/api/v1/alert-routes');
    expect(routes.body.receivers).toEqual([{ name: 'oncall', kind: 'pagerduty' }, { name: 'chat', kind: 'webhook' }]);
    expect(routes.body.route.routes[0]).toMatchObject({ match: { severity: 'critical' }, receivers: ['oncall'] });
    expect(routes.body.maintenance).toEqual([{ environment: 'staging', from: '2026-12-24T00:00:00Z', until: '2026-12-27T00:00:00Z', comment: 'holidays' }]);
    const text = JSON.stringify(routes.body);
    for (const secret of [ROUTING_KEY, WEBHOOK_SECRET, 'secret-path-token']) expect(text).not.toContain(secret);
  });
});

describe('silences API', () => {
  const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const body = { matchers: [{ label: 'node', value: 'db01' }], endsAt, comment: 'CHG-42 disk swap' };

  it.each([
    { name: 'refuses viewers', role: 'viewer' as const, status: 403, code: 'RL_AUTH_FORBIDDEN' },
    { name: 'refuses ingest tokens', role: 'ingest' as const, status: 403, code: 'RL_AUTH_FORBIDDEN' },
  ])('$name', async ({ role, status, code }) => {
    expect(await call('POST', '/api/v1/silences', role, body)).toMatchObject({ status, body: { code } });
  });

  it('lets an approver create one, attributed to the token and audited, then expire it', async () => {
    const created = await call('POST', '/api/v1/silences', 'approver', body);
    expect(created).toMatchObject({ status: 201, body: { tenant: 'acme', matchers: body.matchers, endsAt, createdBy: 'test approver', comment: 'CHG-42 disk swap' } });
    const id = created.body.id as string;
    expect((await call('GET', '/api/v1/silences?active=true')).body.items.map((s: { id: string }) => s.id)).toContain(id);
    const audit = await rl.runtime.store.audit.list({ tenant: 'acme', action: 'silence.create' }, { limit: 1 });
    expect(audit.items[0]).toMatchObject({ action: 'silence.create', target: id, outcome: 'success' });

    const expired = await call('POST', `/api/v1/silences/${id}/expire`, 'admin');
    expect(expired.status).toBe(200);
    expect(Date.parse(expired.body.endsAt)).toBeLessThanOrEqual(Date.now());
    expect((await call('GET', '/api/v1/silences?active=true')).body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(await call('POST', `/api/v1/silences/${id}/expire`, 'admin')).toMatchObject({ status: 409, body: { code: 'RL_SILENCE_EXPIRED' } });
    expect(await call('POST', `/api/v1/silences/${id}/expire`, 'admin', undefined, 'globex')).toMatchObject({ status: 404, body: { code: 'RL_NOT_FOUND' } });
  });

  it.each([
    { name: 'refuses a silence that already ended', input: { ...body, endsAt: '2020-01-01T00:00:00Z' }, code: 'RL_SILENCE_INVALID' },
    { name: 'refuses a silence longer than a year', input: { ...body, endsAt: '2999-01-01T00:00:00Z' }, code: 'RL_SILENCE_INVALID' },
    { name: 'refuses a silence without matchers', input: { ...body, matchers: [] }, code: 'RL_BAD_REQUEST' },
    { name: 'refuses a tenant in the body', input: { ...body, tenant: 'globex' }, code: 'RL_BAD_REQUEST' },
  ])('$name', async ({ input, code }) => {
    const reply = await call('POST', '/api/v1/silences', 'approver', input);
    expect(reply).toMatchObject({ status: 400, body: { code, requestId: expect.any(String) } });
  });
});
