// The routing tree through the API against a real runtime (HTTP server, workers, Redis) and a
// real local webhook receiver: an admin of the system tenant replaces it over the revision
// read, workers route by it from their next job on, and a reset goes back to config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../sinks/types.ts';
import { type FakeEndpoint, startFakeEndpoint } from '../../sinks/testing/fake-endpoint.ts';
import { alertReporter } from '../helpers/alert-reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rl: TestRuntime;
let service: FakeEndpoint;
let ingestToken: string;

beforeAll(async () => {
  service = await startFakeEndpoint();
  service.respond({ status: 204 });
  const hook = (path: string) => ({ url: `${service.url}${path}`, secret: 'routes-webhook-secret' });
  rl = await startTestRuntime({
    alerts: {
      receivers: [{ name: 'chat', webhook: hook('/chat') }, { name: 'oncall', webhook: hook('/oncall') }],
      route: { receivers: ['chat'] },
    },
  });
  ingestToken = await rl.token('ingest');
});
afterAll(async () => {
  await service?.close();
  await rl?.close();
});

const { report } = alertReporter(() => rl, () => ingestToken);
const SYSTEM = 'default';

async function call(method: string, path: string, options: { role?: 'viewer' | 'approver' | 'admin'; tenant?: string; body?: unknown; ifMatch?: string } = {}) {
  const { role = 'admin', tenant = SYSTEM, body, ifMatch } = options;
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await rl.token(role, tenant)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(ifMatch ? { 'if-match': ifMatch } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as any };
}

const toOncall = {
  route: { receivers: ['chat'], routes: [{ match: { kind: 'run_failed', environment: 'production' }, receivers: ['oncall'] }] },
  inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['node'] }],
};
const receivedBy = (path: string, node: string) => service.requests.filter((r) => r.path === path && (JSON.parse(r.body) as Notification).node === node);

describe('routing tree through the API', () => {
  it('shows the configured tree at revision 0 until one is written', async () => {
    const shown = await call('GET', '/api/v1/alert-routes', { role: 'viewer', tenant: 'acme' });
    expect(shown).toMatchObject({ status: 200, etag: '"0"', body: { source: 'config', revision: 0, route: { receivers: ['chat'], routes: [] }, inhibitRules: [] } });
    expect(shown.body.changedAt).toBeUndefined();
  });

  it.each([
    { name: 'refuses a viewer', role: 'viewer' as const, tenant: SYSTEM, status: 403, code: 'RL_AUTH_FORBIDDEN' },
    { name: 'refuses an approver', role: 'approver' as const, tenant: SYSTEM, status: 403, code: 'RL_AUTH_FORBIDDEN' },
    { name: "refuses another tenant's admin: the tree routes every tenant's alerts", role: 'admin' as const, tenant: 'acme', status: 403, code: 'RL_ROUTES_FORBIDDEN' },
  ])('$name', async ({ role, tenant, status, code }) => {
    expect(await call('PUT', '/api/v1/alert-routes', { role, tenant, body: toOncall })).toMatchObject({ status, body: { code } });
    expect(await call('DELETE', '/api/v1/alert-routes', { role, tenant })).toMatchObject({ status, body: { code } });
  });

  it.each([
    { name: 'names the route whose receiver does not exist', body: { route: { routes: [{ match: { kind: 'run_failed' }, receivers: ['chat'] }, { receivers: ['nobody'] }] } }, message: /body\.route\.routes\.1\.receivers: unknown receiver 'nobody'/ },
    { name: 'names a nested route too', body: { route: { routes: [{ receivers: ['chat'], routes: [{ receivers: ['pager'] }] }] } }, message: /body\.route\.routes\.0\.routes\.0\.receivers: unknown receiver 'pager'/ },
    { name: 'refuses a key the YAML route does not have', body: { route: { receivers: ['chat'], reciever: 'x' } }, message: /reciever/ },
    { name: 'names an inhibit rule without source labels', body: { route: {}, inhibitRules: [{ source: {}, target: { kind: 'run_failed' } }] }, message: /body\.inhibitRules\.0\.source: name at least one label/ },
    { name: 'refuses a repeat interval under a minute, as config does', body: { route: { repeatIntervalMs: 10 } }, message: /body\.route\.repeatIntervalMs/ },
  ])('$name', async ({ body, message }) => {
    const refused = await call('PUT', '/api/v1/alert-routes', { body });
    expect(refused).toMatchObject({ status: 400, body: { code: 'RL_BAD_REQUEST' } });
    expect(refused.body.message).toMatch(message);
    expect((await call('GET', '/api/v1/alert-routes')).body.revision).toBe(0);
  });

  it('replaces the tree over the revision read, refuses a stale If-Match with 412, routes by it, audits before and after', async () => {
    await report('rt01', 'failure');
    await rl.eventually(async () => receivedBy('/chat', 'rt01').length === 1);

    const written = await call('PUT', '/api/v1/alert-routes', { body: toOncall, ifMatch: '"0"' });
    expect(written).toMatchObject({ status: 200, etag: '"1"', body: { source: 'api', revision: 1, changedBy: { name: 'test admin' }, route: { routes: [{ match: { kind: 'run_failed', environment: 'production' }, receivers: ['oncall'], continue: false, routes: [] }] }, inhibitRules: toOncall.inhibitRules } });
    expect(Date.parse(written.body.changedAt)).toBeLessThanOrEqual(Date.now());
    expect(await call('PUT', '/api/v1/alert-routes', { body: toOncall, ifMatch: '"0"' })).toMatchObject({ status: 412, body: { code: 'RL_ROUTES_CONFLICT', message: expect.stringMatching(/revision 1, not 0/) } });
    expect(await call('PUT', '/api/v1/alert-routes', { body: toOncall, ifMatch: 'yesterday' })).toMatchObject({ status: 400, body: { code: 'RL_BAD_REQUEST' } });

    await report('rt02', 'failure');
    const paged = await rl.eventually(async () => receivedBy('/oncall', 'rt02')[0]);
    expect(JSON.parse(paged.body)).toMatchObject({ status: 'firing', kind: 'run_failed', node: 'rt02' });
    expect(receivedBy('/chat', 'rt02')).toEqual([]);

    const [entry] = (await rl.runtime.store.audit.list({ tenant: SYSTEM, action: 'alert-routes.replace' }, { limit: 1 })).items;
    expect(entry).toMatchObject({ outcome: 'success', target: 'alert-routes@1', details: { actorName: 'test admin', before: { source: 'config', revision: 0, routing: { route: { receivers: ['chat'] } } }, after: { source: 'api', revision: 1, routing: toOncall } } });
    expect(entry!.details!.before).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((entry!.details!.before as { hash: string }).hash).not.toBe((entry!.details!.after as { hash: string }).hash);
  });

  it('goes back to the configured tree on DELETE, at a new revision, and workers follow', async () => {
    const current = await call('GET', '/api/v1/alert-routes');
    expect(current.body.source).toBe('api');
    const reset = await call('DELETE', '/api/v1/alert-routes', { ifMatch: current.etag! });
    expect(reset).toMatchObject({ status: 200, etag: `"${current.body.revision + 1}"`, body: { source: 'config', revision: current.body.revision + 1, route: { receivers: ['chat'], routes: [] } } });
    expect((await rl.runtime.store.audit.list({ tenant: SYSTEM, action: 'alert-routes.reset' }, { limit: 1 })).items[0]).toMatchObject({ details: { before: { source: 'api' }, after: { source: 'config' } } });
    // Nothing stored any more: a second reset changes nothing and is not audited.
    expect((await call('DELETE', '/api/v1/alert-routes')).body.revision).toBe(current.body.revision + 1);
    expect((await rl.runtime.store.audit.list({ tenant: SYSTEM, action: 'alert-routes.reset' }, { limit: 5 })).items).toHaveLength(1);

    await report('rt03', 'failure');
    await rl.eventually(async () => receivedBy('/chat', 'rt03').length === 1);
    expect(receivedBy('/oncall', 'rt03')).toEqual([]);
  });

  it('lists PUT and DELETE in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${rl.url}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/alert-routes']!).sort()).toEqual(['delete', 'get', 'put']);
  });
});
